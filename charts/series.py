"""Monthly figures beyond the single-metric trend: several series side by side, and a metric's
progress toward a target with its deadline and the projection of the recent trend."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from charts.draft import Draft
from charts.frame import frame
from charts.theme import SERIES, TARGET_COLOR
from i18n import t
from metrics import formatting
from metrics.catalog import Metric
from metrics.periods import month_label



def _lang(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def monthly_series(series: list[tuple[str, pd.DataFrame]], lang: str = "vi", *, title: str,
                   subtitle: str | None = None, unit: str,
                   kind: str = "bar", is_rate: bool = False, height: int = 360, nticks: int = 12) -> go.Figure:
    """Several monthly series (each a frame with month and value) on one axis; gaps where not reported."""
    return monthly_series_draft(series, lang, title=title, subtitle=subtitle, unit=unit, kind=kind,
                                is_rate=is_rate, height=height, nticks=nticks).figure()


def monthly_series_draft(series: list[tuple[str, pd.DataFrame]], lang: str = "vi", *, title: str,
                         subtitle: str | None = None, unit: str, kind: str = "bar", is_rate: bool = False,
                         height: int = 360, nticks: int = 12) -> Draft:
    """`monthly_series` before it is built (to mark breaks first)."""
    d = Draft()
    suffix = "%" if is_rate else f" {unit}"
    for i, (name, df) in enumerate(series):
        x = [month_label(m) for m in df["month"]]
        text = [formatting.percent(v, lang) if is_rate else formatting.number(v, lang) for v in df["value"]]
        common = dict(x=x, y=df["value"], name=name, customdata=text,
                      hovertemplate="%{x} · " + name + ": %{customdata}" + ("" if is_rate else suffix) + "<extra></extra>")
        if kind == "bar":
            d.add("bar", marker={"color": SERIES[i % len(SERIES)]}, **common)
        else:
            d.add("scatter", mode="lines+markers", connectgaps=False,
                  line={"color": SERIES[i % len(SERIES)], "width": 3 if i == 0 else 2,
                        "dash": "solid" if i == 0 else "dash"}, **common)
    return frame(d, title, subtitle, height, lang, len(series) > 1, {
        "barmode": "group",
        "yaxis": {"title": {"text": unit[:1].upper() + unit[1:]}, "ticksuffix": "%" if is_rate else "",
                  "tickformat": "" if is_rate else ",", "rangemode": "tozero"},
        "xaxis": {"title": {"text": t("ch_month", lang)}, "type": "category", "nticks": nticks, "tickangle": 0},
    })


def _first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def target_progress(metric: Metric, trend: pd.DataFrame, lang: str = "vi", *, title: str,
                    subtitle: str | None = None, target: float | None = None, deadline: date | None = None, target_label: str | None = None,
                    projected: float | None = None, projection_label: str | None = None,
                    height: int = 380) -> go.Figure:
    """Monthly values up to the period's end, the target line, a marker at (deadline, target) and a
    dotted projection of the last 12 months' linear trend to the deadline."""
    lg = _lang(lang)
    x = [_first_day(m) for m in trend["month"]]
    shown = [formatting.value(metric, v, lg) for v in trend["value"]]
    d = Draft()
    d.add("scatter", x=x, y=trend["value"], mode="lines+markers", name=metric.label(lg), connectgaps=False,
          line={"color": SERIES[0], "width": 3}, customdata=shown,
          hovertemplate="%{x|%m/%Y}: %{customdata}<extra></extra>")
    if target is not None:
        d.hline(target, {"color": TARGET_COLOR, "dash": "dash", "width": 2})
    if target is not None and deadline is not None:
        label = target_label or formatting.value(metric, target, lg)
        d.add("scatter", x=[deadline], y=[target], mode="markers+text", name=label,
              marker={"symbol": "star", "size": 18, "color": TARGET_COLOR},
              text=[label], textposition="top left", textfont={"color": TARGET_COLOR},
              hovertemplate=label + "<extra></extra>")
    valid = trend.dropna(subset=["value"])
    if projected is not None and deadline is not None and len(valid):
        last = valid.iloc[-1]
        end = _first_day(last["month"])
        if deadline > end:
            d.add("scatter",
                  x=[end, deadline], y=[last["value"], projected], mode="lines+markers",
                  name=projection_label or "", line={"color": SERIES[0], "dash": "dot", "width": 2},
                  marker={"size": [0, 9]}, customdata=[formatting.value(metric, v, lg) for v in (last["value"], projected)],
                  hovertemplate="%{x|%m/%Y}: %{customdata}<extra></extra>")
    top = max([v for v in [target, projected, valid["value"].max() if len(valid) else None] if v is not None] + [1.0])
    frame(d, title, subtitle, height, lang, True, {
        "yaxis": {"title": {"text": metric.unit(lg)}, "ticksuffix": "%" if metric.is_rate else "",
                  "range": [0, min(100.0, top * 1.15) if metric.is_rate else top * 1.15]},
        "xaxis": {"title": {"text": t("ch_month", lang)}, "type": "date", "tickformat": "%m/%Y"},
    })
    return d.figure()
