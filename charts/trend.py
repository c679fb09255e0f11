"""Time-series figures: a metric's monthly trend with its target line."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.draft import Draft
from charts.theme import SERIES, TARGET_COLOR, layout_spec, separators
from i18n import t
from metrics.catalog import Metric
from metrics.periods import month_label


def trend_draft(metric: Metric, trend: pd.DataFrame, lang: str = "vi", *, title: str | None = None,
                target: float | None = None, target_label: str | None = None,
                compare: pd.DataFrame | None = None, compare_label: str | None = None,
                height: int = 340) -> Draft:
    """`trend_figure` before it is built (to mark breaks or give it a frame first)."""
    x = [month_label(m) for m in trend["month"]]
    unit = metric.unit(lang)
    d = Draft()
    d.add("scatter", x=x, y=trend["value"], mode="lines+markers", name=metric.label(lang),
          line={"color": SERIES[0], "width": 3}, connectgaps=False,
          hovertemplate="%{x}: %{y:,.1f}" + (" %" if metric.is_rate else f" {unit}") + "<extra></extra>")
    if compare is not None and len(compare):
        d.add("scatter", x=x[: len(compare)], y=compare["value"], mode="lines", name=compare_label or "",
              line={"color": SERIES[0], "width": 1.5, "dash": "dot"}, opacity=0.6)
    if target is not None:
        d.hline(target, {"color": TARGET_COLOR, "dash": "dash", "width": 2},
                {"text": target_label or "", "font": {"color": TARGET_COLOR}})
    return d.lay(layout_spec(title, height), {
        "separators": separators(lang),
        "yaxis": {"title": {"text": unit}, "ticksuffix": "%" if metric.is_rate else "",
                  "rangemode": "tozero" if not metric.is_rate else None},
        "xaxis": {"title": {"text": t("ch_month", lang)}, "type": "category", "nticks": 12},
    })


def trend_figure(metric: Metric, trend: pd.DataFrame, lang: str = "vi", *, title: str | None = None,
                 target: float | None = None, target_label: str | None = None,
                 compare: pd.DataFrame | None = None, compare_label: str | None = None,
                 height: int = 340) -> go.Figure:
    """Monthly values (gaps where no agency reported) with an optional target and comparison series."""
    return trend_draft(metric, trend, lang, title=title, target=target, target_label=target_label,
                       compare=compare, compare_label=compare_label, height=height).figure()
