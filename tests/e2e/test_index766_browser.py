"""Chỉ số 766 in a real browser on the demo data: the ranking with its map, an agency's breakdown,
and a what-if typed into the scorecard. Screenshots go to test-output/screenshots/ for a human look."""
from __future__ import annotations

import pytest

from browser_support import assert_no_error, open_page, plotly_charts, screenshot, settle

pytestmark = pytest.mark.e2e

AUG_2025 = "pk=month&to=2025-08"


def test_ranking_on_the_official_index_with_its_map(page, idle, server, screenshots):
    open_page(page, idle, server, f"rankings?{AUG_2025}")
    assert_no_error(page)
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "Chỉ số 766 · Bảng xếp hạng 08/2025" in text
    assert "Quyết định 766/QĐ-TTg" in text
    grid = page.locator(".st-key-ix_table [data-testid='stDataFrame']")
    grid.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1  # the map is drawn
    screenshot(page, screenshots / "index766_ranking.png")


def test_scorecard_breakdown_and_what_if(page, idle, server, screenshots):
    open_page(page, idle, server, f"scorecard?agency=44&{AUG_2025}")
    assert_no_error(page)
    heading = page.get_by_text("Chỉ số 766 · 08/2025").first
    heading.scroll_into_view_if_needed()
    plotly_charts(page, at_least=3)  # rank trend + the index's groups and criteria
    main = page.locator("[data-testid='stMain']")
    assert "Cách hạng 1 0,41 điểm." in main.inner_text()
    screenshot(page, screenshots / "index766_breakdown.png")

    box = page.get_by_label("Tỷ lệ giả định (%)")
    box.fill("100")
    box.press("Enter")
    settle(page, idle)
    assert_no_error(page)
    result = page.get_by_text("Nếu ", exact=False).filter(has_text="hạng").last
    result.wait_for(timeout=30_000)
    assert "đạt 100,0%" in result.inner_text() and "hạng 1/34" in result.inner_text()
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "index766_what_if.png"), full_page=False,
                    clip=_around(page, result))


def _around(page, locator) -> dict:
    """A clip of the viewport around an element, tall enough to show the what-if inputs above it."""
    box = locator.bounding_box()
    top = max(box["y"] - 260, 0)
    return {"x": 0, "y": top, "width": page.viewport_size["width"], "height": box["height"] + 320}
