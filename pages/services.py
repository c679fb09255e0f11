"""Dịch vụ công / Online services: progress toward the level-4 target, integration on the National
Public Service Portal by agency, and dossiers synced to and submitted through the Portal."""
from __future__ import annotations

import streamlit as st

from charts.series import monthly_series, target_progress
from i18n import t
from metrics import catalog, formatting
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import components, kpi_parts, view_pieces
from pages.view_context import Ctx, drawn_period, last_months

LEVEL4 = "services_full_online_share"
FLOWS = ("portal_dossiers_synced", "portal_dossiers_online")


def progress(ctx: Ctx) -> None:
    """The nationwide level-4 share (national catalogue row) against its target and deadline."""
    components.chart_and_note(*view_pieces.piece(progress_piece, ctx))


def progress_piece(ctx: Ctx):
    """(figure, note on the target or None) of `progress` (built once per view, see view_pieces.piece)."""
    m = catalog.get(LEVEL4)
    national = Scope.national(ctx.boundary)
    df = reads.recent_trend(ctx, LEVEL4, months=36, scope=national)
    tgt = reads.target(ctx, LEVEL4)
    label = (t("target_by", ctx.lang, value=formatting.value(m, tgt["target"], ctx.lang),
               deadline=tgt["deadline"].strftime("%d/%m/%Y")) if tgt else None)
    fig = target_progress(
        m, df, ctx.lang, title=m.label(ctx.lang),
        subtitle=t("kp_progress_sub", ctx.lang, period=drawn_period(df, ctx.period).label(ctx.lang)),
        target=tgt["target"] if tgt else None, deadline=tgt["deadline"] if tgt else None, target_label=label,
        projected=tgt["projected"] if tgt else None, projection_label=t("kp_projection", ctx.lang))
    if not tgt:
        return fig, t("kp_no_target", ctx.lang)
    if tgt["projected"] is not None and tgt["deadline"] > ctx.period.end_date:
        return fig, t("kp_projection_note", ctx.lang, value=formatting.value(m, tgt["projected"], ctx.lang))
    return fig, None


def flows(ctx: Ctx) -> None:
    """Dossiers synced to and submitted online through the Portal: period totals and monthly bars."""
    for col, metric_id in zip(st.columns(2), FLOWS):
        with col:
            components.kpi_card(ctx, metric_id)
            components.chart(view_pieces.piece(flow_figure, ctx, metric_id))


def flow_figure(ctx: Ctx, metric_id: str):
    """One flow's monthly bars of `flows` (built once per view, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    df = reads.recent_trend(ctx, metric_id)
    window = drawn_period(df, last_months(ctx, 24))
    scope_label = kpi_parts.scope_name(ctx)
    return monthly_series([(m.label(ctx.lang), df)], ctx.lang, unit=m.unit(ctx.lang), kind="bar", nticks=8,
                          title=t("kp_trend", ctx.lang, metric=m.label(ctx.lang)),
                          subtitle=kpi_parts.subtitle(ctx, scope_label, window))


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "nav_services")
    for row in ((LEVEL4, "services_online"), ("services_portal_share", "services_on_portal")):
        for col, metric_id in zip(st.columns(2), row):
            with col:
                components.kpi_card(ctx, metric_id)

    st.subheader(t("kp_sec_progress", ctx.lang))
    progress(ctx)

    st.subheader(t("kp_sec_portal", ctx.lang))
    left, right = st.columns(2)
    with left:
        kpi_parts.rankings(ctx, "services_portal_share", kinds=("province",), note=False)
    with right:
        kpi_parts.rankings(ctx, "services_on_portal", kinds=("province",), note=False)
    st.caption(t("kp_worst_note", ctx.lang))

    st.subheader(t("kp_sec_flows", ctx.lang))
    flows(ctx)
    components.footer(ctx)

