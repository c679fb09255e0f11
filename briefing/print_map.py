"""The province map for print: the shipped shapes drawn as filled polygons in a plain plotly figure,
so it renders offline (no tile server, no CDN topojson), with the same quintile classes and colours
as the screen map and the Hoàng Sa and Trường Sa archipelagos drawn and labelled."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.province_map import NO_DATA_HEX, legend_classes
from charts.theme import FONT
from data.geo import load_islands, load_provinces

ISLAND_COLOR = "#475569"
BORDER_COLOR = "#ffffff"
LAT_STRETCH = 1 / math.cos(math.radians(16))  # equirectangular at Vietnam's mid latitude
X_RANGE = (101.8, 118.6)
Y_RANGE = (6.4, 23.6)


def _rings(geometry: dict) -> list[list]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _path(rings: list[list]) -> tuple[list, list]:
    xs, ys = [], []
    for ring in rings:
        xs += [p[0] for p in ring] + [None]
        ys += [p[1] for p in ring] + [None]
    return xs, ys


def class_colors(values: pd.DataFrame, lang: str = "vi") -> tuple[dict[str, str], list[dict]]:
    """Province code → fill colour, and the legend entries (as `charts.province_map.legend_classes`)."""
    legend = legend_classes(values, lang)
    colors = {}
    for code, v in zip(values["code"].astype(str).str.zfill(2), pd.to_numeric(values["value"], errors="coerce")):
        color = NO_DATA_HEX
        if v == v:
            for e in legend:
                if e["kind"] == "class" and e["lo"] <= v <= e["hi"]:
                    color = e["color_hex"]
                    break
        colors[code] = color
    return colors, legend


def print_map_figure(values: pd.DataFrame, boundary: str, lang: str = "vi", *, title: str,
                     subtitle: str | None = None, legend_title: str = "", focus: str | None = None) -> go.Figure:
    """Choropleth of `values` (code, value, value_label; attrs higher_is_better) over the 63 or 34
    provinces, one trace per colour class; `focus` outlines one province."""
    colors, legend = class_colors(values, lang)
    fig = go.Figure()
    by_color: dict[str, list] = {}
    for feature in load_provinces(boundary)["features"]:
        code = feature["properties"]["code"]
        by_color.setdefault(colors.get(code, NO_DATA_HEX), []).extend(_rings(feature["geometry"]))
    for entry in legend:
        rings = by_color.get(entry["color_hex"], [])
        xs, ys = _path(rings) if rings else ([None], [None])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=entry["color_hex"],
                                 line={"color": BORDER_COLOR, "width": 0.6}, hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{entry['label']} ({entry['count']})",
                                 marker={"symbol": "square", "size": 16, "color": entry["color_hex"]}))
    if focus:
        feature = next((f for f in load_provinces(boundary)["features"] if f["properties"]["code"] == focus), None)
        if feature:
            xs, ys = _path(_rings(feature["geometry"]))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#111827", "width": 2.5},
                                     hoverinfo="skip", showlegend=False))
    label_key = "label_en" if lang == "en" else "label_vi"
    for feature in load_islands()["features"]:
        props = feature["properties"]
        rings = _rings(feature["geometry"])
        xs, ys = _path(rings)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=ISLAND_COLOR,
                                 line={"color": ISLAND_COLOR, "width": 1}, hoverinfo="skip", showlegend=False))
        # islets are specks at this scale: a dot on each, as on screen
        cx = [sum(p[0] for p in r) / len(r) for r in rings]
        cy = [sum(p[1] for p in r) / len(r) for r in rings]
        fig.add_trace(go.Scatter(x=cx, y=cy, mode="markers", marker={"size": 4, "color": ISLAND_COLOR},
                                 hoverinfo="skip", showlegend=False))
        fig.add_annotation(x=props["label_lon"], y=props["label_lat"], text=props[label_key], showarrow=False,
                           xanchor={"start": "left", "end": "right"}.get(props["label_anchor"], "center"),
                           font={"size": 15, "color": "#1e293b"}, bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(
        title=({"text": title + (f"<br><span style='font-size:15px;color:#4a5568'>{subtitle}</span>" if subtitle else ""),
                "x": 0.01, "xanchor": "left", "font": {"size": 22}} if title else None),
        font={"family": FONT, "size": 15}, plot_bgcolor="white", paper_bgcolor="white",
        margin={"l": 10, "r": 10, "t": (90 if subtitle else 60) if title else 10, "b": 10},
        legend={"title": {"text": legend_title}, "x": 0.99, "xanchor": "right", "y": 0.98, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.9)", "font": {"size": 20}},
    )
    fig.update_xaxes(visible=False, range=list(X_RANGE))
    fig.update_yaxes(visible=False, range=list(Y_RANGE), scaleanchor="x", scaleratio=LAT_STRETCH)
    return fig
