"""Browser fixtures: the real app served by `streamlit run` on the demo database, and one Debian
Chromium driven by Playwright, both shared by the whole session.

Never downloads a browser: Playwright only drives /usr/bin/chromium. When Chromium or Playwright
is missing the tests skip (or fail under REQUIRE_REAL_SERVICES=1, as in CI).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import CHROMIUM_ARGS, VIEWPORT, streamlit_server, wait_idle

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"


def pytest_configure(config):
    # pytest.ini registers the marker too; registering twice is harmless.
    config.addinivalue_line("markers", "e2e: drives the real app in a real browser (slow)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def require_or_skip(config, reason: str) -> None:
    """The suite's own `require_or_skip` from tests/conftest.py (a plain import would find this
    conftest or another one: pytest imports every conftest as the module `conftest`)."""
    root = str(ROOT / "tests" / "conftest.py")
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) == root:
            return plugin.require_or_skip(reason)
    raise RuntimeError("tests/conftest.py is not loaded")


@pytest.fixture(scope="session")
def idle():
    """`idle(tab, timeout_s)`: wait until no script run is in flight."""
    return wait_idle


@pytest.fixture(scope="session")
def server(demo_url, browser):
    """Base URL of the app on the demo database, shared by the session.

    The root URL is opened once first, so the caches the pages share are filled, and the first
    visit of a fresh server (see test_deep_link_on_a_fresh_server) is not any page test's."""
    with streamlit_server(demo_url) as base:
        context = browser.new_context(viewport=VIEWPORT)
        tab = context.new_page()
        tab.goto(base + "/", wait_until="domcontentloaded")
        tab.wait_for_selector("[data-testid='stMetric'], [data-testid='stException']", timeout=180_000)
        wait_idle(tab, 180)
        context.close()
        yield base


@pytest.fixture
def require(pytestconfig):
    """`require(reason)`: skip, or fail under REQUIRE_REAL_SERVICES=1."""
    return lambda reason: require_or_skip(pytestconfig, reason)


@pytest.fixture
def fresh_server(demo_url):
    """A server of its own, never visited: for what happens on the very first request."""
    with streamlit_server(demo_url, "e2e-streamlit-fresh.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser(pytestconfig):
    """One headless Debian Chromium for the session."""
    if not CHROMIUM.exists():
        require_or_skip(pytestconfig, f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip(pytestconfig, "playwright is not importable (pip install playwright; never `playwright install`)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh tab (own session state) with a tall viewport; closed after the test."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
