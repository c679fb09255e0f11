"""Hồ sơ TTHC / Dossiers: on-time and online rates, volume, rankings and the 12-month province heatmap."""
from __future__ import annotations

import streamlit as st

from charts.heatmap import agency_month_heatmap
from i18n import t
from metrics import catalog
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import components, kpi_parts, view_pieces
from pages.view_context import Ctx, last_months

ON_TIME = "dossier_on_time_rate"


def heatmap(ctx: Ctx) -> None:
    """Provinces × the last 12 months of the on-time rate; months not reported are grey N/A cells."""
    components.chart(view_pieces.piece(heatmap_figure, ctx))
    st.caption(t("kp_heatmap_note", ctx.lang))


def heatmap_figure(ctx: Ctx):
    """The heatmap of `heatmap` (built once per view, see view_pieces.piece)."""
    m = catalog.get(ON_TIME)
    window = last_months(ctx, 12)
    region = ctx.scope.region if ctx.scope.level == "region" else None
    scope = Scope.of_region(region, ctx.boundary) if region else Scope.of_kind("province", ctx.boundary)
    order = reads.ranking(ctx, ON_TIME, "province", region=region, period=window)
    values = reads.agency_months(ctx, ON_TIME, scope, window)
    sub = (kpi_parts.ranking_subtitle(ctx, ON_TIME, "province", len(order), window) if region
           else t("kp_heatmap_sub", ctx.lang, n=len(order), period=window.label(ctx.lang)))
    return agency_month_heatmap(m, values, order, window.months, ctx.lang, subtitle=sub,
                                title=t("kp_heatmap", ctx.lang, metric=m.label(ctx.lang)),
                                zmin=min(85.0, values["value"].min()) if len(values) else None, zmax=100.0)


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "nav_dossiers")
    for col, metric_id in zip(st.columns(3), (ON_TIME, "dossier_online_share", "dossiers_received")):
        with col:
            components.kpi_card(ctx, metric_id)

    st.subheader(t("kp_sec_trends", ctx.lang))
    left, right = st.columns(2)
    with left:
        kpi_parts.trend_with_target(ctx, ON_TIME)
    with right:
        kpi_parts.trend_with_target(ctx, "dossier_online_share")

    st.subheader(t("kp_sec_rankings", ctx.lang))
    kpi_parts.rankings(ctx, ON_TIME)

    st.subheader(t("kp_sec_heatmap", ctx.lang))
    heatmap(ctx)
    components.footer(ctx)

