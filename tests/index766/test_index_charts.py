"""Figures of the index: criteria with points earned and lost, groups against their maximum."""
from __future__ import annotations

import pandas as pd
import pytest
from index_rows import inputs

from charts.index766 import criteria_figure, groups_figure
from metrics import official_index as oi
from metrics.index_view import group_points


@pytest.fixture
def ranking():
    frame = pd.DataFrame([inputs("19", "2025-08", dossiers_with_fee=1000, dossiers_paid_online=400)])
    out = oi.score(frame.rename(columns={"agency_code": "agency"}))
    out["rank"], out["of"] = 1, 1
    return out


def test_criteria_figure_puts_the_largest_loss_on_top(ranking):
    fig = criteria_figure(oi.breakdown(ranking, "19"), "vi", title="Thái Nguyên · 08/2025")
    earned, lost = fig.data
    assert earned.name == "Điểm đạt" and lost.name == "Điểm bị mất"
    # the last category is drawn on top: the criterion that lost the most (6 − 2,4 = 3,6)
    assert earned.y[-1] == "Tỷ lệ hồ sơ thanh toán trực tuyến *"  # * marks a fitted rule
    # as shares of the maximum: 2,4/6 = 40% earned, 60% lost; the points are printed
    assert earned.x[-1] == pytest.approx(40.0) and lost.x[-1] == pytest.approx(60.0)
    assert earned.text[-1] == "2,40/6" and lost.text[-1] == "−3,60"
    assert len(earned.y) == 21 and fig.layout.barmode == "stack"


def test_groups_figure_against_each_maximum(ranking):
    fig = groups_figure(group_points(ranking, "19"), "en", title="Groups")
    earned, lost = fig.data
    payment = list(earned.y).index("Online payment (/10)")
    assert earned.x[payment] == pytest.approx(6.4) and lost.x[payment] == pytest.approx(3.6)
    assert earned.y[-1] == "Transparency (/18)"  # model order, first group on top
    assert fig.layout.separators == ".,"  # English number signs on the axis: 6.4, not 6,4
    assert criteria_figure(oi.breakdown(ranking, "19"), "en", title="t").layout.separators == ".,"
    assert criteria_figure(oi.breakdown(ranking, "19"), "vi", title="t").layout.separators == ",."
