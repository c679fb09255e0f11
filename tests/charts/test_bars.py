"""Ranking bars, top/bottom bars and stacked task-status bars, built from small hand-made frames."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.bars import (WORST_COLOR, ranking_bars, short_value, status_bars, top_bottom_bars,
                         worst_codes)
from metrics import catalog

ON_TIME = catalog.get("dossier_on_time_rate")
OVERDUE = catalog.get("task_overdue_rate")
SENT = catalog.get("documents_sent")


def ranking(values: dict[str, float], higher_is_better: bool = True) -> pd.DataFrame:
    """A ranking frame as `rank_agencies` returns it (competition ranks, no-data unranked)."""
    df = pd.DataFrame({"agency": list(values), "value": list(values.values())})
    df["name_vi"] = "Tỉnh " + df["agency"]
    df["name_en"] = "Province " + df["agency"]
    df["rank"] = df["value"].rank(method="min", ascending=not higher_is_better).astype("Int64")
    return df


EIGHT = ranking({"A": 99.5, "B": 98.26, "C": 97.0, "D": 96.0, "E": 95.83, "F": 94.0, "G": 90.0, "H": float("nan")})


def bar_traces(fig: go.Figure) -> list[go.Bar]:
    return [t for t in fig.data if t.type == "bar"]


def labels_and_colors(fig: go.Figure) -> dict[str, str]:
    out = {}
    for tr in bar_traces(fig):
        for y in tr.y:
            out[y] = tr.marker.color
    return out


def test_worst_five_are_the_five_lowest_ranks():
    assert worst_codes(EIGHT, 5) == {"C", "D", "E", "F", "G"}  # H has no data: not ranked, not "worst"


def test_worst_includes_ties_at_the_edge():
    tied = ranking({"A": 99.0, "B": 98.0, "C": 98.0, "D": 97.0})  # ranks 1, 2, 2, 4
    assert worst_codes(tied, 2) == {"B", "C", "D"}  # the 2nd-worst rank is shared by B and C
    assert worst_codes(tied, 0) == set()


def test_ranking_bars_highlight_the_worst_five_in_red_and_write_values_the_vietnamese_way():
    fig = ranking_bars(ON_TIME, EIGHT, "vi", title="Tỷ lệ hồ sơ giải quyết đúng hạn", subtitle="Xếp hạng · 10/2020")
    colors = labels_and_colors(fig)
    assert colors["1. Tỉnh A"] != WORST_COLOR and colors["2. Tỉnh B"] != WORST_COLOR
    assert [lab for lab, c in colors.items() if c == WORST_COLOR] == [
        "3. Tỉnh C", "4. Tỉnh D", "5. Tỉnh E", "6. Tỉnh F", "7. Tỉnh G"]
    texts = [x for tr in bar_traces(fig) for x in tr.text]
    assert "95,8%" in texts and "98,3%" in texts  # 95.83 → 95,8% ; 98.26 → 98,3%
    assert fig.layout.title.text == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert "10/2020" in fig.layout.title.subtitle.text
    assert fig.layout.xaxis.title.text == "Tỷ lệ (%)"
    assert fig.layout.yaxis.title.text == "Đơn vị"
    # Rank 1 on top: the category order is the rank order, drawn top-down.
    assert list(fig.layout.yaxis.categoryarray)[:2] == ["1. Tỉnh A", "2. Tỉnh B"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_an_agency_without_data_is_labelled_not_drawn_as_zero():
    fig = ranking_bars(ON_TIME, EIGHT, "vi", title="t")
    drawn = [y for tr in bar_traces(fig) for y in tr.y]
    assert not any(y.endswith("Tỉnh H") for y in drawn)
    na = [tr for tr in fig.data if tr.type == "scatter"]
    assert len(na) == 1 and list(na[0].text) == ["Không có số liệu"] and na[0].y[0].endswith("Tỉnh H")
    assert list(fig.layout.yaxis.categoryarray)[-1].endswith("Tỉnh H")  # listed last


def test_english_labels_and_number_format():
    fig = ranking_bars(ON_TIME, EIGHT, "en", title="On-time dossier rate")
    texts = [x for tr in bar_traces(fig) for x in tr.text]
    assert "95.8%" in texts
    assert "1. Province A" in labels_and_colors(fig)
    assert fig.layout.separators == ".,"
    assert [tr for tr in fig.data if tr.type == "scatter"][0].text[0] == "N/A"


def test_reference_line_is_named_in_the_subtitle():
    fig = ranking_bars(ON_TIME, EIGHT, "vi", title="t", subtitle="s", reference=95.8, reference_label="Toàn quốc")
    assert fig.layout.shapes[0].x0 == 95.8
    assert "Toàn quốc: 95,8%" in fig.layout.title.subtitle.text


def test_focus_agency_is_marked():
    fig = ranking_bars(ON_TIME, EIGHT, "vi", title="t", focus="B")
    assert "<b>▶ 2. Tỉnh B</b>" in labels_and_colors(fig)


def test_lower_is_better_metric_highlights_the_highest_values():
    df = ranking({"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 5.0, "F": 6.0, "G": 7.0}, higher_is_better=False)
    colors = labels_and_colors(ranking_bars(OVERDUE, df, "vi", title="t"))
    assert {lab for lab, c in colors.items() if c == WORST_COLOR} == {
        "3. Tỉnh C", "4. Tỉnh D", "5. Tỉnh E", "6. Tỉnh F", "7. Tỉnh G"}


def test_count_values_use_thousands_dots():
    assert short_value(SENT, 68257, "vi") == "68.257"
    assert short_value(SENT, 68257, "en") == "68,257"
    assert short_value(SENT, float("nan"), "vi") == "Không có số liệu"


def test_top_bottom_bars_split_highest_and_lowest():
    values = pd.DataFrame({"agency": list("ABCDE"), "name_vi": list("ABCDE"), "name_en": list("ABCDE"),
                           "value": [1435.0, 203553.0, 68257.0, 12.0, float("nan")]})
    fig = top_bottom_bars(SENT, values, "vi", title="Văn bản gửi", subtitle="Toàn quốc · 2019", n=2)
    top, bottom = bar_traces(fig)
    assert list(top.y) == ["B", "C"] and list(top.text) == ["203.553", "68.257"]
    assert list(bottom.y) == ["D", "A"] and list(bottom.text) == ["12", "1.435"]  # lowest first
    assert "E" not in list(top.y) + list(bottom.y)  # no data: in neither list
    assert fig.layout.xaxis.title.text == "Văn bản"


def status_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "agency": ["BTP", "BYT", "BQP"], "name_vi": ["Bộ Tư pháp", "Bộ Y tế", "Bộ Quốc phòng"],
        "name_en": ["Ministry of Justice", "Ministry of Health", "Ministry of National Defence"],
        "done_on_time": [2, 0, 0], "done_late": [1, 0, 0], "in_progress": [1, 1, 0], "overdue": [1, 1, 0],
        "assigned": [5, 2, 0], "overdue_rate": [20.0, 50.0, math.nan]})


def test_status_bars_stack_the_four_statuses_highest_overdue_rate_on_top():
    fig = status_bars(status_frame(), "vi", title="Nhiệm vụ theo tình trạng", subtitle="Các bộ · Năm 2019")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                                           "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành"]
    assert list(fig.layout.yaxis.categoryarray) == ["Bộ Y tế", "Bộ Tư pháp", "Bộ Quốc phòng"]
    overdue = fig.data[3]
    assert list(overdue.x) == [1, 1, 0]
    assert list(overdue.text) == ["1", "1", ""]  # nothing printed on an empty segment
    assert fig.layout.xaxis.title.text == "Số nhiệm vụ"


def test_status_bars_in_english():
    fig = status_bars(status_frame(), "en", title="Tasks by status")
    assert [tr.name for tr in fig.data] == ["Done on time", "Done late",
                                           "In progress, within deadline", "Overdue, unfinished"]
    assert list(fig.layout.yaxis.categoryarray)[0] == "Ministry of Health"


@pytest.mark.parametrize("n", [1, 34, 63])
def test_height_grows_with_the_number_of_agencies(n):
    df = ranking({f"{i:02d}": 90.0 + i / 10 for i in range(n)})
    fig = ranking_bars(ON_TIME, df, "vi", title="t")
    assert fig.layout.height >= 24 * n
