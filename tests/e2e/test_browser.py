"""The real app in a real browser: every page renders without an exception, charts and the map are
drawn, the footer labels demo data, language and meeting mode switch, and a ranking row opens the
agency's scorecard. Full-page screenshots go to test-output/screenshots/ for a human look."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import assert_no_error, open_page, plotly_charts, screenshot, settle, url_path

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]

# (slug, query string): every page of the app's page list at the latest month, the scorecard for
# Lâm Đồng (68). The overview is the default page, which Streamlit serves at / (its own navigation
# links there). A page whose module has moved fails here (import) or in `test_page_list`.
from pages.site import PAGES as SITE_PAGES  # noqa: E402

QUERIES = {"scorecard": "agency=68"}
PAGES = [(e.slug, QUERIES.get(e.slug, "")) for e in SITE_PAGES]
KPI_PAGES = {"dossiers", "documents", "services", "tasks"}
DEMO_LABEL = "Dữ liệu minh họa"


def test_page_list():
    """Each listed page is the module pages/<slug>.py, and the browser tests cover them all."""
    import inspect
    for entry in SITE_PAGES:
        assert Path(inspect.getsourcefile(entry.render)) == ROOT / "pages" / f"{entry.slug}.py", entry.slug
    assert {slug for slug, _ in PAGES} == {"overview", *KPI_PAGES, "rankings", "scorecard", "briefing"}


@pytest.mark.parametrize("slug,query", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_with_charts_footer_and_screenshot(page, idle, server, screenshots, slug, query):
    open_page(page, idle, server, url_path(slug, query))
    assert re.search(rf"/{url_path(slug)}(\?|$)", page.url), page.url  # not bounced elsewhere
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
    open_page(page, idle, server, "?lang=en")
    assert_no_error(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Overview"
    assert "Illustrative demo data" in page.locator("[data-testid='stMain']").inner_text()
    screenshot(page, screenshots / "overview-en.png")


def test_meeting_mode_has_no_sidebar(page, idle, server, screenshots):
    open_page(page, idle, server, "?mode=meeting")
    assert_no_error(page)
    assert page.locator("[data-testid='stMetric']").count() >= 1
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stSidebarCollapsedControl']").is_visible()
    screenshot(page, screenshots / "meeting.png")


def test_ranking_row_opens_the_agency_scorecard(page, idle, server, demo_engine):
    # the KPI rankings (the page opens on the official 766 index where its data exist)
    open_page(page, idle, server, "rankings?metric=composite")
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
    shown = dict(re.findall(r"[?&](pk|to)=([^&]+)", page.url))
    assert shown.get("pk") == "month", page.url  # the default view: the latest month
    period = ranked_period(metric, Period.month(shown["to"]))
    ranking = rank_agencies(demo_engine, metric, "province", period, "auto", None)
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
    view = "34" if shown["to"] >= "2025-07" else "63"
    name = next(r["name_vi"] for r in agency_rows() if r["code"] == code and r["set_id"] == view)
    assert code == expected, f"opened {code}, the first ranking row is {expected}"
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert name in shown, f"scorecard of {code} does not name {name!r}"


def test_overview_has_its_own_url(page, idle, server):
    """The default page is served at /; /overview, a natural bookmark, must not say 'Page not found'."""
    open_page(page, idle, server, "overview")
    assert_no_error(page)


def test_deep_link_on_a_fresh_server(browser, idle, fresh_server, screenshots):
    """The very first visit of a new server is a deep link: with the pages in a folder named `pages/`,
    Streamlit's legacy routing runs pages/scorecard.py alone until a navigation is declared; the page
    must still be served whole, filters and all, with no "Page not found"."""
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    try:
        tab = context.new_page()
        open_page(tab, idle, fresh_server, "scorecard?agency=68&pk=year&to=2020-12")
        assert_no_error(tab)
        assert re.search(r"/scorecard\?", tab.url), tab.url
        main = tab.locator("[data-testid='stMain']").inner_text()
        assert "Lâm Đồng" in main and "Năm 2020" in main
        assert tab.locator("section[data-testid='stSidebar'] [data-testid='stSidebarNav']").count() == 1
        screenshot(tab, screenshots / "fresh-deep-link.png")
    finally:
        context.close()


def test_link_values_are_never_markdown(page, idle, server, screenshots):
    """A value from the URL shown in a message is text: no link, no remote image (issue: phishing)."""
    hostile = "**x** [phish](https://evil.example/login) ![img](https://evil.example/p.png)"
    from urllib.parse import quote
    open_page(page, idle, server, f"scorecard?agency={quote(hostile)}&region={quote('[r](https://evil.example/r)')}")
    assert_no_error(page)
    main = page.locator("[data-testid='stMain']")
    assert main.locator("a[href*='evil.example' i]").count() == 0
    assert page.locator("img[src*='evil.example' i]").count() == 0
    text = main.inner_text()
    assert "**X** [PHISH](HTTPS://EVIL.EXAMPLE/LOGIN)" in text  # codes are upper-cased, shown literally
    assert "[r](https://evil.example/r)" in text
    screenshot(page, screenshots / "hostile-link.png")


@pytest.mark.parametrize("query", ["mode=meeting&to=2018-12", "mode=meeting&pk=custom&from=1900-01"])
def test_meeting_mode_reports_a_month_it_cannot_show(page, idle, server, query):
    open_page(page, idle, server, f"?{query}")
    assert_no_error(page)
    notice = page.locator("[data-testid='stAlertContentWarning']")
    assert notice.count() == 1 and "trước tháng đầu tiên có số liệu" in notice.inner_text()
    assert page.locator("[data-testid='stMetric']").count() >= 1
