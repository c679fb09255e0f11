"""Figures of Decision 766's index: one agency's criteria as shares of their maximum with the points
lost beside them (the largest loss on top), and its points by group against each group's maximum."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.draft import Draft
from charts.theme import NA_COLOR, STATUS_COLORS, layout_spec, separators
from metrics import formatting
from metrics.index_model import MODEL, IndexModel

ROW_PX = 26
TEXT = {"vi": {"points": "Điểm đạt", "lost": "Điểm bị mất", "axis": "Điểm", "share": "% điểm tối đa"},
        "en": {"points": "Points earned", "lost": "Points lost", "axis": "Points", "share": "% of the maximum"}}


def _text(lang: str) -> dict:
    return TEXT["en" if lang == "en" else "vi"]


def criteria_figure(breakdown: pd.DataFrame, lang: str = "vi", *, title: str, model: IndexModel = MODEL) -> go.Figure:
    """Stacked horizontal bars per criterion, as a share of its maximum: earned, then lost; the points
    are printed on the bars (`4,48/6`). `breakdown` is `metrics.official_index.breakdown` (sorted
    by points lost, the largest first, drawn on top)."""
    txt = _text(lang)
    b = breakdown.iloc[::-1]  # plotly draws the first row at the bottom
    names = [model.criterion(c).label(lang) + (" *" if f else "") for c, f in zip(b["criterion"], b["fitted"])]
    earned, lost = 100 * b["points"] / b["max"], 100 * b["lost"] / b["max"]
    d = Draft()
    d.add("bar", y=names, x=earned, orientation="h", name=txt["points"], marker={"color": STATUS_COLORS["green"]},
          text=[f"{formatting.number(p, lang, 2)}/{m:g}" for p, m in zip(b["points"], b["max"])],
          textposition="inside", insidetextanchor="start", hovertemplate="%{y}: %{text}<extra></extra>")
    d.add("bar", y=names, x=lost, orientation="h", name=txt["lost"], marker={"color": STATUS_COLORS["red"]},
          text=[f"−{formatting.number(x, lang, 2)}" if x > 0.005 else "" for x in b["lost"]],
          textposition="inside", hovertemplate="%{y}: %{text}<extra></extra>")
    return d.lay(layout_spec(title, 90 + ROW_PX * len(b)), {
        "barmode": "stack", "separators": separators(lang),
        "xaxis": {"title": {"text": txt["share"]}, "range": [0, 100], "ticksuffix": "%"}}).figure()


def groups_figure(groups: pd.DataFrame, lang: str = "vi", *, title: str, model: IndexModel = MODEL) -> go.Figure:
    """Points earned and lost per group (`metrics.index_view.group_points`), in the model's order."""
    txt = _text(lang)
    g = groups.iloc[::-1]
    names = [f"{model.group(x).label(lang)} (/{m:g})" for x, m in zip(g["group"], g["max"])]
    earned = g["points"]
    lost = (g["max"] - g["points"]).where(g["points"].notna())
    d = Draft()
    d.add("bar", y=names, x=earned, orientation="h", name=txt["points"], marker={"color": STATUS_COLORS["green"]},
          text=[formatting.number(x, lang, 2) for x in earned], textposition="inside")
    d.add("bar", y=names, x=lost, orientation="h", name=txt["lost"], marker={"color": NA_COLOR},
          text=[formatting.number(x, lang, 2) if x == x and x > 0.005 else "" for x in lost],
          textposition="inside")
    return d.lay(layout_spec(title, 90 + ROW_PX * len(g)), {
        "barmode": "stack", "separators": separators(lang), "xaxis": {"title": {"text": txt["axis"]}}}).figure()
