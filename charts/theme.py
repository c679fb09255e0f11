"""Colours and fonts shared by every figure, legible on a wall screen."""
from __future__ import annotations

import plotly.io as pio

# Figures are born with the white template: applying it per figure re-validates the whole template
# (about 0.2 s a figure), while the default is applied at no extra cost.
pio.templates.default = "plotly_white"

FONT = "Inter, 'Segoe UI', Roboto, Arial, sans-serif"
STATUS_COLORS = {"green": "#1a9850", "amber": "#f0a202", "red": "#d73027", None: "#9e9e9e"}
SERIES = ["#0b4f9c", "#d7301f", "#1a9850", "#f0a202", "#6a3d9a", "#00838f", "#8c564b"]
TARGET_COLOR = "#d73027"
NA_COLOR = "#bdbdbd"


def layout_spec(title: str | None = None, height: int = 380) -> dict:
    """The product's layout as one dict: readable fonts, white background, horizontal legend, and
    Vietnamese number signs (a figure in another language sets `separators` after it)."""
    return dict(
        title={"text": title, "font": {"size": 18}} if title else None,
        font={"family": FONT, "size": 14}, height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        separators=",.",
    )


def merged(*updates: dict) -> dict:
    """Layout updates folded into one, as applying them one after the other would leave the layout:
    later values win, keys keep the place they were first given, nested dicts merge, and None (which
    sets nothing on a new figure) is left out. One `update_layout` call with the result costs a
    fraction of several, plotly validating each call's property paths anew."""
    out: dict = {}
    for update in updates:
        for key, value in update.items():
            if value is None:
                continue
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merged(out[key], value)
            elif isinstance(value, dict):
                out[key] = merged(value)
            else:
                out[key] = value
    return out


def separators(lang: str) -> str:
    """Plotly's decimal and thousands signs for the language (`,.` = Vietnamese 95,8 and 1.435)."""
    return ",." if lang == "vi" else ".,"
