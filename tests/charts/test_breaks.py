"""Boundary breaks drawn on monthly figures, and stocks before a break marked as former units."""
from __future__ import annotations

import pandas as pd

from charts.breaks import mark_breaks, mark_former_units
from charts.trend import trend_draft
from metrics import catalog
from metrics.boundary_breaks import Break

SERVICES = catalog.get("services_online")


def _trend():
    # Lâm Đồng: three catalogues summed (4.500) before the merger, its own (2.600) after
    return pd.DataFrame({"month": ["2025-06", "2025-07"], "value": [4500.0, 2600.0],
                         "former_units": [True, False], "before_break": [True, False]})


def test_a_break_is_a_labelled_line_at_its_month():
    fig = mark_breaks(trend_draft(SERVICES, _trend(), "vi"), [Break("2025-07", "province")], "vi").figure()
    assert [s.x0 for s in fig.layout.shapes] == ["07/2025"]
    assert [(a.text, a.hovertext) for a in fig.layout.annotations] == [("Tỉnh 63→34", "Hợp nhất tỉnh (63 → 34) từ 07/2025")]
    fig = mark_breaks(trend_draft(SERVICES, _trend(), "en"), [Break("2025-03", "ministry"), Break("2025-07", "province")], "en").figure()
    assert [a.text for a in fig.layout.annotations] == ["Ministries 22→17", "Provinces 63→34"]
    assert fig.layout.annotations[0].hovertext == "Ministries restructured (22 → 17) from 03/2025"
    assert fig.layout.annotations[0].y > fig.layout.annotations[1].y  # staggered, not on top of each other


def test_months_summing_former_units_are_marked():
    fig = mark_former_units(trend_draft(SERVICES, _trend(), "vi"), _trend(), "vi").figure()
    assert list(fig.data[0].marker.symbol) == ["circle-open", "circle"]
    assert list(fig.data[0].text) == ["tổng của các đơn vị cũ", ""]
    assert "%{text}" in fig.data[0].hovertemplate
    # nothing to mark: the figure is left alone
    plain = _trend().assign(former_units=False)
    assert mark_former_units(trend_draft(SERVICES, plain, "vi"), plain, "vi").figure().data[0].marker.symbol is None
