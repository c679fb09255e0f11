"""Đơn vị / Agency scorecard (`?agency=CODE`): rank on every KPI and overall, change, gaps to the next
place, the best performer, last year and the target, the rank trend, regional peers, overdue tasks."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from charts.breaks import mark_breaks
from charts.ranking_chart import rank_trend_draft
from i18n import name_of, t
from metrics import ranking_export as rx
from metrics import scorecard as sc
from metrics.boundary_breaks import breaks
from metrics.periods import Period, month_label
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import components, explanations, index766, links, rank_reads, view_pieces
from pages.components import literal
from pages.view_context import Ctx, with_scope


def _chooser(ctx: Ctx, code: str | None, container) -> None:
    """A selectbox of the provinces and ministries in view; choosing one writes `agency` to the URL."""
    names = view_pieces.piece(_choices, ctx)
    codes = list(names)
    chosen = container.selectbox(t("choose_agency", ctx.lang), codes, index=codes.index(code) if code in codes else None,
                                 format_func=names.get, placeholder=t("card_choose_hint", ctx.lang),
                                 key=f"card_pick_{ctx.view}_{code}")
    if chosen and chosen != code:
        st.query_params["agency"] = chosen
        st.rerun()


def _choices(ctx: Ctx) -> dict:
    """Code → "name (code)" of the provinces and ministries in view (built once per view)."""
    rows = reads.agencies_in_view(ctx)
    return {r["code"]: f"{name_of(r, ctx.lang)} ({r['code']})" for _, r in rows.iterrows()}


def _unknown(ctx: Ctx, code: str) -> None:
    st.error(t("unknown_agency", ctx.lang, code=literal(code)), icon=":material/error:")
    merged = sc.successor_profile(code, ctx.period, ctx.boundary)
    if merged:
        old, new = (name_of(r, ctx.lang) for r in merged)
        st.info(t("card_merged", ctx.lang, old=old, new=new))
        st.page_link(links.page("scorecard"), label=t("card_open_other", ctx.lang, name=new),
                     query_params=links.params(agency=merged[1]["code"]), icon=":material/arrow_forward:")


def _identity(ctx: Ctx, profile: dict) -> None:
    lang = ctx.lang
    left, right = st.columns([3, 2])
    left.subheader(name_of(profile, lang))
    bits = [t(f"card_kind_{profile['kind']}", lang), t(f"card_set_{profile['set_id']}", lang)]
    if profile["region"]:
        bits.insert(1, t("card_region", lang, region=rx.region_name(profile["region"], lang)))
    left.caption(" · ".join(bits))
    _chooser(ctx, profile["code"], right)
    query = "?" + urlencode(links.params(agency=profile["code"]))
    here = st.context.url or ""
    st.markdown(f"**{t('card_link', lang)}**", help=t("card_link_help", lang))
    st.code(here + query if here else query, language=None, wrap_lines=True)


def _card(ctx: Ctx, code: str, kind: str) -> dict:
    """The agency's ranks on every KPI, its headline cards and the KPI table's texts (built once per
    view, see view_pieces.piece)."""
    lang, metrics = ctx.lang, sc.rankable_metrics(kind)
    current, last_year = rank_reads.rankings(ctx, tuple(metrics), kind, (ctx.period, ctx.period.same_last_year()))
    targets = rank_reads.target_values(ctx, tuple(m for m in metrics if m != rx.COMPOSITE))
    rows = sc.scorecard_rows(current, last_year, code, targets)
    peers = t("card_peers_provinces" if kind == "province" else "card_peers_ministries", lang)
    window = sc.ranked_period("task_completion_rate", ctx.period)
    captions = [t("card_ranks_caption", lang, n=rows.iloc[0]["of"], peers=peers, period=ctx.period.label(lang),
                  last_year=ctx.period.same_last_year().label(lang)) + " "
                + t("card_task_window", lang, period=window.label(lang), date=window.end_date.strftime("%d/%m/%Y"))]
    if rows["ly_former_units"].any():  # last year's stock summed units merged since
        captions.append(":orange[Σ] " + t("mn_former_units_mark", lang))
    return {"headline": sc.headline_cards(rows.iloc[0], ctx.period, lang), "table": sc.display_rows(rows, lang), "captions": captions,
            "labels": {k: t(f"card_col_{k}", lang) for k in sc.display_rows(rows.iloc[0:0], lang).columns}}


def _headline(card: dict) -> None:
    for col, args in zip(st.columns(4), card["headline"]):
        col.metric(**args)


def _kpi_table(ctx: Ctx, card: dict) -> None:
    lang = ctx.lang
    st.subheader(t("card_ranks_title", lang))
    widths = {"metric": 250, "value": 64, "rank": 60, "change": 64, "gap_next": 96, "best": 150, "gap_best": 96,
              "last_year": 120, "target": 70, "target_gap": 96}
    helps = {"last_year": ctx.period.same_last_year().label(lang),
             "change": t("rk_change_note", lang, period=ctx.period.previous().label(lang))}
    st.dataframe(card["table"], hide_index=True, width="stretch", key="card_kpis",
                 column_config={k: st.column_config.TextColumn(v, width=widths[k], help=helps.get(k))
                                for k, v in card["labels"].items()})
    components.captions(card["captions"])


def _rank_trend(ctx: Ctx, profile: dict, metrics: list[str]) -> str:
    lang = ctx.lang
    wanted = st.query_params.get("metric")
    metric = st.selectbox(t("card_trend_metric", lang), metrics, index=metrics.index(wanted) if wanted in metrics else 0,
                          format_func=lambda m: rx.metric_label(m, lang), key="card_trend_metric")
    st.query_params["metric"] = metric
    fig, note = view_pieces.piece(_trend, ctx, profile["code"], profile["kind"], metric)
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
    if note:
        st.caption(note)
    return metric


def _trend(ctx: Ctx, code: str, kind: str, metric: str):
    """The agency's rank month by month on one KPI, and the note on a boundary break (built once per
    view, see view_pieces.piece)."""
    lang, profile = ctx.lang, sc.agency_profile(code, ctx.period, ctx.boundary)
    months = sc.trend_months(ctx.period.end)
    history = sc.rank_history_of(rank_reads.monthly(ctx, metric, kind, months), code, months)
    name = name_of(profile, lang)
    peers = t("card_peers_provinces" if kind == "province" else "card_peers_ministries", lang)
    title = (t("card_trend_title", lang, metric=rx.metric_label(metric, lang)) + "<br><sup>"
             + t("card_trend_sub", lang, name=name, start=month_label(months[0]), end=month_label(months[-1]), peers=peers)
             + "</sup>")
    marks = breaks(Scope.of_kind(kind, ctx.boundary), Period(months[0], months[-1]))
    fig = mark_breaks(rank_trend_draft(history, lang, title=title, name=name), marks, lang).figure()
    # before the break, merged units are ranked on their former units' summed figures
    return fig, (":orange[⚠] " + t("mn_rank_break", lang, label=marks[-1].label(lang))) if marks else None


def _peers(ctx: Ctx, code: str, kind: str, metric: str) -> None:
    lang = ctx.lang
    title, table, caption = view_pieces.piece(_peer_table, ctx, code, kind, metric)
    st.markdown(title)
    st.dataframe(table, hide_index=True, width="stretch", key="card_peers",
                 column_config={"rank": t("rk_col_rank", lang), "name": t("rk_col_name", lang),
                                "value": rx.value_header(metric, lang), "change": t("rk_col_change", lang),
                                "band": t("rk_col_band", lang)})
    st.caption(caption)


def _peer_table(ctx: Ctx, code: str, kind: str, metric: str):
    """(title, table, caption) of the region's provinces or the ministries ranked around the agency
    on one KPI (built once per view, see view_pieces.piece)."""
    lang, profile = ctx.lang, sc.agency_profile(code, ctx.period, ctx.boundary)
    ranking = rank_reads.rankings(ctx, tuple(sc.rankable_metrics(kind)), kind,
                                  (ctx.period, ctx.period.same_last_year()))[0][metric]  # the card's read
    if kind == "province":
        title = f"**{t('card_peers_title', lang, region=rx.region_name(profile['region'], lang))}**"
        group = sc.region_peers(ranking, code)
    else:
        title = f"**{t('card_neighbours_title', lang)}**"
        group = sc.neighbours(ranking, code)
    table = rx.display_table(group, metric, lang).drop(columns=["agency", "region"])
    table["name"] = [f"▶ {n}" if c == code else n for n, c in zip(table["name"], group["agency"])]
    of = int(ranking["of"].iloc[0]) if len(ranking) else 0
    period = sc.ranked_period(metric, ctx.period).label(lang)
    return title, table, t("card_peers_caption", lang, metric=rx.metric_label(metric, lang), period=period, of=of)


def _tasks(ctx: Ctx, code: str) -> None:
    lang, scope = ctx.lang, ctx.scope
    st.subheader(t("card_tasks_section", lang))
    cols = st.columns(3)
    for col, metric in zip(cols, ("tasks_assigned", "task_completion_rate", "task_overdue_rate")):
        with col:
            components.kpi_card(ctx, metric, scope=scope, show_target=False)
    tasks, caption = view_pieces.piece(_overdue, ctx, code)
    st.markdown(f"**{t('card_tasks_title', lang)}**")
    st.caption(caption)
    if tasks.empty:
        st.success(t("card_tasks_none", lang), icon=":material/check_circle:")
        return
    st.dataframe(tasks, hide_index=True, width="stretch",
                 key="card_tasks", column_config={
                     "title": t("card_task_title", lang),
                     "assigned_on": st.column_config.DateColumn(t("card_task_assigned", lang), format="DD/MM/YYYY"),
                     "due_on": st.column_config.DateColumn(t("card_task_due", lang), format="DD/MM/YYYY"),
                     "days_overdue": st.column_config.NumberColumn(t("card_task_days", lang), format="%d")})


def _overdue(ctx: Ctx, code: str):
    """(the agency's overdue tasks, their caption), built once per view (see view_pieces.piece)."""
    lang = ctx.lang
    window = sc.ranked_period("tasks_assigned", ctx.period)  # the same tasks the cards above count
    tasks = reads.overdue(ctx, Scope.of_agency(code, ctx.boundary))
    caption = t("card_tasks_caption", lang, period=window.label(lang), as_of=window.end_date.strftime("%d/%m/%Y"))
    return (tasks if tasks.empty else tasks[["title", "assigned_on", "due_on", "days_overdue"]]), caption


def render(ctx: Ctx) -> None:
    code = (st.query_params.get("agency") or "").strip().upper()
    profile = sc.agency_profile(code, ctx.period, ctx.boundary)
    if profile is None:
        components.page_header(ctx, "nav_scorecard")
        if code:
            _unknown(ctx, code)
        _chooser(ctx, None, st)
        components.footer(ctx)
        return
    actx = with_scope(ctx, Scope.of_agency(profile["code"], ctx.boundary))
    components.page_header(actx, "nav_scorecard")
    _identity(actx, profile)
    explanations.scorecard_panel(actx, profile["code"])
    kind, metrics = profile["kind"], sc.rankable_metrics(profile["kind"])
    card = view_pieces.piece(_card, actx, profile["code"], kind)
    _headline(card)
    _kpi_table(actx, card)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        metric = _rank_trend(actx, profile, metrics)
    with right:
        _peers(actx, profile["code"], kind, metric)
    _tasks(actx, profile["code"])
    index766.scorecard_view(actx, profile["code"], kind)
    components.footer(actx)

