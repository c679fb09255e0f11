"""What a number leaves out, on screen (AppTest): boundary breaks on trend charts, stocks summing former
units, the parts of a merged province that did not report, months not yet reported, the precision
ranks are decided on, and the provinces that moved region between the 63 and 34 sets."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import apps_on
from data import schema
from factories import document, dossier
from metrics.periods import Period
from metrics.ranking import rank_agencies
from metrics.ranking_export import format_value

ON_TIME = "dossier_on_time_rate"


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_trend_charts_across_the_merger_mark_the_breaks(make_app):
    # 24 months to 10/2026 span the ministries' restructure (03/2025) and the provinces' merger (07/2025)
    at = make_app("dossiers", pk="month", to="2026-10")
    trend = next(f for f in figures(at) if "theo tháng" in f["layout"]["title"]["text"])
    assert [s["x0"] for s in trend["layout"]["shapes"] if s.get("type") == "line" and s.get("x0") == s.get("x1")] \
        == ["03/2025", "07/2025"]
    texts = [a.get("hovertext") for a in trend["layout"]["annotations"]]
    assert "Hợp nhất tỉnh (63 → 34) từ 07/2025" in texts and "Sắp xếp bộ (22 → 17) từ 03/2025" in texts
    # a period that does not span a break draws none
    at = make_app("dossiers", pk="month", to="2022-10")
    trend = next(f for f in figures(at) if "theo tháng" in f["layout"]["title"]["text"])
    assert not [s for s in trend["layout"].get("shapes", []) if isinstance(s.get("x0"), str)]  # the target line only


def test_a_stock_before_the_break_is_marked_as_the_sum_of_the_former_units(make_app):
    # agencies connected to the Axis, nationwide: 95 agencies before the reorganizations, 61 after
    at = make_app("documents", pk="month", to="2026-10")
    fig = next(f for f in figures(at) if f["data"][0].get("text") and "tổng của các đơn vị cũ" in f["data"][0]["text"])
    months, marks = fig["data"][0]["x"], fig["data"][0]["marker"]["symbol"]
    flagged = [m for m, s in zip(months, marks) if s == "circle-open"]
    # every month before 07/2025 in the window sums former units; none after
    assert flagged and flagged[-1] == "06/2025" and "07/2025" not in flagged
    assert "Trước 07/2025, số liệu tồn là tổng của các đơn vị cũ" in captions(at)


def test_a_card_names_the_part_of_a_merged_province_that_did_not_report(make_app):
    # the demo's Yên Bái (15) left its 03/2021 dossier report out; in the 34 set it is part of Lào Cai
    at = make_app("dossiers", pk="month", to="2021-03", b="34", scope="agency", sa="15")
    text = captions(at)
    assert "Thiếu số liệu: 1/2" in text  # Lào Cai (10) reported, Yên Bái (15) did not
    assert "không báo cáo: Yên Bái (15)" in text


def test_rankings_say_the_precision_ranks_are_decided_on(make_app, demo_engine):
    at = make_app("rankings", pk="year", to="2020-12", metric=ON_TIME)
    assert "Thứ hạng xét trên giá trị như hiển thị (1 chữ số thập phân)" in captions(at)
    rows = next(d.value for d in at.dataframe if "link" in d.value.columns)
    ranked = rows[rows["rank"] != "–"]
    # equal shown values share a rank and different ranks never show the same value
    by_value = ranked.groupby("value")["rank"].nunique()
    by_rank = ranked.groupby("rank")["value"].nunique()
    assert (by_value == 1).all() and (by_rank == 1).all()
    expected = rank_agencies(demo_engine, ON_TIME, "province", Period.year(2020))
    assert list(ranked["value"]) == [format_value(ON_TIME, v, "vi") for v in expected["value"].dropna()]
    composite = make_app("rankings", pk="year", to="2020-12")
    assert "(2 chữ số thập phân)" in captions(composite)


def test_region_views_say_which_provinces_moved(make_app):
    at = make_app("dossiers", pk="year", to="2024-12", scope="region", region="TN")
    text = captions(at)
    header = at.caption[0].value.split("\n\n")  # under the title: the view, then what the region needs said
    assert header[0] == "Năm 2024 · Vùng Tây Nguyên · so với Năm 2023"
    assert header[1].startswith(":blue[ⓘ] Vùng theo bộ 34 tỉnh khác bộ 63 tỉnh: Bình Định (")
    assert "Vùng theo bộ 34 tỉnh khác bộ 63 tỉnh" in text
    assert "Bình Định (Bắc Trung Bộ và duyên hải miền Trung → Tây Nguyên, nay thuộc Gia Lai)" in text
    assert "Kon Tum (Tây Nguyên → Bắc Trung Bộ và duyên hải miền Trung, nay thuộc Quảng Ngãi)" in text
    ranks = make_app("rankings", pk="year", to="2024-12", scope="region", region="DBSCL", metric=ON_TIME)
    assert "Long An (Đồng bằng sông Cửu Long → Đông Nam Bộ, nay thuộc Tây Ninh)" in captions(ranks)


def test_scorecard_marks_last_years_former_units_and_the_break_in_the_rank_trend(make_app):
    # merged Lâm Đồng, 10/2025: last year (10/2024) its services were three catalogues summed
    at = make_app("scorecard", agency="68", pk="month", to="2025-10", b="34")
    table = next(d.value for d in at.dataframe if "target_gap" in d.value.columns)
    level4 = table[table["metric"].str.contains("toàn trình")].iloc[0]
    assert " Σ · " in level4["last_year"]
    text = captions(at)
    assert "Σ: tổng của các đơn vị cũ trước hợp nhất" in text
    # the rank trend (11/2024–10/2025) crosses the merger: the line is marked and explained
    trend = next(f for f in figures(at) if f["layout"].get("shapes"))
    assert trend["layout"]["shapes"][0]["x0"] == "07/2025"
    assert "Hợp nhất tỉnh (63 → 34) từ 07/2025: trước đó, thứ hạng tính trên số liệu cộng của các đơn vị cũ" in text


@pytest.fixture
def sparse_app(engine, add_rows, scratch_url, monkeypatch):
    """The app on a small warehouse: dossiers reported through 10/2026, documents only through 09/2026."""
    add_rows(schema.dossiers, [dossier("01", m, on_time=90, late=10) for m in ("2026-09", "2026-10")])
    add_rows(schema.documents, [document("01", "2026-09", sent=40, signed=30)])
    with apps_on(scratch_url, monkeypatch) as make:
        yield make


def test_a_month_after_the_latest_data_reads_not_yet_reported(sparse_app):
    at = sparse_app("documents", pk="month", to="2026-10")
    cards = {m.label.split("] ", 1)[-1]: m.value for m in at.metric}
    # documents have data through 09/2026 only: 10/2026 is not yet reported, not "no data"
    assert cards["Văn bản gửi qua Trục liên thông"] == "Chưa đến kỳ báo cáo"
    assert "chưa đến kỳ báo cáo (số liệu mới có đến 09/2026)" in captions(at)
    # dossiers of the same month did arrive
    at = sparse_app("dossiers", pk="month", to="2026-10")
    assert {m.label.split("] ", 1)[-1]: m.value for m in at.metric}["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "90,0%"
