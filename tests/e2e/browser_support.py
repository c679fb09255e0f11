"""Serving the app and driving it in the browser: start `streamlit run` (or any server) on a free
port and wait until it is healthy; open a page, wait until it is drawn, check it has no error, take a
full-page picture. Import from here (`from browser_support import ...`); fixtures are in conftest."""
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
HEALTH_TIMEOUT_S = 90
VIEWPORT = {"width": 1600, "height": 2600}  # tall: Streamlit scrolls inside its own container
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

LOAD_TIMEOUT_MS = 120_000  # a first, cold load computes every cached query (slower on PostgreSQL)
MAX_SHOT_HEIGHT = 12_000

# True once lazily loaded elements are drawn: no skeleton placeholder left, and every visible
# plotly chart has its SVG, every visible map and table its canvas (tables in a closed tab or
# expander are drawn when opened).
DRAWN_JS = """() => {
  const shown = sel => [...document.querySelectorAll(sel)]
    .filter(e => e.offsetParent !== null && !e.closest('details:not([open])'));
  return shown("[data-testid='stSkeleton']").length === 0
    && shown("[data-testid='stPlotlyChart']").every(e => e.querySelector('.main-svg'))
    && shown("[data-testid='stDeckGlJsonChart']").every(e => e.querySelector('canvas'))
    && shown("[data-testid='stDataFrame']").every(e => e.querySelector('canvas'));
}"""


def settle(page, idle, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Wait (bounded) until the script run is over and its content is drawn."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stMetric'], [data-testid='stException']",
                           timeout=timeout_ms)
    idle(page, timeout_ms / 1000)
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


def open_page(page, idle, server: str, path: str) -> None:
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    settle(page, idle)


def assert_no_error(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    body = page.locator("body").inner_text()
    assert "Traceback" not in body, body[body.index("Traceback"):][:2000]
    assert "Page not found" not in body, f"{page.url}: Streamlit says 'Page not found'"


def url_path(slug: str, query: str = "") -> str:
    path = "" if slug == "overview" else slug
    return f"{path}?{query}" if query else path


def plotly_charts(page, at_least: int):
    """The page's visible plotly charts, once at least `at_least` of them have drawn their SVG."""
    page.wait_for_function(
        "n => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
        ".filter(c => c.offsetParent !== null && c.querySelector('.main-svg')).length >= n",
        arg=at_least, timeout=60_000)
    charts = page.locator("[data-testid='stPlotlyChart']").filter(visible=True)
    assert charts.count() >= at_least
    return charts


def screenshot(page, path: Path) -> None:
    """Full-page picture: Streamlit scrolls inside its own container, so grow the viewport to fit it."""
    height = page.evaluate(
        "() => { const m = document.querySelector(\"[data-testid='stMain']\");"
        " return m ? m.scrollHeight : document.body.scrollHeight; }")
    size = page.viewport_size
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height + 40, MAX_SHOT_HEIGHT)})
        page.wait_for_timeout(800)  # plotly and deck.gl redraw at the new size
    page.screenshot(path=str(path), full_page=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
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


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server this process started; kill it if it has not exited within 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@contextmanager
def serving(cmd: list[str], health_url: str, log_name: str, env: dict | None = None,
            timeout_s: float = HEALTH_TIMEOUT_S, ready=None):
    """Run `cmd` from the repository root (output to test-output/<log_name>) until `health_url`
    answers 200 (and `ready()` is true); yield the process; terminate it (then kill) on exit."""
    log_path = ROOT / "test-output" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout_s
            while not (healthy(health_url) and (ready is None or ready())):
                if proc.poll() is not None:
                    pytest.fail(f"{cmd[0]} exited with {proc.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    pytest.fail(f"{cmd[0]} not serving after {timeout_s:.0f} s; see {log_path}")
                time.sleep(0.5)
            yield proc
        finally:
            stop(proc)


@contextmanager
def streamlit_server(database_url: str, log_name: str = "e2e-streamlit.log", *, port: int | None = None,
                     host: str = "127.0.0.1", args: tuple[str, ...] = ()):
    """`streamlit run app.py` on 127.0.0.1 (a free port unless given) over that database, with extra
    command-line `args` (e.g. `--secrets.files`). Yields the base URL, spelled with `host`."""
    port = port or free_port()
    # No file watcher: the tree may be edited while the suite runs, and a watcher would only add
    # work and "source changed" notices.
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *args]
    with serving(cmd, f"http://127.0.0.1:{port}/_stcore/health", log_name, env={"DATABASE_URL": database_url}):
        yield f"http://{host}:{port}"
