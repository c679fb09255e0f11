"""Province choropleth as a pydeck Deck that renders offline, with the legend a page draws beside it.

Every map carries the Hoàng Sa and Trường Sa archipelagos with their labels: correct display of
national sovereignty is a legal requirement for map products in Vietnam.
"""

from __future__ import annotations

import html
import json
import math
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from data.geo import load_islands, load_provinces
from i18n import LANGS, t

PROVINCE_LAYER_ID = "provinces"

# Five quantile classes, worst to best: low performers look alarming, high ones green.
PALETTE_WORST_TO_BEST = ["#d7191c", "#fdae61", "#fee08b", "#a6d96a", "#1a9641"]
NO_DATA_HEX = "#bdbdbd"
BORDER_RGBA = [255, 255, 255, 220]
SELECTED_RGBA = [17, 24, 39, 255]
ISLAND_RGBA = [71, 85, 105, 255]
LABEL_RGBA = [30, 41, 59, 255]
FILL_ALPHA = 230
MAX_ELEVATION_M = 120_000
N_CLASSES = 5

# Centred on Vietnam with both archipelagos and their labels in view.
VIEW = {"latitude": 15.3, "longitude": 109.8, "zoom": 4.3, "min_zoom": 3.5, "max_zoom": 10}
EXTRUDED_PITCH = 40

NO_RANK = "—"


@dataclass(frozen=True)
class _Class:
    lo: float
    hi: float
    lo_label: str
    hi_label: str
    color_hex: str
    count: int


def _text(lang: str) -> dict:
    """The map's own words in the language (island labels are the `label_<lang>` property)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return {"no_data": t("ch_map_no_data", lang), "value": t("ch_map_value", lang), "rank": t("ch_map_rank", lang),
            "label": f"label_{lang}"}


def _higher_is_better(values: pd.DataFrame) -> bool:
    if "higher_is_better" in values.attrs:
        return bool(values.attrs["higher_is_better"])
    if "higher_is_better" in values.columns and len(values):
        return bool(values["higher_is_better"].iloc[0])
    return True


def _hex_to_rgba(color_hex: str, alpha: int = 255) -> list[int]:
    h = color_hex.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _classify(values: pd.DataFrame) -> tuple[list[_Class], pd.Series]:
    """Quantile (quintile) classes over the non-missing values, ordered by value ascending.

    Returns the classes and, per row of values, the index of its class (-1 = no data).
    Ties never straddle two classes, so fewer than five classes appear when values repeat.
    """
    vals = pd.to_numeric(values["value"], errors="coerce").astype(float).to_numpy()
    present = ~np.isnan(vals)
    index = np.full(len(vals), -1, dtype=int)
    if not present.any():
        return [], pd.Series(index, index=values.index)

    quantiles = np.linspace(0, 1, N_CLASSES + 1)[1:-1]
    inner = np.unique(np.quantile(vals[present], quantiles))
    raw = np.searchsorted(inner, vals[present], side="right")
    used = sorted(set(raw.tolist()))
    index[present] = [used.index(c) for c in raw]

    k = len(used)
    if k == 1:
        slots = [N_CLASSES // 2]
    else:
        slots = [round(i * (N_CLASSES - 1) / (k - 1)) for i in range(k)]
    palette = PALETTE_WORST_TO_BEST if _higher_is_better(values) else PALETTE_WORST_TO_BEST[::-1]

    if "value_label" in values.columns:
        labels = values["value_label"].astype(str).to_numpy()
    else:
        labels = np.array([str(v) for v in vals])
    classes = []
    for i in range(k):
        members = np.flatnonzero(index == i)
        lo_at, hi_at = members[np.argmin(vals[members])], members[np.argmax(vals[members])]
        classes.append(_Class(
            lo=float(vals[lo_at]), hi=float(vals[hi_at]),
            lo_label=str(labels[lo_at]), hi_label=str(labels[hi_at]),
            color_hex=palette[slots[i]], count=len(members),
        ))
    return classes, pd.Series(index, index=values.index)


def legend_classes(values: pd.DataFrame, lang: str = "vi") -> list[dict]:
    """Legend entries, best class first and "no data" last, each with label and color_hex.

    Labels are ranges of the values' own formatted labels (e.g. "95,2% – 97,8%"); entries also
    carry lo, hi and count so a page can add the metric and period around them.
    """
    text = _text(lang)
    classes, index = _classify(values)
    better_high = _higher_is_better(values)
    ordered = classes[::-1] if better_high else classes
    entries = [
        {"label": c.lo_label if c.lo == c.hi else f"{c.lo_label} – {c.hi_label}",
         "color_hex": c.color_hex, "lo": c.lo, "hi": c.hi, "count": c.count, "kind": "class"}
        for c in ordered
    ]
    entries.append({"label": text["no_data"], "color_hex": NO_DATA_HEX, "lo": None, "hi": None,
                    "count": int((index == -1).sum()), "kind": "no_data"})
    return entries


def _rows_by_code(values: pd.DataFrame) -> dict[str, dict]:
    missing = {"code", "value"} - set(values.columns)
    if missing:
        raise ValueError(f"values lacks columns {sorted(missing)}")
    codes = values["code"].astype(str).str.zfill(2)
    if codes.duplicated().any():
        raise ValueError(f"duplicate province codes: {sorted(set(codes[codes.duplicated()]))}")
    return dict(zip(codes, values.to_dict("records")))


def _number(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _province_features(values: pd.DataFrame, boundary: str, lang: str) -> list[dict]:
    """Features of the boundary set carrying fill colour, elevation and tooltip fields."""
    text = _text(lang)
    rows = _rows_by_code(values)
    classes, index = _classify(values)
    class_of = dict(zip(values["code"].astype(str).str.zfill(2), index))

    present = [v for v in (_number(r["value"]) for r in rows.values()) if v is not None]
    lo, hi = (min(present), max(present)) if present else (0.0, 0.0)

    features = []
    for feature in load_provinces(boundary)["features"]:
        code = feature["properties"]["code"]
        row = rows.get(code, {})
        value = _number(row.get("value"))
        cls = class_of.get(code, -1)
        rank, of = _number(row.get("rank")), _number(row.get("of"))
        color = classes[cls].color_hex if cls >= 0 and value is not None else NO_DATA_HEX
        if value is None:
            value_label, elevation = text["no_data"], 0.0
        else:
            value_label = str(row.get("value_label", value))
            share = (value - lo) / (hi - lo) if hi > lo else 1.0
            elevation = MAX_ELEVATION_M * (0.1 + 0.9 * share)
        if rank is None:
            rank_label = NO_RANK
        else:
            rank_label = f"{int(rank)}/{int(of)}" if of is not None else str(int(rank))
        name = row.get("name")
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {
                "code": code,
                "name": name if isinstance(name, str) and name else feature["properties"]["name"],
                "value": value,
                "value_label": value_label,
                "rank": None if rank is None else int(rank),
                "rank_label": rank_label,
                "fill_color": _hex_to_rgba(color, FILL_ALPHA),
                "elevation": elevation,
            },
        })
    return features


def _ring_centre(ring: list) -> list[float]:
    return [sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)]


def _island_layers(lang: str) -> list[pdk.Layer]:
    """Island shapes, a marker per islet (they are sub-pixel at national zoom) and their labels."""
    islands = load_islands()
    label_key = _text(lang)["label"]
    markers, labels = [], []
    for feature in islands["features"]:
        props = feature["properties"]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        markers += [{"position": _ring_centre(p[0]), "code": props["code"]} for p in polygons]
        labels.append({"text": props[label_key], "code": props["code"],
                       "position": [props["label_lon"], props["label_lat"]],
                       "anchor": props["label_anchor"]})
    # deck.gl's text atlas is ASCII unless told; pydeck passes a quoted string through literally.
    characters = "'" + "".join(sorted(set("".join(label["text"] for label in labels)))) + "'"
    return [
        pdk.Layer("GeoJsonLayer", islands, id="islands", stroked=True, filled=True,
                  get_fill_color=ISLAND_RGBA, get_line_color=ISLAND_RGBA,
                  line_width_min_pixels=1, pickable=False),
        pdk.Layer("ScatterplotLayer", markers, id="island-markers", get_position="position",
                  get_radius=1500, radius_min_pixels=2, radius_max_pixels=5,
                  get_fill_color=ISLAND_RGBA, pickable=False),
        pdk.Layer("TextLayer", labels, id="island-labels", get_position="position",
                  get_text="text", get_text_anchor="anchor", get_alignment_baseline="'center'",
                  get_size=12, size_units="'pixels'", get_color=LABEL_RGBA,
                  character_set=characters, font_family="`Arial, Helvetica, sans-serif`",
                  background=True, get_background_color=[255, 255, 255, 200],
                  background_padding=[3, 1, 3, 1], pickable=False),
    ]


def _description(title: str, legend_title: str, legend: list[dict]) -> str:
    """Title and legend as HTML, shown by pydeck's own HTML export (Streamlit pages draw theirs)."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:6px;'
        f'background:{e["color_hex"]}"></span>{html.escape(e["label"])}</div>'
        for e in legend
    )
    return (f"<div><b>{html.escape(title)}</b><br/>{html.escape(legend_title)}</div>{rows}")


_DECK_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON is compact and made once per deck.

    pydeck writes its JSON indented with Python's slow encoder: for the province shapes that is
    ~870 KB and ~100 ms on every script run, which Streamlit then copies and hashes. The same
    JSON without indentation is ~190 KB and five times faster to make; a deck kept in a cache
    makes it only once. Treat a deck as read-only once it has been drawn. A pickled deck (the piece
    store, `pages.piece_store`) carries its JSON along, so it is not made again where it is read.
    """

    def to_json(self) -> str:
        text = _DECK_JSON.get(self)
        if text is None:
            text = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
            _DECK_JSON[self] = text
        return text

    def __getstate__(self):
        return {**self.__dict__, "_compact_json": self.to_json()}

    def __setstate__(self, state):
        state = dict(state)
        text = state.pop("_compact_json", None)
        self.__dict__.update(state)
        if text is not None:
            _DECK_JSON[self] = text


def province_deck(
    values: pd.DataFrame,
    boundary: str,
    *,
    title: str,
    legend_title: str,
    lang: str = "vi",
    extruded: bool = False,
    selected_code: str | None = None,
) -> pdk.Deck:
    """Choropleth of one metric over the 63 or 34 provinces, with the islands, offline.

    values has columns code, name, value (NaN = no data, shown grey), value_label, rank, of;
    values.attrs["higher_is_better"] (default True) decides which end is red. Clicks arrive in
    a page under the layer id "provinces".
    """
    text = _text(lang)
    features = _province_features(values, boundary, lang)
    layers = [
        pdk.Layer(
            # A plain list of features, so selection indices map onto this list.
            "GeoJsonLayer", features, id=PROVINCE_LAYER_ID, pickable=True,
            stroked=True, filled=True, get_fill_color="properties.fill_color",
            get_line_color=BORDER_RGBA, line_width_min_pixels=0.5,
            auto_highlight=True, highlight_color=[255, 255, 255, 90],
            extruded=extruded, get_elevation="properties.elevation",
            # Borders are not picked: picking strokes is slow on software WebGL (no GPU), long
            # enough that a click there no longer counts as a click.
            _sub_layer_props={"polygons-stroke": {"pickable": False}},
        ),
    ]
    if selected_code is not None:
        selected = [f for f in features if f["properties"]["code"] == str(selected_code).zfill(2)]
        if selected:
            layers.append(pdk.Layer(
                "GeoJsonLayer", {"type": "FeatureCollection", "features": selected},
                id="selected-province", stroked=True, filled=False, get_line_color=SELECTED_RGBA,
                line_width_min_pixels=3, pickable=False,
            ))
    layers += _island_layers(lang)

    metric = html.escape(legend_title) if legend_title else text["value"]
    tooltip = {
        "html": (f"<b>{{name}}</b><br/>{metric}: {{value_label}}<br/>"
                 f"{text['rank']}: {{rank_label}}"),
        "style": {"backgroundColor": "#111827", "color": "#f9fafb", "fontSize": "13px"},
    }
    view = pdk.ViewState(**VIEW, pitch=EXTRUDED_PITCH if extruded else 0, bearing=0)
    # No basemap. map_style is left at pydeck's sentinel on purpose: Streamlit swaps a missing
    # or empty map style for a Carto basemap fetched from the internet, but drops the sentinel.
    return CompactDeck(
        layers=layers,
        map_provider=None,
        initial_view_state=view,
        tooltip=tooltip,
        description=_description(title, legend_title, legend_classes(values, lang)),
    )
