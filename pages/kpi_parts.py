"""Layout pieces shared by the KPI family pages: a metric's recent trend with its target, and the
rankings of provinces and ministries on one metric. Each piece asks the cached reads for frames and
hands them to charts, once per view (`pages.view_pieces.piece`); no number is computed here."""
from __future__ import annotations

import streamlit as st

from charts.bars import ranking_bars
from charts.breaks import marked
from charts.frame import retitle
from charts.trend import trend_draft
from i18n import t
from metrics import catalog, formatting
from metrics.boundary_breaks import Break, breaks
from metrics.scope import Scope, label as label_of_scope
from pages import cached_reads as reads
from pages import view_pieces
from pages.components import chart, chart_and_note
from pages.view_context import Ctx, card_periods, drawn_period, last_months


def trend_with_target(ctx: Ctx, metric_id: str, months: int = 24, scope: Scope | None = None) -> None:
    """The metric's monthly values over the last `months` months, with the national target line."""
    chart_and_note(*view_pieces.piece(trend_piece, ctx, metric_id, months, scope))


def trend_piece(ctx: Ctx, metric_id: str, months: int, scope: Scope | None):
    """(figure, note or None) of `trend_with_target` (built once per view, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    df = reads.recent_trend(ctx, metric_id, months, scope)
    window = drawn_period(df, last_months(ctx, months))
    scope_label = scope_name(ctx, scope)
    # the target in force at the period's end: the entry the metric's card reads (a task card's
    # 12-month window ends with the period)
    tgt = reads.target(ctx, metric_id, card_periods(ctx, m)[0]) if (scope or ctx.scope).level == "national" else None
    label = (t("target_by", ctx.lang, value=formatting.value(m, tgt["target"], ctx.lang),
               deadline=tgt["deadline"].strftime("%d/%m/%Y")) if tgt else None)
    marks = break_marks(scope or ctx.scope, window, m)
    fig = _titled_trend(m, df, ctx.lang, tgt["target"] if tgt else None, label,
                        t("kp_trend", ctx.lang, metric=m.label(ctx.lang)), subtitle(ctx, scope_label, window), marks)
    note = ":orange[⚠] " + Break(*marks[-1]).stock_note(ctx.lang) if marks and m.time_agg == "last" else None
    return fig, note


def break_marks(scope: Scope, period, m) -> tuple[tuple[str, str], ...]:
    """The boundary breaks inside a drawn period, as hashable (month, kind) pairs for cached figures."""
    return tuple((b.month, b.kind) for b in breaks(scope, period, m.kinds, m.national_row))


def _titled_trend(m, df, lang, target, target_label, title, sub, marks=()):
    draft = marked(trend_draft(m, df, lang, target=target, target_label=target_label), df, marks, lang)
    return retitle(draft, title, sub, lang).figure()


def scope_name(ctx: Ctx, scope: Scope | None = None) -> str:
    """The name of the view's scope (or another), as the metric layer labels its numbers."""
    return label_of_scope(scope or ctx.scope, ctx.period, ctx.lang)


def subtitle(ctx: Ctx, scope_label: str, period) -> str:
    """The second line of a figure's title: scope and period."""
    return t("kp_sub", ctx.lang, scope=scope_label, period=period.label(ctx.lang))


def ranking_subtitle(ctx: Ctx, metric_id: str, kind: str, n: int, period=None) -> str:
    """"Ranking of 63 provinces · 10/2020" (or of a region's provinces, or of the ministries)."""
    period = (period or ctx.period).label(ctx.lang)
    if kind == "province" and ctx.scope.level == "region":
        region = scope_name(ctx)
        return t("kp_rank_region", ctx.lang, region=region, period=period)
    key = "kp_rank_provinces" if kind == "province" else "kp_rank_ministries"
    return t(key, ctx.lang, n=n, period=period)


def rankings(ctx: Ctx, metric_id: str, kinds: tuple[str, ...] = ("province", "ministry"),
             note: bool = True) -> None:
    """Provinces (in the view's boundary set, or the region's) and ministries ranked for the period."""
    cols = st.columns(2) if len(kinds) == 2 else [st.container()]
    for col, kind in zip(cols, kinds):
        with col:
            chart(view_pieces.piece(ranking_piece, ctx, metric_id, kind))
    if note:
        st.caption(t("kp_worst_note", ctx.lang))


def ranking_piece(ctx: Ctx, metric_id: str, kind: str):
    """One kind's ranking bars of `rankings` (built once per view, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    national = reads.value(ctx, metric_id, scope=Scope.national(ctx.boundary))["value"]
    region = ctx.scope.region if kind == "province" and ctx.scope.level == "region" else None
    df = reads.ranking(ctx, metric_id, kind, region=region)
    return ranking_bars(m, df, ctx.lang, title=m.label(ctx.lang),
                        subtitle=ranking_subtitle(ctx, metric_id, kind, len(df)),
                        reference=national if m.is_rate else None,
                        reference_label=t("sc_national", ctx.lang), focus=ctx.scope.agency)
