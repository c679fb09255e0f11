"""Driving a page of the app in the browser: open it, wait until it is drawn, check it has no
error, take a full-page picture."""
from __future__ import annotations

from pathlib import Path

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


