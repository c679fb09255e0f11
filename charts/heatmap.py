"""Agency × month heatmap of one metric; a month an agency did not report is a grey N/A cell, never 0."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.draft import Draft
from charts.frame import frame
from charts.theme import NA_COLOR
from i18n import name_of, t
from metrics import formatting
from metrics.catalog import Metric
from metrics.periods import month_label

ROW_PX = 22
# Worst to best: red, amber, green (reversed for metrics where lower is better).
SCALE = [[0.0, "#d73027"], [0.35, "#fc8d59"], [0.6, "#fee08b"], [0.8, "#a6d96a"], [1.0, "#1a9850"]]



def value_grid(values: pd.DataFrame, agencies: list[str], months: list[str]) -> pd.DataFrame:
    """Values pivoted to agencies (rows, in the order given) × months (columns); NaN where not reported."""
    if values.empty:
        return pd.DataFrame(np.nan, index=agencies, columns=months, dtype=float)
    grid = values.pivot_table(index="agency", columns="month", values="value", aggfunc="first", dropna=False)
    return grid.reindex(index=agencies, columns=months).astype(float)


def agency_month_heatmap(metric: Metric, values: pd.DataFrame, agencies: pd.DataFrame, months: list[str],
                         lang: str = "vi", *, title: str, subtitle: str | None = None, zmin: float | None = None,
                         zmax: float | None = None) -> go.Figure:
    """Rows are the `agencies` (agency, name_vi, name_en, in display order), columns the `months`.

    `values` is long: agency, month, value (computed by the metric layer from summed counts).
    """
    na = formatting.NA["en" if lang == "en" else "vi"]
    codes = list(agencies["agency"])
    names = list(name_of(agencies, lang).fillna(agencies["agency"]))
    x = [month_label(m) for m in months]
    grid = value_grid(values, codes, months)
    z = grid.to_numpy()
    missing = np.isnan(z)
    finite = z[~missing]
    lo = zmin if zmin is not None else (float(finite.min()) if finite.size else 0.0)
    hi = zmax if zmax is not None else (float(finite.max()) if finite.size else 100.0)
    if hi <= lo:
        hi = lo + 1.0
    cell = [[na if np.isnan(v) else (formatting.number(v, lang, 1) if metric.is_rate else formatting.number(v, lang))
             for v in row] for row in z]
    scale = SCALE if metric.higher_is_better else [[1 - p, c] for p, c in reversed(SCALE)]
    d = Draft()
    na_text = [[na if m else "" for m in row] for row in missing]
    d.add("heatmap",  # grey layer: the N/A cells
          z=np.where(missing, 1.0, np.nan), x=x, y=names, colorscale=[[0, NA_COLOR], [1, NA_COLOR]],
          showscale=False, xgap=1, ygap=1, name=na, hoverongaps=False,
          text=na_text, texttemplate="%{text}", textfont={"size": 10, "color": "#424242"},
          hovertemplate="%{y} · %{x}: " + na + "<extra></extra>")
    d.add("heatmap",
          z=np.where(missing, np.nan, z), x=x, y=names, zmin=lo, zmax=hi, colorscale=scale,
          text=cell, texttemplate="%{text}", textfont={"size": 11}, xgap=1, ygap=1, hoverongaps=False,
          hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
          colorbar={"title": {"text": metric.unit(lang)}, "ticksuffix": "%" if metric.is_rate else "",
                    "thickness": 14}, name=metric.label(lang))
    frame(d, title, subtitle, max(300, 160 + ROW_PX * len(codes)), lang, False, {
        "plot_bgcolor": "white", "margin": {"t": 125},
        "xaxis": {"title": {"text": t("ch_month", lang)}, "type": "category", "side": "top", "tickangle": 0},
        "yaxis": {"title": {"text": t("ch_agency", lang)}, "type": "category", "autorange": "reversed",
                  "automargin": True},
    })
    return d.figure()
