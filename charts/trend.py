"""Time-series figures: a metric's monthly trend with its target line."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import SERIES, TARGET_COLOR, layout, separators
from i18n import t
from metrics.catalog import Metric
from metrics.periods import month_label


def trend_figure(metric: Metric, trend: pd.DataFrame, lang: str = "vi", *, title: str | None = None,
                 target: float | None = None, target_label: str | None = None,
                 compare: pd.DataFrame | None = None, compare_label: str | None = None,
                 height: int = 340) -> go.Figure:
    """Monthly values (gaps where no agency reported) with an optional target and comparison series."""
    x = [month_label(m) for m in trend["month"]]
    unit = metric.unit(lang)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=trend["value"], mode="lines+markers", name=metric.label(lang),
        line={"color": SERIES[0], "width": 3}, connectgaps=False,
        hovertemplate="%{x}: %{y:,.1f}" + (" %" if metric.is_rate else f" {unit}") + "<extra></extra>"))
    if compare is not None and len(compare):
        fig.add_trace(go.Scatter(
            x=x[: len(compare)], y=compare["value"], mode="lines", name=compare_label or "",
            line={"color": SERIES[0], "width": 1.5, "dash": "dot"}, opacity=0.6))
    if target is not None:
        fig.add_hline(y=target, line={"color": TARGET_COLOR, "dash": "dash", "width": 2},
                      annotation_text=target_label or "", annotation_position="top right",
                      annotation_font_color=TARGET_COLOR)
    layout(fig, title, height)
    fig.update_layout(separators=separators(lang))
    fig.update_yaxes(title_text=unit, ticksuffix="%" if metric.is_rate else "", rangemode="tozero" if not metric.is_rate else None)
    fig.update_xaxes(title_text=t("ch_month", lang), type="category", nticks=12)
    return fig
