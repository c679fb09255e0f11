"""The map deck's JSON: the same content as pydeck's own, without its indentation, made once."""

from __future__ import annotations

import json

import pandas as pd
from pydeck.bindings.json_tools import serialize

from charts.province_map import province_deck
from data.geo import load_provinces


def _deck():
    codes = [f["properties"]["code"] for f in load_provinces("34")["features"]]
    values = pd.DataFrame({"code": codes, "name": codes, "value": [float(i) for i in range(len(codes))],
                           "value_label": [f"{i},0%" for i in range(len(codes))],
                           "rank": [float(len(codes) - i) for i in range(len(codes))], "of": len(codes)})
    return province_deck(values, "34", title="Bản đồ", legend_title="Tỷ lệ", lang="vi", selected_code="68")


def test_compact_json_has_pydeck_content_without_indentation():
    deck = _deck()
    text = deck.to_json()
    assert json.loads(text) == json.loads(serialize(deck))  # pydeck's own, indented serialisation
    assert "\n" not in text  # pydeck indents with two spaces a level, one value a line
    assert len(text) < len(serialize(deck)) / 3


def test_json_is_made_once_per_deck():
    deck = _deck()
    assert deck.to_json() is deck.to_json()  # the very same string object: not serialised again
    assert _deck().to_json() == deck.to_json()  # a deck built again from the same input: same JSON


def test_a_pickled_deck_brings_its_json_along():
    import pickle

    from charts import province_map

    deck = _deck()
    text = deck.to_json()
    back = pickle.loads(pickle.dumps(deck))
    assert province_map._DECK_JSON.get(back) == text  # there before anyone asks: not made again
    assert back.to_json() == text
    assert json.loads(text) == json.loads(serialize(back))  # and the deck itself came back whole
