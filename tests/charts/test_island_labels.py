"""The archipelago labels fit whole inside a narrow map column at the deck's opening view: a
label cut at the map's edge is a sovereignty label not shown."""
from __future__ import annotations

import pytest

from charts.province_map import VIEW
from data.geo import load_islands

NARROW_MAP_PX = 480   # the rankings page's map column (about 500 px on a 1280-px screen)
LABEL_PX = 12         # TextLayer size in pixels
CHAR_EM = 0.6         # mean advance of Arial's glyphs, in ems


def _px_per_degree(zoom: float) -> float:
    # Web Mercator: the world is 512 × 2^zoom pixels wide (deck.gl's tile size), 360 degrees.
    return 512 * 2 ** zoom / 360


@pytest.mark.parametrize("lang_key", ["label_vi", "label_en"])
def test_each_label_fits_in_a_narrow_map_at_the_opening_view(lang_key):
    px = _px_per_degree(VIEW["zoom"])               # 4.3 → 512 × 19.70 / 360 ≈ 28.0 px per degree
    half_width_deg = NARROW_MAP_PX / 2 / px           # 240 / 28.0 ≈ 8.6 degrees each side of 109.8
    left, right = VIEW["longitude"] - half_width_deg, VIEW["longitude"] + half_width_deg
    for feature in load_islands()["features"]:
        p = feature["properties"]
        width_deg = len(p[lang_key]) * LABEL_PX * CHAR_EM / px
        start = {"start": 0.0, "middle": -0.5, "end": -1.0}[p["label_anchor"]] * width_deg + p["label_lon"]
        assert left <= start and start + width_deg <= right, (p[lang_key], round(start, 2),
                                                              round(start + width_deg, 2), right)


def test_labels_sit_beside_their_archipelago():
    for feature in load_islands()["features"]:
        p = feature["properties"]
        lons = [pt[0] for poly in feature["geometry"]["coordinates"] for pt in poly[0]]
        assert min(lons) - 1 <= p["label_lon"] <= max(lons) + 1, p["code"]
