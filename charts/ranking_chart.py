"""Ranking figures: agencies as bars in rank order (composite coloured by band, a KPI by its traffic
light), and one agency's rank month by month (rank 1 on top)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.draft import Draft
from charts.theme import NA_COLOR, SERIES, STATUS_COLORS, layout_spec, separators
from i18n import name_of, t
from metrics import catalog, formatting
from metrics.periods import month_label
from metrics.ranking import BANDS, band
from metrics.ranking_export import COMPOSITE, format_value, is_rate, metric_label, metric_unit

BAND_COLORS = {"xuat_sac": "#1a9850", "tot": "#66bd63", "kha": "#a6d96a", "trung_binh": "#f0a202", "yeu": "#d73027"}
ROW_PX = 22
HIGHLIGHT_LINE = "#111827"


def _names(df: pd.DataFrame, lang: str) -> list[str]:
    return list(name_of(df, lang).fillna(df["agency"]))


def _labels(df: pd.DataFrame, lang: str, highlight: str | None) -> list[str]:
    out = []
    for rank, name, code in zip(df["rank"], _names(df, lang), df["agency"]):
        lab = f"{int(rank)}. {name}" if pd.notna(rank) else name
        out.append(f"<b>▶ {lab}</b>" if code == highlight else lab)
    return out


def _groups(df: pd.DataFrame, metric: str, lang: str) -> list[tuple[str, str, pd.Series]]:
    """(legend name, colour, row mask) for each colour class present."""
    if metric == COMPOSITE:
        bands = df["value"].map(lambda v: band(v, "vi"))
        out = []
        for floor, key, vi, en in BANDS:
            label = f"{en if lang == 'en' else vi} (≥ {formatting.number(floor, lang)})"
            out.append((label, BAND_COLORS[key], bands == vi))
        return out
    m = catalog.get(metric)
    status = df["value"].map(lambda v: m.status(v))
    if m.thresholds is None:
        return [(m.label(lang), SERIES[0], df["value"].notna())]
    good, warn = (format_value(metric, x, lang) for x in m.thresholds)
    better, worse = ("≥", "<") if m.higher_is_better else ("≤", ">")
    low, high = (warn, good) if m.higher_is_better else (good, warn)
    return [(f"{better} {good}", STATUS_COLORS["green"], status == "green"),
            (f"{low} – {high}", STATUS_COLORS["amber"], status == "amber"),
            (f"{worse} {warn}", STATUS_COLORS["red"], status == "red")]


def ranking_figure(ranking: pd.DataFrame, metric: str, lang: str = "vi", *, title: str,
                   highlight: str | None = None, height: int | None = None) -> go.Figure:
    """Horizontal bars in rank order, rank 1 on top; values printed as users read them; agencies
    without data are not drawn and counted in a note. `highlight` marks one agency's bar."""
    df = ranking.sort_values(["rank", "agency"], na_position="last").reset_index(drop=True)
    drawn = df[df["value"].notna()].reset_index(drop=True)
    labels = _labels(drawn, lang, highlight)
    d = Draft()
    for name, color, mask in _groups(drawn, metric, lang):
        part = drawn[mask.to_numpy()]
        if part.empty:
            continue
        idx = part.index
        d.add("bar",
              x=part["value"], y=[labels[i] for i in idx], orientation="h", name=name,
              marker={"color": color,
                      "line": {"color": [HIGHLIGHT_LINE if c == highlight else color for c in part["agency"]],
                               "width": [3 if c == highlight else 0 for c in part["agency"]]}},
              text=[format_value(metric, v, lang) for v in part["value"]], textposition="outside",
              cliponaxis=False, customdata=part["agency"],
              hovertemplate="%{y}: %{text}<extra></extra>")
    unit = metric_unit(metric, lang)
    n_rows = max(len(drawn), 1)
    # Bars start at zero; rates end at 100% unless every value is small, then just past the largest.
    upper = float(drawn["value"].max()) if len(drawn) else 1.0
    upper = 100.0 if metric == COMPOSITE else min(100.0, max(upper * 1.15, 5.0)) if is_rate(metric) else upper * 1.12
    axis = t("rk_col_points", lang) if metric == COMPOSITE else t("rk_axis_value", lang, metric=metric_label(metric, lang), unit=unit)
    d.lay(layout_spec(title, height or max(320, 130 + ROW_PX * n_rows)), {
        "separators": separators(lang), "barmode": "overlay", "bargap": 0.25, "showlegend": True,
        "margin": {"l": 10, "r": 40, "t": 120, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": 12},
                   "title": {"text": t("rk_col_band", lang) if metric == COMPOSITE else "", "side": "left"}},
        "yaxis": {"title": {"text": t("rk_axis_agency", lang)}, "categoryorder": "array", "categoryarray": labels,
                  "autorange": "reversed", "type": "category", "tickfont": {"size": 12}},
        "xaxis": {"title": {"text": axis}, "range": [0, upper * (1.1 if upper == 100.0 else 1.0)],
                  "ticksuffix": "%" if is_rate(metric) else ""},
    })
    missing = int(df["value"].isna().sum())
    if missing:
        d.note(text=t("rk_chart_na", lang, n=missing), xref="paper", yref="paper", x=1, y=0,
               xanchor="right", yanchor="bottom", showarrow=False, font={"color": NA_COLOR, "size": 12})
    return d.figure()


def rank_trend_figure(history: pd.DataFrame, lang: str = "vi", *, title: str, name: str = "") -> go.Figure:
    """Rank per month as a line, rank 1 at the top (reversed axis); months without a rank are gaps."""
    return rank_trend_draft(history, lang, title=title, name=name).figure()


def rank_trend_draft(history: pd.DataFrame, lang: str = "vi", *, title: str, name: str = "") -> Draft:
    """`rank_trend_figure` before it is built (to mark breaks first)."""
    x = [month_label(m) for m in history["month"]]
    ranks = [None if pd.isna(r) else int(r) for r in history["rank"]]
    of = [None if pd.isna(o) else int(o) for o in history["of"]]
    worst = max([o for o in of if o] or [1])
    d = Draft().add(
        "scatter", x=x, y=ranks, mode="lines+markers+text", name=name, connectgaps=False,
        line={"color": SERIES[0], "width": 3}, marker={"size": 9},
        text=[str(r) if r is not None else "" for r in ranks], textposition="top center",
        customdata=[o or "" for o in of],
        hovertemplate="%{x}: " + t("rk_col_rank", lang) + " %{y}/%{customdata}<extra></extra>")
    return d.lay(layout_spec(title, 360), {
        "separators": separators(lang), "showlegend": False, "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "yaxis": {"title": {"text": t("card_axis_rank", lang)}, "range": [worst + 0.5, 0.5], "autorange": False,
                  "tick0": 1, "dtick": max(1, round(worst / 8)), "zeroline": False},
        "xaxis": {"title": {"text": t("month_axis", lang)}, "type": "category"},
    })
