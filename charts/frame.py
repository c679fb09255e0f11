"""The frame every KPI-page figure shares: a title, a smaller second line naming scope and period,
room for the legend under them, and the language's number signs."""
from __future__ import annotations

from charts.draft import Draft
from charts.theme import layout_spec, merged, separators

TITLE_PX = 18
SUBTITLE_PX = 14
SUBTITLE_COLOR = "#4a5568"


def frame_spec(title: str, subtitle: str | None, height: int, lang: str = "vi", legend: bool = True) -> dict:
    """The layout `frame` applies, as one dict (to merge with a figure's own layout in one update)."""
    top = (72 + 18 * subtitle.count("<br>") if subtitle else 48) + (28 if legend else 0)
    title_spec = {"text": title, "font": {"size": TITLE_PX}, "x": 0.01, "xanchor": "left", "xref": "container",
                  "y": 1 - 12 / height, "yanchor": "top", "yref": "container"}
    if subtitle:
        title_spec["subtitle"] = {"text": subtitle, "font": {"size": SUBTITLE_PX, "color": SUBTITLE_COLOR}}
    return merged(layout_spec(None, height), dict(
        title=title_spec, margin={"t": top}, showlegend=legend, separators=separators(lang),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
    ))


def frame(draft: Draft, title: str, subtitle: str | None, height: int, lang: str = "vi",
          legend: bool = True, *more: dict) -> Draft:
    """Apply the product layout with the title and its subtitle top-left, and the legend below them;
    `more`: the figure's own layout updates (axes, bar mode)."""
    return draft.lay(frame_spec(title, subtitle, height, lang, legend), *more)


def retitle(draft: Draft, title: str, subtitle: str | None, lang: str = "vi") -> Draft:
    """Give a figure drafted elsewhere (e.g. `charts.trend.trend_draft`) this frame, keeping its height."""
    return frame(draft, title, subtitle, draft.layout.get("height") or 340, lang, len(draft.data) > 1)
