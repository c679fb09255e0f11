"""Ranking figures: bars in rank order with values as users read them and N/A left out (and said),
bands for the composite, and the rank trend with rank 1 on top."""
from __future__ import annotations

import pandas as pd

from charts.ranking_chart import BAND_COLORS, rank_trend_figure, ranking_figure


def ranking(values, prev=None):
    """Four provinces; values in %, None = no data. Ranks as rank_agencies gives them."""
    codes, names = ["67", "68", "66", "62"], ["Đắk Nông", "Lâm Đồng", "Đắk Lắk", "Kon Tum"]
    s = pd.Series(values, dtype=float)
    rank = s.round(9).rank(method="min", ascending=False).astype("Int64")
    return pd.DataFrame({"agency": codes, "name_vi": names, "name_en": names, "region": "TN", "value": s,
                         "rank": rank, "of": int(s.notna().sum()), "prev_rank": rank, "rank_change": 0})


def bars(fig):
    return [b for b in fig.data if b.type == "bar"]


def test_bars_in_rank_order_with_vietnamese_values_and_axis_titles():
    fig = ranking_figure(ranking([99.0, 95.84, 95.84, None]), "dossier_on_time_rate", "vi",
                         title="Tỷ lệ hồ sơ giải quyết đúng hạn · 01/2020 · Tây Nguyên")
    assert "01/2020" in fig.layout.title.text
    # ties share rank 2 and are listed by code (66 before 68), as rank_agencies orders them
    assert list(fig.layout.yaxis.categoryarray) == ["1. Đắk Nông", "2. Đắk Lắk", "2. Lâm Đồng"]
    assert fig.layout.yaxis.autorange == "reversed"  # rank 1 on top
    assert fig.layout.xaxis.title.text == "Tỷ lệ hồ sơ giải quyết đúng hạn (%)"
    assert fig.layout.yaxis.title.text.startswith("Đơn vị")
    texts = [tx for b in bars(fig) for tx in b.text]
    assert sorted(texts) == ["95,8%", "95,8%", "99,0%"]
    assert fig.layout.separators == ",."
    drawn = {y for b in bars(fig) for y in b.y}
    assert not any("Kon Tum" in y for y in drawn)  # N/A is not drawn as a zero bar …
    assert "1" in fig.layout.annotations[0].text  # … it is counted in a note


def test_bars_coloured_by_traffic_light_thresholds():
    fig = ranking_figure(ranking([99.0, 92.0, 80.0, None]), "dossier_on_time_rate", "en", title="x")
    colours = {b.marker.color: list(b.y) for b in bars(fig)}
    assert colours["#1a9850"] == ["1. Đắk Nông"] and colours["#d73027"] == ["3. Đắk Lắk"]
    assert fig.layout.xaxis.title.text == "On-time dossier rate (%)"
    assert [b.text[0] for b in bars(fig)][0] == "99.0%"


def test_composite_bars_use_bands_and_highlight_one_agency():
    fig = ranking_figure(ranking([91.0, 75.5, 40.0, 85.0]), "composite", "vi", title="Chỉ số tổng hợp",
                         highlight="68")
    names = {b.name.split(" (")[0]: b for b in bars(fig)}
    assert set(names) == {"Xuất sắc", "Tốt", "Khá", "Yếu"}
    assert names["Khá"].marker.color == BAND_COLORS["kha"]
    assert list(names["Khá"].marker.line.width) == [3]  # Lâm Đồng highlighted
    assert "▶" in names["Khá"].y[0]
    assert names["Xuất sắc"].text[0] == "91,00"
    assert fig.layout.xaxis.title.text == "Điểm (/100)"


def test_rank_trend_has_rank_one_on_top_and_gaps_for_unranked_months():
    history = pd.DataFrame({"month": ["2020-08", "2020-09", "2020-10"], "rank": pd.array([5, None, 2], dtype="Int64"),
                            "of": [63, 63, 63], "value": [90.0, None, 95.0]})
    fig = rank_trend_figure(history, "vi", title="Thứ hạng 12 tháng · Lâm Đồng")
    line = fig.data[0]
    assert list(line.x) == ["08/2020", "09/2020", "10/2020"]
    assert list(line.y) == [5, None, 2] and line.connectgaps is False
    assert tuple(fig.layout.yaxis.range) == (63.5, 0.5)  # reversed: rank 1 at the top
    assert fig.layout.yaxis.title.text == "Hạng (1 = cao nhất)"
    assert fig.layout.xaxis.title.text == "Tháng"
    assert fig.layout.title.text.startswith("Thứ hạng 12 tháng")
