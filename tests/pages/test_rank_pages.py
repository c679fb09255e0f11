"""The rankings and agency scorecard pages through Streamlit's AppTest, on the demo database,
checked against the metric layer (`rank_agencies`, `agency_rank`) for the same inputs."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from apptest_support import goto
from metrics.periods import Period
from metrics.ranking import rank_agencies
from metrics.ranking_export import format_value
from metrics.scorecard import agency_rank

ON_TIME = "dossier_on_time_rate"
LAM_DONG_2020 = {"pk": "custom", "from": "2020-01", "to": "2020-10"}  # the published 99.49% window


def param(at: AppTest, name: str) -> str:
    """A URL parameter as the page left it (AppTest gives a list or a string depending on the writer)."""
    v = at.query_params[name]
    return v[-1] if isinstance(v, list) else v


TABLE_COLUMNS = {"rank_table": "link", "card_kpis": "target_gap", "card_peers": "name"}


def table(at: AppTest, key: str):
    """A table of the page, found by a column only it has (AppTest keeps keys of selectable tables only)."""
    return next(d.value for d in at.dataframe if TABLE_COLUMNS[key] in d.value.columns)


def test_province_ranking_2020_has_63_rows_led_as_the_metric_layer_says(make_app, demo_engine):
    at = make_app("rankings", pk="year", to="2020-12")
    rows = table(at, "rank_table")
    expected = rank_agencies(demo_engine, "composite", "province", Period.year(2020))
    assert len(rows) == 63
    assert rows.iloc[0]["agency"] == expected.iloc[0]["agency"]
    assert rows.iloc[0]["value"] == format_value("composite", expected.iloc[0]["value"], "vi")  # e.g. "69,26"
    assert "," in rows.iloc[0]["value"]
    assert rows.iloc[0]["rank"] == "1" and rows.iloc[0]["band"]
    assert rows.iloc[0]["link"].startswith("scorecard?") and f"agency={expected.iloc[0]['agency']}" in rows.iloc[0]["link"]
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Năm 2020" in chart["layout"]["title"]["text"]  # the chart states its period
    assert len(at.download_button) == 2
    assert any("Phương pháp" in e.label for e in at.expander)  # composite methodology shown


def test_34_province_boundaries_give_34_rows(make_app):
    assert len(table(make_app("rankings", pk="year", to="2020-12", b="34"), "rank_table")) == 34


def test_region_filter_keeps_national_ranks_of_that_region(make_app, demo_engine):
    at = make_app("rankings", pk="year", to="2020-12", scope="region", region="TN", metric=ON_TIME)
    rows = table(at, "rank_table")
    national = rank_agencies(demo_engine, ON_TIME, "province", Period.year(2020)).set_index("agency")
    assert sorted(rows["agency"]) == ["62", "64", "66", "67", "68"]  # Tây Nguyên in the 63-set
    assert set(rows["region"]) == {"Tây Nguyên"}
    for _, r in rows.iterrows():
        assert r["rank"] == str(int(national.loc[r["agency"], "rank"]))


def test_ministries_and_a_kpi_chosen_on_the_page(make_app, demo_engine):
    at = make_app("rankings", **LAM_DONG_2020, metric=ON_TIME)
    province = table(at, "rank_table").set_index("agency")
    # Lạng Sơn 99.53% and Lâm Đồng 99.49% both show as 99,5%: equal shown values share rank 1
    assert province.loc["68", "value"] == "99,5%" and province.loc["68", "rank"] == "1"
    at.button_group(key="rk_kind_province").set_value("ministry").run()
    rows = table(at, "rank_table")
    expected = rank_agencies(demo_engine, ON_TIME, "ministry", Period.between("2020-01", "2020-10"))
    assert len(rows) == 22 and rows.iloc[0]["agency"] == expected.iloc[0]["agency"]
    assert "region" not in rows


def test_selecting_a_row_opens_that_agencys_scorecard_keeping_the_filters(make_app):
    at = make_app("rankings", pk="year", to="2020-12")
    second = table(at, "rank_table").iloc[1]
    # AppTest can inject a dataframe selection through Session State (the widget's key).
    at.session_state["rank_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Đơn vị"
    assert at.subheader[0].value == second["name"]
    assert param(at, "agency") == second["agency"] and param(at, "pk") == "year"
    goto(at, "rankings")  # coming back does not bounce to the scorecard again
    assert at.title[0].value == "Xếp hạng"


def test_lam_dong_scorecard_2020(make_app, demo_engine):
    at = make_app("scorecard", **LAM_DONG_2020, agency="68")
    assert at.subheader[0].value == "Lâm Đồng"
    kpis = table(at, "card_kpis").set_index("metric")
    on_time = kpis.loc["Tỷ lệ hồ sơ giải quyết đúng hạn"]
    expected = agency_rank(rank_agencies(demo_engine, ON_TIME, "province", Period.between("2020-01", "2020-10")), "68")
    assert on_time["value"] == "99,5%"  # published 99.49%
    assert on_time["rank"] == f"{expected['rank']}/63"
    composite = agency_rank(rank_agencies(demo_engine, "composite", "province", Period.between("2020-01", "2020-10")), "68")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Hạng chỉ số tổng hợp"] == f"{composite['rank']}/63"
    assert cards["Điểm tổng hợp"] == format_value("composite", composite["value"], "vi")
    # the task KPI in the table is the very number on the task card below it
    completion = next(v for k, v in cards.items() if k.endswith("Tỷ lệ nhiệm vụ đã hoàn thành"))
    assert kpis.loc["Tỷ lệ nhiệm vụ đã hoàn thành", "value"] == completion
    peers = table(at, "card_peers")
    assert "▶ Lâm Đồng" in list(peers["name"]) and len(peers) == 5
    assert any("agency=68" in c.value for c in at.code)  # the shareable link
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert trend["layout"]["yaxis"]["title"]["text"] == "Hạng (1 = cao nhất)"
    # the trend's last point is October 2020 alone, ranked as a month
    october = agency_rank(rank_agencies(demo_engine, "composite", "province", Period.month("2020-10")), "68")
    assert trend["data"][0]["x"][-1] == "10/2020" and trend["data"][0]["y"][-1] == october["rank"]


def test_ministry_scorecard_in_english(make_app):
    at = make_app("scorecard", pk="year", to="2020-12", agency="BTC", lang="en")
    assert at.subheader[0].value == "Ministry of Finance"
    assert len(table(at, "card_kpis")) == 9  # composite + 8 rankable KPIs
    assert any("Ministries ranked nearby" in m.value for m in at.markdown)


def test_unknown_agency_gives_a_message_not_a_traceback(make_app):
    at = make_app("scorecard", agency="ZZ")
    assert at.error[0].value == "Không tìm thấy đơn vị có mã `ZZ` trong kỳ đã chọn."
    assert len(at.selectbox) >= 1  # and a way to choose one


def test_merged_province_points_to_its_successor(make_app):
    at = make_app("scorecard", pk="month", to="2026-10", agency="67")  # Đắk Nông, merged 07/2025
    assert "67" in at.error[0].value
    assert "Lâm Đồng" in at.info[0].value


def test_choosing_an_agency_writes_it_to_the_url(make_app):
    at = make_app("scorecard", pk="year", to="2020-12")
    picker = at.main.selectbox[-1]
    picker.set_value("68").run()
    assert param(at, "agency") == "68"
    assert at.subheader[0].value == "Lâm Đồng"
