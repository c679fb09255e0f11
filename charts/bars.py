"""Bar figures: agencies ranked on one metric (the weakest highlighted), top/bottom lists, and
stacked task-status bars. Values on the bars are written the way users read them (`95,8%`, `1.435`).
"""
from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.draft import Draft
from charts.frame import frame
from charts.theme import SERIES, STATUS_COLORS
from i18n import name_of, t
from metrics import formatting
from metrics.catalog import TASK_STATUS_COLUMNS, Metric

BASE_COLOR = SERIES[0]
WORST_COLOR = STATUS_COLORS["red"]
ROW_PX = 24  # height of one agency's bar: legible on a wall screen
STATUS_BAR_COLORS = {"done_on_time": STATUS_COLORS["green"], "done_late": "#a6d96a",
                     "in_progress": "#4a90d9", "overdue": STATUS_COLORS["red"]}


def status_label(column: str, lang: str) -> str:
    """The legend name of a task status column (`done_on_time`, ...)."""
    return t(f"ch_status_{column}", lang)


def _name(df: pd.DataFrame, lang: str) -> pd.Series:
    return name_of(df, lang).fillna(df["agency"]) if {"name_vi", "name_en"} <= set(df.columns) else df["agency"]


def short_value(metric: Metric, x, lang: str) -> str:
    """A value as printed on a bar: `95,8%` for rates, `1.435` for counts, N/A when missing."""
    return formatting.percent(x, lang) if metric.is_rate else formatting.number(x, lang)


def axis_title(metric: Metric, lang: str) -> str:
    """Short value-axis title (the metric's name is in the figure title): `Tỷ lệ (%)`, `Văn bản`."""
    if metric.is_rate:
        return t("ch_rate_axis", lang)
    unit = metric.unit(lang)
    return unit[:1].upper() + unit[1:]


def worst_codes(ranking: pd.DataFrame, n: int = 5) -> set[str]:
    """The agencies holding the n worst ranks (ties at the edge included); unranked ones excluded."""
    ranked = ranking.dropna(subset=["rank"])
    if ranked.empty or n <= 0:
        return set()
    edge = sorted(ranked["rank"].astype(int), reverse=True)[: n][-1]
    return set(ranked.loc[ranked["rank"].astype(int) >= edge, "agency"])


def _height(rows: int) -> int:
    return max(260, 110 + ROW_PX * rows)


def ranking_bars(metric: Metric, ranking: pd.DataFrame, lang: str = "vi", *, title: str,
                 subtitle: str | None = None, worst: int = 5, reference: float | None = None, reference_label: str | None = None,
                 focus: str | None = None) -> go.Figure:
    """Horizontal bars in rank order (rank 1 on top); the `worst` weakest in red; no-data agencies last.

    `ranking` has agency, name_vi, name_en, value, rank (as `metrics.ranking.rank_agencies` returns).
    `focus` is an agency code whose label is marked (the agency the view is about).
    """
    na = formatting.NA["en" if lang == "en" else "vi"]
    df = ranking.sort_values(["rank", "agency"], na_position="last").reset_index(drop=True)
    labels = [f"{int(r)}. {n}" if pd.notna(r) else f"–  {n}" for r, n in zip(df["rank"], _name(df, lang))]
    labels = [f"<b>▶ {lab}</b>" if code == focus else lab for lab, code in zip(labels, df["agency"])]
    low = worst_codes(df, worst)
    d = Draft()
    for group, color, name in ((False, BASE_COLOR, None), (True, WORST_COLOR, t("ch_worst", lang, n=worst))):
        mask = df["agency"].isin(low) == group
        mask &= df["value"].notna()
        if not mask.any():
            continue
        sub = df[mask]
        d.add("bar", x=sub["value"], y=[labels[i] for i in sub.index], orientation="h", name=name or "",
              showlegend=bool(name), marker={"color": color},
              text=[short_value(metric, v, lang) for v in sub["value"]], textposition="outside", cliponaxis=False,
              hovertemplate="%{y}: %{text}<extra></extra>")
    missing = df[df["value"].isna()]
    if len(missing):
        d.add("scatter", x=[0] * len(missing), y=[labels[i] for i in missing.index], mode="text", name=na,
              text=[na] * len(missing), textposition="middle right", textfont={"color": "#616161"}, showlegend=False,
              hovertemplate="%{y}: " + na + "<extra></extra>")
    if reference is not None and reference == reference:  # named in the subtitle: no label to collide with
        d.vline(reference, {"color": "#424242", "dash": "dot", "width": 2}, layer="below")
        ref_text = f"┆ {reference_label or ''}: {short_value(metric, reference, lang)}"
        subtitle = f"{subtitle}<br>{ref_text}" if subtitle else ref_text
    top = df["value"].max()
    upper = (100.0 if metric.is_rate else (top if top == top else 1.0) * 1.15) if len(df) else 1.0
    frame(d, title, subtitle, _height(len(df)), lang, any(tr.get("showlegend") for tr in d.data), {
        "bargap": 0.25, "margin": {"r": 60},
        "xaxis": {"title": {"text": axis_title(metric, lang)}, "range": [0, max(upper, 1.0) * 1.04],
                  "ticksuffix": "%" if metric.is_rate else "", "tickformat": "" if metric.is_rate else ","},
        "yaxis": {"title": {"text": t("ch_agency", lang)}, "type": "category", "categoryorder": "array",
                  "categoryarray": labels, "autorange": "reversed", "automargin": True},
    })
    return d.figure()


def top_bottom_bars(metric: Metric, values: pd.DataFrame, lang: str = "vi", *, title: str,
                    subtitle: str | None = None, n: int = 10) -> go.Figure:
    """Two panels: the n agencies with the highest values and the n with the lowest (reporting ones only)."""
    df = values.dropna(subset=["value"]).sort_values(["value", "agency"], ascending=[False, True])
    k = min(n, len(df))
    top = df.head(k)
    bottom = df.tail(k).iloc[::-1] if len(df) > k else df.iloc[0:0]
    d = Draft().lay(_two_panels(f"{t('ch_top', lang)} ({k})", f"{t('ch_bottom', lang)} ({len(bottom)})"))
    for col, part, color in ((1, top, BASE_COLOR), (2, bottom, WORST_COLOR)):
        names = list(_name(part, lang))
        axis = "" if col == 1 else str(col)
        d.add("bar", x=part["value"], y=names, orientation="h", marker={"color": color}, showlegend=False,
              text=[short_value(metric, v, lang) for v in part["value"]], textposition="outside",
              cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>", xaxis=f"x{axis}", yaxis=f"y{axis}")
        peak = part["value"].max() if len(part) else 1.0
        d.lay({f"yaxis{axis}": {"type": "category", "categoryorder": "array", "categoryarray": names,
                                "autorange": "reversed", "automargin": True},
               f"xaxis{axis}": {"title": {"text": axis_title(metric, lang)}, "range": [0, max(float(peak), 1.0) * 1.3],
                                "ticksuffix": "%" if metric.is_rate else "", "tickformat": "" if metric.is_rate else ","}})
    frame(d, title, subtitle, _height(k) + 30, lang, False, {"margin": {"r": 40, "t": 110}})
    return d.figure()


@lru_cache(maxsize=1)
def _panel_grid() -> dict:
    """The layout of two panels side by side with a title over each, as plotly's `make_subplots` lays
    them out (axes, domains, title annotations), made once."""
    grid = make_subplots(rows=1, cols=2, subplot_titles=("left", "right"), horizontal_spacing=0.22).layout.to_plotly_json()
    grid.pop("template", None)
    return grid


def _two_panels(left: str, right: str) -> dict:
    """`_panel_grid` with the panels' titles."""
    grid = _panel_grid()
    titles = [{**note, "text": text} for note, text in zip(grid["annotations"], (left, right))]
    return {**{key: value for key, value in grid.items() if key != "annotations"}, "annotations": titles}


def status_bars(status: pd.DataFrame, lang: str = "vi", *, title: str, subtitle: str | None = None) -> go.Figure:
    """Stacked horizontal bars of tasks by status per agency, the highest overdue rate on top.

    `status` has agency, name_vi, name_en, the four status counts and overdue_rate
    (as `metrics.task_lists.task_status_by_agency` returns).
    """
    df = status.copy()
    sort_cols = ["overdue_rate", "overdue", "agency"] if "overdue_rate" in df else ["overdue", "agency"]
    df = df.sort_values(sort_cols, ascending=[False] * (len(sort_cols) - 1) + [True], na_position="last")
    names = list(_name(df, lang))
    written = cache(lambda v: formatting.number(v, lang))  # counts repeat across agencies and statuses
    d = Draft()
    for col in TASK_STATUS_COLUMNS:
        label = status_label(col, lang)
        d.add("bar", x=df[col], y=names, orientation="h", name=label, marker={"color": STATUS_BAR_COLORS[col]},
              text=[written(v) if v else "" for v in df[col]], textposition="inside",
              insidetextanchor="middle", textangle=0, hovertemplate="%{y}<br>" + label + ": %{x}<extra></extra>")
    frame(d, title, subtitle, _height(len(df)) + 30, lang, True, {
        "barmode": "stack", "uniformtext": {"minsize": 10, "mode": "hide"}, "legend": {"traceorder": "normal"},
        "xaxis": {"title": {"text": t("ch_tasks", lang)}, "tickformat": ","},
        "yaxis": {"title": {"text": t("ch_agency", lang)}, "type": "category", "categoryorder": "array",
                  "categoryarray": names, "autorange": "reversed", "automargin": True},
    })
    return d.figure()
