"""Tổng quan / Overview: the meeting screen — four KPI families, the province map, national trends
and who needs attention."""
from __future__ import annotations

import streamlit as st

from charts.attention import weakest_table
from charts.breaks import marked
from charts.province_map import legend_classes, province_deck
from charts.trend import trend_draft
from i18n import name_of, t
from metrics import catalog, formatting
from metrics.periods import Period
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import briefing as briefing_page
from pages import components, kpi_parts, links, month_rankings, view_pieces
from pages.view_context import Ctx

BACKLOG_START = "2019-01"
MAP_METRICS = [m.id for m in catalog.METRICS if m.rankable]


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "nav_overview")
    cols = st.columns(len(catalog.FAMILIES))
    for col, fam in zip(cols, catalog.FAMILIES):
        with col:
            st.markdown(f"**{fam.label(ctx.lang)}**")
            components.kpi_card(ctx, fam.headline)
    briefing_page.highlights(ctx)

    left, right = st.columns([3, 2])
    with left:
        province_map(ctx)
    with right:
        needs_attention(ctx)
    national_trends(ctx)
    components.footer(ctx)


def province_map(ctx: Ctx, key: str = "overview_map") -> None:
    """Choropleth of provinces for the chosen metric; a click opens the province's scorecard."""
    st.subheader(t("province_map", ctx.lang))
    c1, c2 = st.columns([3, 1])
    default = st.query_params.get("metric") if st.query_params.get("metric") in MAP_METRICS else "dossier_on_time_rate"
    metric_id = c1.selectbox(t("map_metric", ctx.lang), MAP_METRICS, index=MAP_METRICS.index(default),
                             format_func=lambda m: catalog.get(m).label(ctx.lang), key=f"{key}_metric")
    extruded = c2.toggle(t("extrude", ctx.lang), value=ctx.meeting, key=f"{key}_3d")
    deck, caption, legend = view_pieces.piece(_map_parts, ctx, metric_id, extruded)
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key, height=560)
    st.caption(caption)
    st.markdown(legend, unsafe_allow_html=True)
    code = _clicked_code(event)
    if code:
        links.switch("scorecard", agency=code)


def _map_parts(ctx: Ctx, metric_id: str, extruded: bool):
    """The map's deck, caption and legend (HTML) for one metric (built once per view, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    ranking = month_rankings.ranking(ctx, metric_id, "province")
    values = ranking.rename(columns={"agency": "code"})
    values["name"] = [name_of(r, ctx.lang) for _, r in values.iterrows()]
    values["value_label"] = [formatting.value(m, v, ctx.lang) for v in values["value"]]
    values = values[["code", "name", "value", "value_label", "rank", "of"]]
    values.attrs["higher_is_better"] = m.higher_is_better
    title = f"{m.label(ctx.lang)} · {ctx.period.label(ctx.lang)}"
    # Kept with the view's pieces: its JSON (the shapes) is then made once, not on every run.
    deck = province_deck(values, ctx.view, title=title, legend_title=m.label(ctx.lang),
                         lang=ctx.lang, extruded=extruded, selected_code=None)
    legend = " ".join(f"<span style='white-space:nowrap'><span style='display:inline-block;width:14px;"
                      f"height:14px;background:{c['color_hex']};border:1px solid #999;margin:0 4px -2px 8px'>"
                      f"</span>{c['label']}</span>" for c in legend_classes(values, ctx.lang))
    return deck, f"{title} · {t('b_' + ctx.view, ctx.lang)}", legend


def _clicked_code(event) -> str | None:
    try:
        objects = event["selection"]["objects"].get("provinces") or []
    except (KeyError, TypeError, AttributeError):
        return None
    if objects:
        props = objects[0].get("properties", objects[0])
        return props.get("code")
    return None


def needs_attention(ctx: Ctx) -> None:
    """The five weakest provinces and ministries on each family's headline KPI; overdue tasks."""
    st.subheader(t("needs_attention", ctx.lang))
    tabs = st.tabs([t(f"nav_{fam.id}", ctx.lang) for fam in catalog.FAMILIES])
    for tab, fam in zip(tabs, catalog.FAMILIES):
        m = catalog.get(fam.headline)
        with tab:
            for kind, key in (("province", "weakest_provinces"), ("ministry", "weakest_ministries")):
                st.markdown(f"**{t(key, ctx.lang)}** — {m.label(ctx.lang)}")
                st.dataframe(view_pieces.piece(_weakest, ctx, m.id, kind), hide_index=True, width="stretch")
    st.markdown(f"**{t('overdue_by_agency', ctx.lang)}** · {t('as_of', ctx.lang, date=ctx.period.end_date.strftime('%d/%m/%Y'))}")
    overdue = view_pieces.piece(_overdue_table, ctx)
    if overdue is None:
        st.caption(t("no_data", ctx.lang))
    else:
        st.dataframe(overdue, hide_index=True, width="stretch")


def _overdue_table(ctx: Ctx):
    """The ten agencies holding the most overdue tasks (None when none has any), built once per view."""
    backlog = Period(BACKLOG_START, ctx.period.end)  # every task assigned so far, status at period end
    overdue = reads.values_by_agency(ctx, "task_overdue_rate", Scope.national(ctx.boundary), backlog)
    overdue = overdue[overdue["numerator"].fillna(0) > 0].sort_values("numerator", ascending=False).head(10)
    if overdue.empty:
        return None
    names = overdue.assign(name=[name_of(r, ctx.lang) for _, r in overdue.iterrows()])
    return view_pieces.as_arrow(names[["name", "numerator", "denominator"]].rename(columns={
        "name": t("agency", ctx.lang), "numerator": t("overdue_count", ctx.lang),
        "denominator": t("assigned_count", ctx.lang)}))


def _marked_trend(m, df, lang, marks, **kwargs):
    return marked(trend_draft(m, df, lang, **kwargs), df, marks, lang).figure()


def national_trends(ctx: Ctx) -> None:
    """24-month national trends of each family's headline KPI, with target lines."""
    st.subheader(t("national_trends", ctx.lang))
    window = Period(Period.month(ctx.period.end).shifted(-23).start, ctx.period.end)
    cols = st.columns(2)
    for i, fam in enumerate(catalog.FAMILIES):
        with cols[i % 2]:
            st.plotly_chart(view_pieces.piece(_national_trend, ctx, fam.headline, window), key=f"trend_{fam.headline}")


def _weakest(ctx: Ctx, metric_id: str, kind: str):
    """The five weakest provinces or ministries on one KPI (built once per view, see view_pieces.piece)."""
    return view_pieces.as_arrow(weakest_table(month_rankings.ranking(ctx, metric_id, kind), catalog.get(metric_id), ctx.lang))


def _national_trend(ctx: Ctx, metric_id: str, window: Period):
    """One headline KPI's national trend with its target line (built once per view, see view_pieces.piece)."""
    m = catalog.get(metric_id)
    tgt = reads.target(ctx, m.id)
    return _marked_trend(m, reads.trend(ctx, m.id, window), ctx.lang, kpi_parts.break_marks(ctx.scope, window, m),
                         title=f"{m.label(ctx.lang)} · {window.label(ctx.lang)}",
                         target=tgt["target"] if tgt else None,
                         target_label=(t("target_by", ctx.lang, value=formatting.value(m, tgt["target"], ctx.lang),
                                         deadline=tgt["deadline"].strftime("%m/%Y")) if tgt else None), height=300)
