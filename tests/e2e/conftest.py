"""Browser fixtures: the real app served by `streamlit run` on the demo database, and one Debian
Chromium driven by Playwright, both shared by the whole session.

Never downloads a browser: Playwright only drives /usr/bin/chromium. When Chromium or Playwright
is missing the tests skip (or fail under REQUIRE_REAL_SERVICES=1, as in CI).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
HEALTH_TIMEOUT_S = 90
VIEWPORT = {"width": 1600, "height": 2600}  # tall: Streamlit scrolls inside its own container
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


IDLE_APP = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"


def wait_idle(tab, timeout_s: float) -> None:
    """Wait (bounded) until no script run has been in flight for a second.

    The app's own run state (`data-test-script-state` on stApp, as Streamlit's e2e tests use) is
    the signal: with `client.toolbarMode = "minimal"` the header, and the status widget in it,
    is not drawn at all, so the widget's absence alone proves nothing."""
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        busy = (tab.locator(IDLE_APP).count() == 0
                or tab.locator("[data-testid='stStatusWidget']").count() > 0)
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1.0:
            return
        tab.wait_for_timeout(200)
    raise AssertionError(f"{tab.url}: still running after {timeout_s:.0f} s")


@pytest.fixture(scope="session")
def idle():
    """`idle(tab, timeout_s)`: wait until no script run is in flight."""
    return wait_idle


@contextmanager
def streamlit_server(database_url: str, log_name: str = "e2e-streamlit.log"):
    """`streamlit run app.py` on a free port of 127.0.0.1, healthy within 90 s; terminated (then
    killed) on exit. Yields the base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    log_path = ROOT / "test-output" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # No file watcher: the tree may be edited while the suite runs, and a watcher would only add
    # work and "source changed" notices.
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + HEALTH_TIMEOUT_S
            while not _healthy(f"{base}/_stcore/health"):
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited with {proc.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit not healthy after {HEALTH_TIMEOUT_S} s; see {log_path}")
                time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


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
def serve_app():
    """`serve_app(database_url, log_name)`: a context manager serving the app on that database."""
    return streamlit_server


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
