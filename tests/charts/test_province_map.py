"""The province choropleth deck: offline, clickable, honest about missing data, islands labeled."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from charts.province_map import legend_classes, province_deck
from data.geo import load_provinces

RED, GREEN, GREY = "#d7191c", "#1a9641", "#bdbdbd"
RED_RGBA, GREEN_RGBA, GREY_RGBA = [215, 25, 28, 230], [26, 150, 65, 230], [189, 189, 189, 230]

# Ten provinces of the 34-set scored 1..10 and one without data; the other 23 have no row.
CODES = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22"]


def _values(higher_is_better: bool = True) -> pd.DataFrame:
    df = pd.DataFrame({
        "code": CODES + ["68"],
        "name": [f"Tỉnh {c}" for c in CODES] + ["Lâm Đồng"],
        "value": [float(v) for v in range(1, 11)] + [np.nan],
        "value_label": [f"{v},0%" for v in range(1, 11)] + [""],
        "rank": [float(r) for r in range(10, 0, -1)] + [np.nan],
        "of": [10] * 11,
    })
    df.attrs["higher_is_better"] = higher_is_better
    return df


def _deck_json(deck) -> dict:
    return json.loads(deck.to_json())


def _layer(deck_json: dict, layer_id: str) -> dict:
    return next(layer for layer in deck_json["layers"] if layer["id"] == layer_id)


def _props(deck_json: dict) -> dict[str, dict]:
    return {f["properties"]["code"]: f["properties"] for f in _layer(deck_json, "provinces")["data"]}


def test_legend_quintiles_worked_by_hand():
    # Values 1..10: quantile breaks 2.8, 4.6, 6.4, 8.2 give classes {1,2} {3,4} {5,6} {7,8} {9,10}.
    legend = legend_classes(_values())
    assert [e["label"] for e in legend] == [
        "9,0% – 10,0%", "7,0% – 8,0%", "5,0% – 6,0%", "3,0% – 4,0%", "1,0% – 2,0%",
        "Không có số liệu",
    ]
    assert [e["color_hex"] for e in legend] == [GREEN, "#a6d96a", "#fee08b", "#fdae61", RED, GREY]
    assert [e["count"] for e in legend] == [2, 2, 2, 2, 2, 1]
    assert (legend[0]["lo"], legend[0]["hi"]) == (9.0, 10.0)
    assert legend_classes(_values(), lang="en")[-1]["label"] == "No data"


def test_legend_when_lower_is_better_puts_low_values_in_green():
    legend = legend_classes(_values(higher_is_better=False))
    assert legend[0] == {"label": "1,0% – 2,0%", "color_hex": GREEN, "lo": 1.0, "hi": 2.0,
                         "count": 2, "kind": "class"}
    assert legend[4]["label"] == "9,0% – 10,0%" and legend[4]["color_hex"] == RED


def test_ties_never_straddle_classes():
    # [5, 5, 5, 5, 7]: breaks 5, 5, 5, 5.8 collapse to two classes, worst red and best green.
    df = pd.DataFrame({"code": ["01", "04", "08", "11", "12"], "value": [5.0, 5, 5, 5, 7],
                       "value_label": ["5", "5", "5", "5", "7"]})
    legend = legend_classes(df)
    assert [(e["label"], e["color_hex"], e["count"]) for e in legend] == [
        ("7", GREEN, 1), ("5", RED, 4), ("Không có số liệu", GREY, 0)]


def test_all_missing_gives_only_the_no_data_entry():
    df = pd.DataFrame({"code": ["01", "04"], "value": [np.nan, np.nan], "value_label": ["", ""]})
    assert legend_classes(df) == [{"label": "Không có số liệu", "color_hex": GREY, "lo": None,
                                   "hi": None, "count": 2, "kind": "no_data"}]


def test_deck_is_offline_and_clickable():
    deck = province_deck(_values(), "34", title="Tỷ lệ đúng hạn", legend_title="Đúng hạn")
    text = deck.to_json()
    data = json.loads(text)
    assert "mapProvider" not in data  # map_provider=None: no basemap provider at all
    # pydeck's sentinel, which Streamlit drops; null or "" would make it fetch a Carto basemap.
    assert data["mapStyle"] == "__MAP_STYLE__"
    for host in ("cartocdn", "mapbox", "googleapis", "http://", "https://"):
        assert host not in text
    assert all(layer.get("id") for layer in data["layers"])
    provinces = _layer(data, "provinces")
    assert provinces["@@type"] == "GeoJsonLayer"
    assert provinces["pickable"] is True
    assert len(provinces["data"]) == 34
    assert data["layers"][0]["id"] == "provinces"
    view = data["initialViewState"]
    assert 14 <= view["latitude"] <= 17 and 107 <= view["longitude"] <= 111
    assert 4 <= view["zoom"] <= 5


def test_colours_for_worst_best_and_missing():
    props = _props(_deck_json(province_deck(_values(), "34", title="t", legend_title="v")))
    assert props["01"]["fill_color"] == RED_RGBA  # value 1, the worst
    assert props["22"]["fill_color"] == GREEN_RGBA  # value 10, the best
    assert props["68"]["fill_color"] == GREY_RGBA  # NaN: no data, never 0
    assert props["68"]["value"] is None
    assert props["68"]["value_label"] == "Không có số liệu"
    assert props["68"]["rank_label"] == "—"
    assert props["96"]["fill_color"] == GREY_RGBA  # no row at all
    assert props["01"]["rank_label"] == "10/10" and props["22"]["rank_label"] == "1/10"
    assert props["01"]["name"] == "Tỉnh 01" and props["96"]["name"] == "Cà Mau"

    flipped = _props(_deck_json(province_deck(_values(False), "34", title="t", legend_title="v")))
    assert flipped["01"]["fill_color"] == GREEN_RGBA
    assert flipped["22"]["fill_color"] == RED_RGBA


def test_islands_are_drawn_and_labeled_in_both_languages():
    vi = _deck_json(province_deck(_values(), "63", title="t", legend_title="v"))
    ids = {layer["id"] for layer in vi["layers"]}
    assert {"islands", "island-markers", "island-labels"} <= ids
    labels = _layer(vi, "island-labels")
    assert labels["@@type"] == "TextLayer"
    assert sorted(d["text"] for d in labels["data"]) == [
        "Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    # deck.gl draws only ASCII unless the characters are listed.
    assert {"ầ", "đ", "ẵ", "ờ", "ò"} <= set(labels["characterSet"])
    assert len(_layer(vi, "island-markers")["data"]) >= 10

    en = _deck_json(province_deck(_values(), "63", title="t", legend_title="v", lang="en"))
    assert sorted(d["text"] for d in _layer(en, "island-labels")["data"]) == [
        "Hoang Sa (Paracel) Islands (Da Nang)", "Truong Sa (Spratly) Islands (Khanh Hoa)"]


def test_tooltip_in_vietnamese_and_english():
    vi = province_deck(_values(), "34", title="t", legend_title="Đúng hạn")._tooltip["html"]
    assert vi == "<b>{name}</b><br/>Đúng hạn: {value_label}<br/>Xếp hạng: {rank_label}"
    en = province_deck(_values(), "34", title="t", legend_title="", lang="en")._tooltip["html"]
    assert en == "<b>{name}</b><br/>Value: {value_label}<br/>Rank: {rank_label}"


def test_extrusion_heights_follow_the_value():
    flat = _deck_json(province_deck(_values(), "34", title="t", legend_title="v"))
    assert _layer(flat, "provinces")["extruded"] is False
    assert flat["initialViewState"]["pitch"] == 0

    data = _deck_json(province_deck(_values(), "34", title="t", legend_title="v", extruded=True))
    assert _layer(data, "provinces")["extruded"] is True
    assert data["initialViewState"]["pitch"] > 0
    props = _props(data)
    # 120 km at the top value, 10% of that at the bottom one, 0 where data is missing.
    assert props["22"]["elevation"] == pytest.approx(120_000)
    assert props["01"]["elevation"] == pytest.approx(12_000)
    assert props["68"]["elevation"] == 0


def test_selected_province_is_outlined():
    data = _deck_json(province_deck(_values(), "34", title="t", legend_title="v", selected_code="68"))
    selected = _layer(data, "selected-province")
    assert [f["properties"]["code"] for f in selected["data"]["features"]] == ["68"]
    assert selected["pickable"] is False
    none = _deck_json(province_deck(_values(), "34", title="t", legend_title="v", selected_code="99"))
    assert "selected-province" not in {layer["id"] for layer in none["layers"]}


def test_63_set_uses_old_codes():
    df = pd.DataFrame({"code": ["67", "60"], "value": [1.0, 2.0], "value_label": ["1", "2"]})
    props = _props(_deck_json(province_deck(df, "63", title="t", legend_title="v")))
    assert len(props) == 63
    assert props["67"]["fill_color"] == RED_RGBA and props["60"]["fill_color"] == GREEN_RGBA
    assert props["67"]["name"] == "Đắk Nông"


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        province_deck(_values(), "64", title="t", legend_title="v")
    with pytest.raises(ValueError):
        province_deck(pd.concat([_values(), _values()]), "34", title="t", legend_title="v")
    with pytest.raises(ValueError):
        province_deck(_values(), "34", title="t", legend_title="v", lang="fr")


def test_building_a_deck_leaves_the_cached_shapes_untouched():
    province_deck(_values(), "34", title="t", legend_title="v")
    for feature in load_provinces("34")["features"]:
        assert set(feature["properties"]) == {"code", "iso", "name"}


def test_chart_module_does_not_import_streamlit():
    source = Path(__file__).resolve().parents[2] / "charts" / "province_map.py"
    assert "import streamlit" not in source.read_text(encoding="utf-8")
