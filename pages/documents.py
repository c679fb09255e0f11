"""Văn bản / Documents: volume over the National Document Axis, agencies connected, digitally signed share."""
from __future__ import annotations

import streamlit as st

from charts.bars import top_bottom_bars
from charts.breaks import marked
from charts.series import monthly_series, monthly_series_draft
from i18n import name_of, t
from metrics import catalog, formatting
from metrics.boundary_breaks import Break
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import components, kpi_parts, view_pieces
from pages.view_context import Ctx, drawn_period, last_months

CONNECTED = "agencies_connected"


def connected_card(ctx: Ctx) -> None:
    """Agencies connected at the period's end as x/y (connected / reporting), and the change in x."""
    card = view_pieces.piece(connected_texts, ctx)
    st.metric(card["label"], card["shown"], delta=card["delta"], border=True, help=card["help"])
    st.caption(card["caption"])


def connected_texts(ctx: Ctx) -> dict:
    """The texts of `connected_card` (built once per view, see view_pieces.piece)."""
    m = catalog.get(CONNECTED)
    cur, prev = reads.value(ctx, CONNECTED), reads.value(ctx, CONNECTED, period=ctx.compare)
    shown = (t("kp_connected_value", ctx.lang, x=formatting.number(cur["numerator"], ctx.lang),
               y=formatting.number(cur["denominator"], ctx.lang))
             if cur["value"] is not None and cur["denominator"] else formatting.NA[ctx.lang])
    change = None if cur["value"] is None or prev["value"] is None else cur["value"] - prev["value"]
    return {"label": m.label(ctx.lang), "shown": shown, "delta": formatting.delta(m, change, ctx.lang),
            "help": t("kp_connected_help", ctx.lang, period=ctx.period.label(ctx.lang), scope=cur["scope_label"]),
            "caption": t("vs", ctx.lang, period=ctx.compare.label(ctx.lang))}


def volume(ctx: Ctx) -> None:
    """Documents sent and received by month over the last 24 months."""
    components.chart(view_pieces.piece(volume_figure, ctx))


def volume_figure(ctx: Ctx):
    """The figure of `volume` (built once per view, see view_pieces.piece)."""
    sent, received = (reads.recent_trend(ctx, mid) for mid in ("documents_sent", "documents_received"))
    window = drawn_period(sent, last_months(ctx, 24))
    scope_label = kpi_parts.scope_name(ctx)
    return monthly_series(
        [(t("kp_sent", ctx.lang), sent), (t("kp_received", ctx.lang), received)], ctx.lang,
        title=t("kp_volume", ctx.lang), subtitle=kpi_parts.subtitle(ctx, scope_label, window),
        unit=t("kp_doc_unit", ctx.lang), kind="bar")


def by_agency(ctx: Ctx) -> None:
    """The agencies sending (or receiving) the most and the fewest documents in the period."""
    metric_id = st.segmented_control(t("metric", ctx.lang), ("documents_sent", "documents_received"),
                                     default="documents_sent", key="doc_by_agency", required=True,
                                     format_func=lambda k: catalog.get(k).label(ctx.lang))
    components.chart_and_note(*view_pieces.piece(by_agency_piece, ctx, metric_id))


def by_agency_piece(ctx: Ctx, metric_id: str):
    """(figure, note on the agencies that did not report or None) of `by_agency` (built once per view
    and metric, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    scope = ctx.scope if ctx.scope.level != "agency" else Scope.national(ctx.boundary)
    values = reads.values_by_agency(ctx, metric_id, scope)
    scope_label = kpi_parts.scope_name(ctx, scope)
    fig = top_bottom_bars(m, values, ctx.lang, title=t("kp_top_bottom", ctx.lang, metric=m.label(ctx.lang)),
                          subtitle=kpi_parts.subtitle(ctx, scope_label, ctx.period))
    silent = values[values["value"].isna()]
    if not len(silent):
        return fig, None
    names = ", ".join(name_of(r, ctx.lang) for _, r in silent.iterrows())
    return fig, "⚠️ " + t("kp_no_report_agencies", ctx.lang, n=len(silent), names=names)


def connected_trend(ctx: Ctx) -> None:
    """Agencies connected and agencies reporting, month by month."""
    components.chart_and_note(*view_pieces.piece(connected_trend_piece, ctx))


def connected_trend_piece(ctx: Ctx):
    """(figure, merger note or None) of `connected_trend` (built once per view, see view_pieces.piece)."""
    df = reads.recent_trend(ctx, CONNECTED)
    window = drawn_period(df, last_months(ctx, 24))
    reporting = df[["month"]].assign(value=df["denominator"].astype(float))
    scope_label = kpi_parts.scope_name(ctx)
    marks = kpi_parts.break_marks(ctx.scope, window, catalog.get(CONNECTED))
    fig = marked(monthly_series_draft(
        [(t("kp_connected", ctx.lang), df), (t("kp_reporting", ctx.lang), reporting)], ctx.lang,
        title=t("kp_connected_trend", ctx.lang), subtitle=kpi_parts.subtitle(ctx, scope_label, window),
        unit=t("kp_agency_unit", ctx.lang), kind="line"), df, marks, ctx.lang).figure()
    # the count of agencies changes with the merger: 95 before 03/2025, 61 after 07/2025
    return fig, (":orange[⚠] " + Break(*marks[-1]).stock_note(ctx.lang) if marks else None)


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "nav_documents")
    for col, metric_id in zip(st.columns(3), ("documents_sent", "documents_received", "documents_signed_share")):
        with col:
            components.kpi_card(ctx, metric_id)

    st.subheader(t("kp_sec_volume", ctx.lang))
    volume(ctx)
    by_agency(ctx)

    st.subheader(t("kp_sec_connected", ctx.lang))
    card, trend = st.columns([1, 3])
    with card:
        connected_card(ctx)
    with trend:
        connected_trend(ctx)

    st.subheader(t("kp_sec_signed", ctx.lang))
    kpi_parts.trend_with_target(ctx, "documents_signed_share")
    kpi_parts.rankings(ctx, "documents_signed_share")
    components.footer(ctx)

