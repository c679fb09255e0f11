"""Đơn vị / Agency scorecard (`?agency=CODE`): rank on every KPI and overall, change, gaps to the next
place, the best performer, last year and the target, the rank trend, regional peers, overdue tasks."""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from charts.breaks import mark_breaks
from charts.ranking_chart import rank_trend_figure
from i18n import name_of, t
from metrics import ranking_export as rx
from metrics import scorecard as sc
from metrics.boundary_breaks import breaks
from metrics.periods import Period, month_label
from metrics.ranking import band
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import components, explanations, index766, links
from pages.components import literal
from pages.view_context import Ctx, with_scope


def _chooser(ctx: Ctx, code: str | None, container) -> None:
    """A selectbox of the provinces and ministries in view; choosing one writes `agency` to the URL."""
    rows = reads.agencies_in_view(ctx)
    names = {r["code"]: f"{name_of(r, ctx.lang)} ({r['code']})" for _, r in rows.iterrows()}
    codes = list(names)
    chosen = container.selectbox(t("choose_agency", ctx.lang), codes, index=codes.index(code) if code in codes else None,
                                 format_func=names.get, placeholder=t("card_choose_hint", ctx.lang),
                                 key=f"card_pick_{ctx.view}_{code}")
    if chosen and chosen != code:
        st.query_params["agency"] = chosen
        st.rerun()


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


def _headline(ctx: Ctx, r: pd.Series) -> None:
    lang, cols = ctx.lang, st.columns(4)
    moved = r["rank_change"]
    change = None if moved is None else rx.rank_change_text(r["rank"], r["prev_rank"], lang) if moved == 0 else \
        t("card_places_up" if moved > 0 else "card_places_down", lang, n=abs(moved))
    cols[0].metric(t("card_overall_rank", lang), sc.rank_of(r["rank"], r["of"], lang) if r["rank"] else t("card_no_rank", lang),
                   delta=change, border=True, help=t("rk_change_note", lang, period=ctx.period.previous().label(lang)),
                   delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off")
    cols[1].metric(t("card_points", lang), rx.format_value(rx.COMPOSITE, r["value"], lang), border=True,
                   delta=t("card_band", lang, band=band(r["value"], lang)) if r["value"] is not None else None,
                   delta_color="off", delta_arrow="off")
    gap = t("card_leader", lang) if r["rank"] == 1 else rx.format_gap(rx.COMPOSITE, r["gap_next"], lang)
    cols[2].metric(t("card_gap_next", lang), gap, border=True)
    best = name_of({"name_vi": r["best_name_vi"], "name_en": r["best_name_en"]}, lang)
    cols[3].metric(t("card_best", lang), rx.format_value(rx.COMPOSITE, r["best_value"], lang), border=True,
                   delta=best, delta_color="off", delta_arrow="off")


def _kpi_table(ctx: Ctx, rows: pd.DataFrame, kind: str) -> None:
    lang = ctx.lang
    st.subheader(t("card_ranks_title", lang))
    labels = {k: t(f"card_col_{k}", lang) for k in sc.display_rows(rows.iloc[0:0], lang).columns}
    widths = {"metric": 250, "value": 64, "rank": 60, "change": 64, "gap_next": 96, "best": 150, "gap_best": 96,
              "last_year": 120, "target": 70, "target_gap": 96}
    helps = {"last_year": ctx.period.same_last_year().label(lang),
             "change": t("rk_change_note", lang, period=ctx.period.previous().label(lang))}
    st.dataframe(sc.display_rows(rows, lang), hide_index=True, width="stretch", key="card_kpis",
                 column_config={k: st.column_config.TextColumn(v, width=widths[k], help=helps.get(k))
                                for k, v in labels.items()})
    peers = t("card_peers_provinces" if kind == "province" else "card_peers_ministries", lang)
    window = sc.ranked_period("task_completion_rate", ctx.period)
    st.caption(t("card_ranks_caption", lang, n=rows.iloc[0]["of"], peers=peers, period=ctx.period.label(lang),
                 last_year=ctx.period.same_last_year().label(lang)) + " "
               + t("card_task_window", lang, period=window.label(lang), date=window.end_date.strftime("%d/%m/%Y")))
    if rows["ly_former_units"].any():  # last year's stock summed units merged since
        st.caption(":orange[Σ] " + t("mn_former_units_mark", lang))


def _rank_trend(ctx: Ctx, profile: dict, metrics: list[str]) -> str:
    lang, kind = ctx.lang, profile["kind"]
    wanted = st.query_params.get("metric")
    metric = st.selectbox(t("card_trend_metric", lang), metrics, index=metrics.index(wanted) if wanted in metrics else 0,
                          format_func=lambda m: rx.metric_label(m, lang), key="card_trend_metric")
    st.query_params["metric"] = metric
    months = sc.trend_months(ctx.period.end)
    monthly = {m: reads.ranking(ctx, metric, kind, period=sc.ranked_period(metric, Period.month(m))) for m in months}
    history = sc.rank_history(monthly, profile["code"])
    name = name_of(profile, lang)
    peers = t("card_peers_provinces" if kind == "province" else "card_peers_ministries", lang)
    title = (t("card_trend_title", lang, metric=rx.metric_label(metric, lang)) + "<br><sup>"
             + t("card_trend_sub", lang, name=name, start=month_label(months[0]), end=month_label(months[-1]), peers=peers)
             + "</sup>")
    marks = breaks(Scope.of_kind(kind, ctx.boundary), Period(months[0], months[-1]))
    st.plotly_chart(mark_breaks(rank_trend_figure(history, lang, title=title, name=name), marks, lang),
                    width="stretch", config={"displaylogo": False})
    if marks:  # before the break, merged units are ranked on their former units' summed figures
        st.caption(":orange[⚠] " + t("mn_rank_break", lang, label=marks[-1].label(lang)))
    return metric


def _peers(ctx: Ctx, profile: dict, ranking: pd.DataFrame, metric: str) -> None:
    lang, code = ctx.lang, profile["code"]
    if profile["kind"] == "province":
        st.markdown(f"**{t('card_peers_title', lang, region=rx.region_name(profile['region'], lang))}**")
        group = sc.region_peers(ranking, code)
    else:
        st.markdown(f"**{t('card_neighbours_title', lang)}**")
        group = sc.neighbours(ranking, code)
    table = rx.display_table(group, metric, lang).drop(columns=["agency", "region"])
    table["name"] = [f"▶ {n}" if c == code else n for n, c in zip(table["name"], group["agency"])]
    st.dataframe(table, hide_index=True, width="stretch", key="card_peers",
                 column_config={"rank": t("rk_col_rank", lang), "name": t("rk_col_name", lang),
                                "value": rx.value_header(metric, lang), "change": t("rk_col_change", lang),
                                "band": t("rk_col_band", lang)})
    of = int(ranking["of"].iloc[0]) if len(ranking) else 0
    period = sc.ranked_period(metric, ctx.period).label(lang)
    st.caption(t("card_peers_caption", lang, metric=rx.metric_label(metric, lang), period=period, of=of))


def _tasks(ctx: Ctx, code: str) -> None:
    lang, scope = ctx.lang, ctx.scope
    st.subheader(t("card_tasks_section", lang))
    cols = st.columns(3)
    for col, metric in zip(cols, ("tasks_assigned", "task_completion_rate", "task_overdue_rate")):
        with col:
            components.kpi_card(ctx, metric, scope=scope, show_target=False)
    window = sc.ranked_period("tasks_assigned", ctx.period)  # the same tasks the cards above count
    tasks = reads.overdue(ctx, Scope.of_agency(code, ctx.boundary))
    st.markdown(f"**{t('card_tasks_title', lang)}**")
    st.caption(t("card_tasks_caption", lang, period=window.label(lang), as_of=window.end_date.strftime("%d/%m/%Y")))
    if tasks.empty:
        st.success(t("card_tasks_none", lang), icon=":material/check_circle:")
        return
    st.dataframe(tasks[["title", "assigned_on", "due_on", "days_overdue"]], hide_index=True, width="stretch",
                 key="card_tasks", column_config={
                     "title": t("card_task_title", lang),
                     "assigned_on": st.column_config.DateColumn(t("card_task_assigned", lang), format="DD/MM/YYYY"),
                     "due_on": st.column_config.DateColumn(t("card_task_due", lang), format="DD/MM/YYYY"),
                     "days_overdue": st.column_config.NumberColumn(t("card_task_days", lang), format="%d")})


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
    current = {m: reads.ranking(ctx, m, kind, period=sc.ranked_period(m, ctx.period)) for m in metrics}
    last_year = {m: reads.ranking(ctx, m, kind, period=sc.ranked_period(m, ctx.period.same_last_year())) for m in metrics}
    targets = {m: (reads.target(ctx, m) or {}).get("target") for m in metrics if m != rx.COMPOSITE}
    rows = sc.scorecard_rows(current, last_year, profile["code"], targets)
    _headline(actx, rows.iloc[0])
    _kpi_table(actx, rows, kind)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        metric = _rank_trend(actx, profile, metrics)
    with right:
        _peers(actx, profile, current[metric], metric)
    _tasks(actx, profile["code"])
    index766.scorecard_view(actx, profile["code"], kind)
    components.footer(actx)

