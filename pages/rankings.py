"""Xếp hạng / Rankings: provinces or ministries on the composite index or one KPI, tie-aware ranks,
rank change, bands, a bar chart, CSV/XLSX downloads and a click through to each agency's scorecard."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.ranking_chart import ranking_figure
from data.admin_units import REGIONS
from i18n import t
from metrics import catalog, formatting
from metrics import ranking_export as rx
from metrics.ranking import BANDS, metric_of as ranking_metric
from metrics.scope import Scope, label as scope_label
from metrics.scorecard import rankable_metrics, ranked_period
from pages import components, index766, links, rank_reads, view_pieces
from pages.view_context import Ctx, with_scope

ROW_PX = 35  # st.dataframe's row height


def _controls(ctx: Ctx) -> tuple[str, str, str | None]:
    lang, scope = ctx.lang, ctx.scope
    default_kind = "ministry" if scope.kind == "ministry" else "province"
    c1, c2, c3 = st.columns([2, 3, 2])
    kind = c1.segmented_control(t("rk_who", lang), ("province", "ministry"), default=default_kind, required=True,
                                key=f"rk_kind_{default_kind}",
                                format_func=lambda k: t("rk_provinces" if k == "province" else "rk_ministries", lang))
    options = [index766.METRIC, *rankable_metrics(kind)]  # the official index first
    wanted = st.query_params.get("metric")
    default = wanted if wanted in options else index766.METRIC if index766.has_data(ctx, kind) else rx.COMPOSITE
    metric = c2.selectbox(t("rk_metric", lang), options, index=options.index(default),
                          format_func=lambda m: _metric_label(m, lang), key=f"rk_metric_{kind}")
    st.query_params["metric"] = metric
    region = None
    if kind == "province":
        regions = [None, *REGIONS]
        default = scope.region if scope.level == "region" else None
        region = c3.selectbox(t("rk_region", lang), regions, index=regions.index(default), key=f"rk_region_{default}",
                              format_func=lambda r: t("rk_all_regions", lang) if r is None else rx.region_name(r, lang))
    return kind, metric, region


def _metric_label(metric: str, lang: str) -> str:
    if metric == index766.METRIC:
        return index766.label(lang)
    return rx.metric_label(metric, lang) + (f" · {t('ix_composite_own', lang)}" if metric == rx.COMPOSITE else "")


def _view_scope(ctx: Ctx, kind: str, region: str | None) -> Scope:
    return Scope.of_region(region, ctx.boundary) if region else Scope.of_kind(kind, ctx.boundary)


def _methodology(ctx: Ctx) -> None:
    lang = ctx.lang
    components_table, bands = view_pieces.piece(_method_tables, ctx)
    with st.expander(t("rk_method_title", lang), icon=":material/menu_book:"):
        st.markdown(t("rk_method_intro", lang))
        st.dataframe(components_table, hide_index=True, width="stretch")
        st.caption(t("rk_method_missing", lang))
        st.markdown(f"**{t('rk_method_bands', lang)}**")
        st.dataframe(bands, hide_index=True)


def _method_tables(ctx: Ctx) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The composite's components with weights and rules, and its bands (built once per view)."""
    lang = ctx.lang
    rows = []
    for metric_id, weight in catalog.composite_weights().items():
        m = catalog.get(metric_id)
        rule = t("rk_rule_higher" if m.higher_is_better else "rk_rule_lower", lang, w=formatting.number(weight, lang))
        if m.table == "tasks":
            rule += f" ({t('rk_rule_tasks', lang)})"
        rows.append({t("rk_method_component", lang): m.label(lang), t("rk_method_weight", lang): weight,
                     t("rk_method_rule", lang): rule, t("definition", lang): m.definition(lang)})
    rows.append({t("rk_method_component", lang): t("rk_total", lang),
                 t("rk_method_weight", lang): sum(catalog.composite_weights().values())})
    return pd.DataFrame(rows), pd.DataFrame([{t("rk_col_band", lang): en if lang == "en" else vi, t("rk_band_from", lang): floor}
                                             for floor, _, vi, en in BANDS])


def _table(ctx: Ctx, parts: dict, metric: str) -> None:
    lang, shown, period = ctx.lang, parts["shown"], parts["period"]
    config = {"rank": st.column_config.TextColumn(t("rk_col_rank", lang), width=44),
              "agency": st.column_config.TextColumn(t("rk_col_code", lang), width=40),
              "name": st.column_config.TextColumn(t("rk_col_name", lang), width=130),
              "region": st.column_config.TextColumn(t("rk_col_region", lang), width=120),
              "value": st.column_config.TextColumn(rx.value_header(metric, lang), width=72),
              "change": st.column_config.TextColumn(t("rk_col_change", lang), width=72,
                                                    help=t("rk_change_note", lang, period=period.previous().label(lang))),
              "band": st.column_config.TextColumn(t("rk_col_band", lang), width=84),
              "link": st.column_config.LinkColumn(t("rk_col_link", lang), display_text=t("rk_link_text", lang),
                                                  width=64)}
    event = st.dataframe(parts["table"], column_config=config, hide_index=True, width="stretch", height=parts["height"],
                         key="rank_table", on_select="rerun", selection_mode="single-row")
    rows = event["selection"]["rows"]
    if rows:
        links.switch("scorecard", agency=shown.iloc[rows[0]]["agency"], metric=metric)
    st.caption(t("rk_select_hint", lang))


def _downloads(ctx: Ctx, shown: pd.DataFrame, metric: str, kind: str, period, scope_text: str) -> None:
    lang = ctx.lang
    args = dict(scope=scope_text, demo=ctx.demo)
    c1, c2 = st.columns(2)
    c1.download_button(t("download_csv", lang), data=lambda: rx.ranking_csv(shown, metric, period, lang, **args),
                       file_name=rx.file_name(metric, kind, period, "csv"), mime="text/csv", on_click="ignore",
                       help=t("rk_download_csv_help", lang), icon=":material/download:", width="stretch")
    c2.download_button(t("download_xlsx", lang), data=lambda: rx.ranking_xlsx(shown, metric, period, lang, **args),
                       file_name=rx.file_name(metric, kind, period, "xlsx"), on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       help=t("rk_download_xlsx_help", lang), icon=":material/table_view:", width="stretch")


def _parts(ctx: Ctx, metric: str, kind: str, region: str | None) -> dict:
    """The ranking shown, its table, notes and chart (built once per view, see view_pieces.piece)."""
    lang = ctx.lang
    period = ranked_period(metric, ctx.period)
    ranking = rank_reads.rankings(ctx, (metric,), kind, (ctx.period,))[0][metric]  # grouped for a month
    shown = ranking if region is None else ranking[ranking["region"] == region].reset_index(drop=True)
    kind_text = scope_label(Scope.of_kind(kind, ctx.boundary), ctx.period, lang)
    scope_text = t("rk_scope_region", lang, kind=kind_text, region=rx.region_name(region, lang)) if region else kind_text
    of = int(ranking["of"].iloc[0]) if len(ranking) else 0
    height = min(max(ROW_PX * (len(shown) + 1) + 3, 320), ROW_PX * 64 + 3)
    table = rx.display_table(shown, metric, lang)
    table["link"] = [links.url("scorecard", agency=code, metric=metric) for code in shown["agency"]]
    if kind != "province":
        table = table.drop(columns="region")
    notes = [t("rk_ranked_of", lang, n=of),
             t("mn_rank_precision", lang, digits=formatting.shown_digits(ranking_metric(metric)))]
    missing = int(shown["value"].isna().sum())
    if missing:
        notes.append(t("rk_na_last", lang, n=missing))
    merged = int(shown["merged_into"].notna().sum()) if "merged_into" in shown else 0
    if merged:  # a former set after its merger: those units report only within their successors
        notes.append(t("mn_rank_merged", lang, n=merged))
    if region:
        notes.append(t("rk_region_note", lang, of=of, region=rx.region_name(region, lang)))
    notes.append(t("rk_change_note", lang, period=period.previous().label(lang)))
    if period != ctx.period:  # task KPIs: the 12-month task window
        notes.append(t("card_task_window", lang, period=period.label(lang), date=period.end_date.strftime("%d/%m/%Y")))
    title = t("rk_chart_title", lang, metric=rx.metric_label(metric, lang), period=period.label(lang), scope=scope_text)
    return {"period": period, "shown": shown, "scope_text": scope_text, "height": height, "table": table,
            "notes": " ".join(notes), "figure": ranking_figure(shown, metric, lang, title=title, height=height + 90)}


def render(ctx: Ctx) -> None:
    header = st.container()
    kind, metric, region = _controls(ctx)
    vctx = with_scope(ctx, _view_scope(ctx, kind, region))
    with header:
        components.page_header(vctx, "nav_rankings")
    lang = ctx.lang
    if metric == index766.METRIC:
        index766.ranking_view(vctx, kind, region)
        components.footer(vctx)
        return
    if metric == rx.COMPOSITE:
        st.caption(t("ix_composite_note", lang))
        _methodology(ctx)
    parts = view_pieces.piece(_parts, ctx, metric, kind, region)
    st.subheader(t("rk_table_title", lang, metric=rx.metric_label(metric, lang)))
    left, right = st.columns([3, 2], gap="small")
    with left:
        _table(ctx, parts, metric)
        st.caption(parts["notes"])
        _downloads(ctx, parts["shown"], metric, kind, parts["period"], parts["scope_text"])
    with right:
        st.plotly_chart(parts["figure"], width="stretch", config={"displaylogo": False})
    components.footer(vctx)
