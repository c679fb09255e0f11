"""Nhiệm vụ / Tasks: completion and overdue rates, status by agency, and the overdue task list."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.bars import status_bars
from data.cell_safety import csv_bytes
from i18n import name_of, t
from metrics.scope import Scope
from metrics.periods import task_window
from pages import cached_reads as reads
from pages import components, kpi_parts, view_pieces
from pages.view_context import Ctx

CARDS = ("tasks_assigned", "task_completion_rate", "task_overdue_rate")


def _as_of(ctx: Ctx) -> str:
    return ctx.period.end_date.strftime("%d/%m/%Y")


def _window(ctx: Ctx) -> str:
    return task_window(ctx.period).label(ctx.lang)


def status_chart(ctx: Ctx, scope: Scope) -> None:
    """Stacked status bars for the agencies of one scope."""
    components.chart(view_pieces.piece(status_figure, ctx, scope))


def status_figure(ctx: Ctx, scope: Scope):
    """The figure of `status_chart` (built once per view and scope, see view_pieces.piece)."""
    df = reads.task_status(ctx, scope)
    scope_label = kpi_parts.scope_name(ctx, scope)
    return status_bars(df, ctx.lang, title=t("kp_status", ctx.lang), subtitle=t(
        "kp_status_sub", ctx.lang, scope=scope_label, period=_window(ctx), date=_as_of(ctx)))


def status_by_agency(ctx: Ctx) -> None:
    """Nationwide: ministries and provinces in two tabs; otherwise the agencies of the chosen scope."""
    if ctx.scope.level == "national":
        tabs = st.tabs([t("kp_ministries_tab", ctx.lang), t("kp_provinces_tab", ctx.lang)])
        for tab, kind in zip(tabs, ("ministry", "province")):
            with tab:
                status_chart(ctx, Scope.of_kind(kind, ctx.boundary))
    else:
        status_chart(ctx, ctx.scope)
    st.caption(t("kp_status_note", ctx.lang))


def overdue_table(ctx: Ctx) -> pd.DataFrame:
    """The overdue list with the columns users read, headed in their language."""
    df = reads.overdue(ctx)
    names = pd.Series([name_of(r, ctx.lang) for _, r in df.iterrows()], index=df.index, dtype=object).fillna(df["agency"])
    return pd.DataFrame({
        t("kp_col_id", ctx.lang): df["task_id"],
        t("kp_col_title", ctx.lang): df["title"],
        t("kp_col_agency", ctx.lang): names,
        t("kp_col_assigned", ctx.lang): pd.to_datetime(df["assigned_on"]),
        t("kp_col_due", ctx.lang): pd.to_datetime(df["due_on"]),
        t("kp_col_days", ctx.lang): df["days_overdue"],
    })


def overdue_piece(ctx: Ctx) -> dict:
    """The overdue list's count line, table (as Arrow; None when nothing is overdue), CSV file and
    its name (built once per view, see view_pieces.piece)."""
    table = overdue_table(ctx)
    scope_label = kpi_parts.scope_name(ctx)
    count = t("kp_overdue_count", ctx.lang, n=len(table), scope=scope_label, period=_window(ctx), date=_as_of(ctx))
    if table.empty:
        return {"count": count, "table": None}
    dates = [t(k, ctx.lang) for k in ("kp_col_assigned", "kp_col_due")]
    csv = csv_bytes(table.assign(**{c: table[c].dt.strftime("%Y-%m-%d") for c in dates}))
    return {"count": count, "table": view_pieces.as_arrow(table), "dates": dates, "csv": csv,
            "file_name": f"{t('kp_csv_name', ctx.lang)}-{task_window(ctx.period).start}-{ctx.period.end}.csv"}


def overdue_list(ctx: Ctx) -> None:
    """Sortable list of the overdue unfinished tasks, downloadable as a formula-safe CSV (UTF-8 for Excel)."""
    part = view_pieces.piece(overdue_piece, ctx)
    st.caption(part["count"])
    if part["table"] is None:
        st.info(t("kp_no_overdue", ctx.lang))
        return
    dates = {c: st.column_config.DateColumn(format="DD/MM/YYYY") for c in part["dates"]}
    st.dataframe(part["table"], hide_index=True, column_config={
        **dates, t("kp_col_title", ctx.lang): st.column_config.TextColumn(width="large"),
        t("kp_col_days", ctx.lang): st.column_config.NumberColumn(format="%d")})
    st.download_button(t("download_csv", ctx.lang), data=part["csv"], mime="text/csv",
                       file_name=part["file_name"], on_click="ignore", icon=":material/download:")


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "nav_tasks")
    for col, metric_id in zip(st.columns(3), CARDS):
        with col:
            components.kpi_card(ctx, metric_id)

    st.subheader(t("kp_sec_trends", ctx.lang))
    left, right = st.columns(2)
    with left:
        kpi_parts.trend_with_target(ctx, "task_completion_rate")
    with right:
        kpi_parts.trend_with_target(ctx, "task_overdue_rate")
    st.caption(t("kp_task_trend_note", ctx.lang))

    st.subheader(t("kp_sec_status", ctx.lang))
    status_by_agency(ctx)

    st.subheader(t("kp_sec_overdue", ctx.lang))
    overdue_list(ctx)
    components.footer(ctx)

