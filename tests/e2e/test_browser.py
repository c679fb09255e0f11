"""The real app in a real browser: every page renders without an exception, charts and the map are
drawn, the footer labels demo data, language and meeting mode switch, and a ranking row opens the
agency's scorecard. Full-page screenshots go to test-output/screenshots/ for a human look."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_MS = 120_000  # a first, cold load computes every cached query (slower on PostgreSQL)
MAX_SHOT_HEIGHT = 12_000

# (slug, query string): each page at the latest month, the scorecard for Lâm Đồng (68).
PAGES = [
    ("overview", ""),
    ("dossiers", ""),
    ("documents", ""),
    ("services", ""),
    ("tasks", ""),
    ("rankings", ""),
    ("scorecard", "agency=68"),
]
KPI_PAGES = {"dossiers", "documents", "services", "tasks"}
DEMO_LABEL = "Dữ liệu minh họa"


def _require_page_file(slug: str) -> None:
    if not (ROOT / "pages" / f"{slug}.py").exists():
        pytest.skip(f"pages/{slug}.py is not written yet")


def settle(page, idle, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Wait (bounded) until the page's content is on screen and the script run is over."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stMetric'], [data-testid='stException']",
                           timeout=timeout_ms)
    idle(page, timeout_ms / 1000)


def open_page(page, idle, server: str, path: str) -> None:
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    settle(page, idle)


def assert_no_error(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    body = page.locator("body").inner_text()
    assert "Traceback" not in body, body[body.index("Traceback"):][:2000]


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


@pytest.mark.parametrize("slug,query", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_with_charts_footer_and_screenshot(page, idle, server, screenshots, slug, query):
    _require_page_file(slug)
    open_page(page, idle, server, f"{slug}?{query}" if query else slug)
    # not bounced to another page (the overview is the default page, served at /)
    assert re.search(rf"/{'' if slug == 'overview' else slug}(\?|$)", page.url), page.url
    assert_no_error(page)

    if slug == "overview":
        deck = page.locator("[data-testid='stDeckGlJsonChart']")
        deck.first.wait_for(timeout=60_000)
        deck.first.locator("canvas").first.wait_for(timeout=60_000)
        drawn = plotly_charts(page, 4)
    elif slug in KPI_PAGES:
        drawn = plotly_charts(page, 1)
    else:
        drawn = plotly_charts(page, 0)
    for i in range(drawn.count()):  # charts in a tab not shown are drawn when the tab opens
        assert drawn.nth(i).locator(".main-svg").count() >= 1, f"{slug}: plotly chart {i} has no SVG"

    footer = page.locator("[data-testid='stCaptionContainer']", has_text="Nguồn:")
    assert footer.count() >= 1, f"{slug}: no footer caption"
    assert DEMO_LABEL in footer.last.inner_text()
    screenshot(page, screenshots / f"{slug}.png")


def test_english_switch_shows_english_titles(page, idle, server, screenshots):
    open_page(page, idle, server, "overview?lang=en&pk=year&to=2020-12")
    assert_no_error(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Overview"
    assert "Illustrative demo data" in page.locator("[data-testid='stMain']").inner_text()
    screenshot(page, screenshots / "overview-en.png")


def test_meeting_mode_has_no_sidebar(page, idle, server, screenshots):
    open_page(page, idle, server, "?mode=meeting&pk=year&to=2020-12")
    assert_no_error(page)
    assert page.locator("[data-testid='stMetric']").count() >= 1
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stSidebarCollapsedControl']").is_visible()
    screenshot(page, screenshots / "meeting.png")


def test_ranking_row_opens_the_agency_scorecard(page, idle, server, demo_engine):
    _require_page_file("rankings")
    _require_page_file("scorecard")
    open_page(page, idle, server, "rankings?pk=year&to=2020-12")
    assert_no_error(page)

    keyed = page.locator(".st-key-rank_table [data-testid='stDataFrame']")
    grid = keyed.first if keyed.count() else page.locator("[data-testid='stDataFrame']").filter(visible=True).first
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    # The table lists the ranking frame in order; its first row is the one the page would open.
    from metrics.periods import Period
    from metrics.ranking import rank_agencies
    from metrics.scorecard import rankable_metrics, ranked_period
    metric = rankable_metrics("province")[0]
    ranking = rank_agencies(demo_engine, metric, "province", ranked_period(metric, Period.year(2020)), "auto", None)
    expected = ranking.iloc[0]["agency"]
    box = grid.bounding_box()
    assert box, "ranking table has no box"
    row_h = 35  # st.dataframe's header and row height
    # Single-row selection: the tick box sits at the left edge of each row; tick the first row.
    page.mouse.click(box["x"] + 16, box["y"] + row_h + row_h / 2)
    page.wait_for_url(re.compile(r"/scorecard\?"), timeout=60_000)
    settle(page, idle)
    assert_no_error(page)

    code = re.search(r"[?&]agency=([^&]+)", page.url).group(1)
    from data.agencies import agency_rows
    name = next(r["name_vi"] for r in agency_rows() if r["code"] == code and r["set_id"] == "63")
    assert code == expected, f"opened {code}, the first ranking row is {expected}"
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert name in shown, f"scorecard of {code} does not name {name!r}"


@pytest.mark.xfail(strict=True, reason=(
    "Streamlit treats the `pages/` folder beside app.py as a legacy (v1) multipage app until some run "
    "has called st.navigation: the first visit of a fresh server on /overview runs pages/overview.py "
    "without app.py (KeyError '_ctx'). Fix: rename the folder (e.g. views/); then drop this marker."))
def test_deep_link_on_a_fresh_server(browser, idle, fresh_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    try:
        tab = context.new_page()
        open_page(tab, idle, fresh_server, "overview?pk=year&to=2020-12")
        assert_no_error(tab)
        assert tab.locator("[data-testid='stMetric']").count() >= 1
    finally:
        context.close()
