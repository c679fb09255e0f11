"""The 766 index in the pages, through Streamlit's AppTest on the demo data: the rankings page opens
on it when its data exist (each group a column, bands, rank changes, the map), the composite is
labelled as the command center's own, and the scorecard shows points by group and criterion, the
points lost, the best improvement, the gap to the next place and a what-if."""
from __future__ import annotations

import json

import pytest

from metrics import official_index as oi
from metrics.periods import Period

AUG_2025 = {"pk": "month", "to": "2025-08"}


def index_table(at):
    return next(d.value for d in at.dataframe if "Tổng điểm (/100)" in d.value.columns
                or "Total (of 100)" in d.value.columns)


def test_rankings_open_on_the_official_index_with_each_group_a_column(make_app):
    at = make_app("rankings", **AUG_2025)
    assert at.selectbox(key="rk_metric_province").value == "index766"
    table = index_table(at)
    assert len(table) == 34
    for group in ("Công khai, minh bạch (/18)", "Tiến độ, kết quả giải quyết (/20)", "Cung cấp dịch vụ trực tuyến (/12)",
                  "Thanh toán trực tuyến (/10)", "Số hóa hồ sơ (/22)", "Mức độ hài lòng (/18)"):
        assert group in table.columns
    first = table.iloc[0]
    assert (first["Mã"], first["Đơn vị"], first["Tổng điểm (/100)"], first["Hạng"]) == ("19", "Thái Nguyên", "86,97", "1")
    assert first["Công khai, minh bạch (/18)"] == "15,67" and first["Xếp loại"] == "Tốt"
    assert list(table["Mã"][:5]) == ["19", "44", "38", "75", "42"]
    assert first["± Hạng"] in {"=", "—"} or first["± Hạng"][0] in "▲▼"
    assert first["Chi tiết"].startswith("scorecard?") and "agency=19" in first["Chi tiết"]
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    fills = {f["properties"]["code"]: f["properties"]["value_label"]
             for layer in deck["layers"] if layer["id"] == "provinces" for f in layer["data"]}
    assert fills["19"] == "86,97"  # the map is coloured by the index
    assert any("Quyết định 766/QĐ-TTg" in c.value for c in at.caption)


def test_before_the_index_the_composite_is_the_default_and_says_it_is_not_official(make_app):
    at = make_app("rankings", pk="year", to="2020-12")
    assert at.selectbox(key="rk_metric_province").value == "composite"
    assert any("không phải chỉ số chính thức" in c.value for c in at.caption)
    at.selectbox(key="rk_metric_province").set_value("index766").run()
    assert any("Chưa có số liệu Chỉ số 766" in i.value for i in at.info)


def test_ministries_ranked_on_the_index_in_english(make_app, demo_engine):
    at = make_app("rankings", lang="en", pk="month", to="2025-08", scope="ministry", metric="index766")
    table = index_table(at)
    expected = oi.rank_index(demo_engine, "ministry", Period.month("2025-08"))
    assert len(table) == 17 and table.iloc[0]["Code"] == expected.iloc[0]["agency"]
    assert table.iloc[0]["Total (of 100)"] == f"{float(expected.iloc[0]['total']):.2f}"


def test_scorecard_breakdown_best_improvement_and_gap(make_app, demo_engine):
    at = make_app("scorecard", agency="44", **AUG_2025)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tổng điểm"] == "86,56" and metrics["Hạng"] == "2/34" and metrics["Xếp loại"] == "Tốt"
    text = " ".join(m.value for m in at.markdown)
    assert "Cách hạng 1 0,41 điểm." in text  # 86,97 − 86,56
    ranking = oi.rank_index(demo_engine, "province", Period.month("2025-08"))
    best = oi.improvements(ranking, "44").iloc[0]
    assert f"lên hạng {int(best['rank'])}" in text
    breakdown = next(d.value for d in at.dataframe if "Điểm bị mất" in d.value.columns)
    assert len(breakdown) == 21
    lost = [float(x.replace(",", ".")) for x in breakdown["Điểm bị mất"]]  # shown as 1,52
    assert lost == sorted(lost, reverse=True)  # the most points lost first
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(c["layout"]["title"]["text"] == "Theo nhóm chỉ số (điểm)" for c in charts)


def test_what_if_gives_the_new_score_and_rank(make_app, demo_engine):
    at = make_app("scorecard", agency="44", **AUG_2025)
    ranking = oi.rank_index(demo_engine, "province", Period.month("2025-08"))
    criterion = at.selectbox(key="ix_wi_c_44").value
    expected = oi.what_if(ranking, "44", criterion, 100.0)
    at.number_input(key=f"ix_wi_r_44_{criterion}").set_value(100.0).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert f"hạng {expected['rank']}/34" in text
    total = f"{expected['total']:.2f}".replace(".", ",")
    assert f"tổng {total} điểm" in text
    assert expected["total"] > 86.97 and expected["rank"] == 1  # full marks on its largest loss passes Thái Nguyên


@pytest.mark.parametrize("agency", ["BTC"])
def test_ministry_scorecard_has_the_index(make_app, agency):
    at = make_app("scorecard", agency=agency, **AUG_2025)
    assert any(m.label == "Tổng điểm" for m in at.metric)
