"""Chỉ số 766 — Decision 766's official index on the rankings page (each group a column, bands,
rank changes, a map coloured by the index) and on an agency's scorecard (points by group and
criterion, the points lost, the best improvement, the gap to the next place, a what-if)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.index766 import criteria_figure, groups_figure
from charts.province_map import legend_classes, province_deck
from i18n import t
from metrics import index_view as iv
from metrics import official_index as oi
from metrics.formatting import number
from metrics.index_model import MODEL
from metrics.periods import Period
from pages import components, links, view_pieces
from pages.cached_reads import CACHE_TTL, engine_for
from pages.memo import generation
from pages.view_context import Ctx

METRIC = "index766"
"""The rankings page's metric value (`?metric=index766`) for the official index."""


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _ranking(url, gen, kind, start, end, prev_start, prev_end, boundary):
    previous = Period.between(prev_start, prev_end) if prev_start else None
    return oi.rank_index(engine_for(url), kind, Period.between(start, end), previous, boundary)


def index_ranking(ctx: Ctx, kind: str) -> tuple[pd.DataFrame, Period]:
    """The index over the view's period (from 08/2022), with the rank change against the period
    before; cached like the reads of `pages.cached_reads` (kept here: that module is full)."""
    period = oi.clipped(ctx.period)
    if period is None:  # before 08/2022: the index did not exist
        return pd.DataFrame(columns=["agency", "total", "rank", "of", "region"]), ctx.period
    previous = oi.period_before(period)
    return _ranking(ctx.url, generation(), kind, period.start, period.end, previous and previous.start,
                    previous and previous.end, ctx.ranked_in(kind)), period


def label(lang: str) -> str:
    return t("ix_metric_label", lang)


def has_data(ctx: Ctx, kind: str) -> bool:
    """Whether the view's period has index scores (the rankings page then opens on the index)."""
    return view_pieces.piece(_has_scores, ctx, kind)


def _has_scores(ctx: Ctx, kind: str) -> bool:
    return iv.has_scores(index_ranking(ctx, kind)[0])


def ranking_view(ctx: Ctx, kind: str, region: str | None) -> None:
    """The official index's ranking: a table with each group, bands and rank changes; a map for provinces."""
    parts = view_pieces.piece(_ranking_parts, ctx, kind, region)
    if not _opened(parts):
        return
    if kind != "province":
        _table(parts, ctx.lang)
        return
    left, right = st.columns([5, 4], gap="small")
    with left:
        _table(parts, ctx.lang)
    with right:
        st.pydeck_chart(parts["deck"], key="ix_map", height=520)
        st.caption(parts["map_title"])
        st.markdown(parts["legend"], unsafe_allow_html=True)


def _ranking_parts(ctx: Ctx, kind: str, region: str | None) -> dict:
    """The index ranking's table, notes, map and legend (built once per view, see view_pieces.piece)."""
    lang = ctx.lang
    ranking, period = index_ranking(ctx, kind)
    if region and len(ranking):
        ranking = ranking[ranking["region"] == region].reset_index(drop=True)
    parts = {"title": t("ix_ranking_title", lang, period=period.label(lang)),
             "note": t("ix_official_note", lang, period=period.label(lang))}
    if not iv.has_scores(ranking):
        return {**parts, "none": t("ix_no_data", lang, period=period.label(lang))}
    table = iv.ranking_table(ranking, lang)
    for col in [table.columns[4], *table.columns[6:]]:  # the total and each group's points
        table[col] = [number(x, lang, 2) for x in table[col]]
    table[t("ix_col_rank", lang)] = [("" if pd.isna(r) else str(int(r))) for r in ranking["rank"]]
    link = t("ix_col_link", lang)
    table[link] = [links.url("scorecard", agency=c) for c in ranking["agency"]]
    previous = oi.period_before(period)
    parts.update(table=table, agencies=tuple(ranking["agency"]),
                 notes=t("ix_bands_note", lang) + (" " + t("ix_change_note", lang, period=previous.label(lang))
                                                   if previous else ""))
    if kind == "province":
        values = iv.map_values(ranking, lang)
        title = t("ix_map_title", lang, period=period.label(lang))
        parts.update(deck=province_deck(values, ctx.view, title=title, legend_title=t("ix_total", lang), lang=lang),
                     map_title=title,
                     legend=" ".join(f"<span style='white-space:nowrap'><span style='display:inline-block;width:14px;"
                                     f"height:14px;background:{c['color_hex']};border:1px solid #999;margin:0 4px -2px 8px'>"
                                     f"</span>{c['label']}</span>" for c in legend_classes(values, lang)))
    return parts


def _table(parts: dict, lang: str) -> None:
    """The ranking table; ticking a row opens that agency's scorecard (as the KPI rankings do)."""
    table = parts["table"]
    link = t("ix_col_link", lang)
    config = {link: st.column_config.LinkColumn(link, display_text=t("rk_link_text", lang), width=64)}
    event = st.dataframe(table, hide_index=True, width="stretch", column_config=config, key="ix_table",
                         height=min(35 * (len(table) + 1) + 3, 35 * 40), on_select="rerun", selection_mode="single-row")
    st.caption(parts["notes"] + " " + t("rk_select_hint", lang))
    rows = event["selection"]["rows"]
    if rows:
        links.switch("scorecard", agency=parts["agencies"][rows[0]])


def _opened(parts: dict) -> bool:
    """A view's title and note, then, when it has nothing to show, its notice; whether it has something."""
    st.subheader(parts["title"])
    st.caption(parts["note"])
    if parts.get("none"):
        st.info(parts["none"], icon=":material/info:")
        return False
    return True


def scorecard_view(ctx: Ctx, code: str, kind: str) -> None:
    """The agency's index: points by group and criterion, what it lost, what would lift it, a what-if."""
    card = view_pieces.piece(_card, ctx, code, kind)
    if not _opened(card):
        return
    c1, c2, c3 = st.columns(3)
    for col, args in zip((c1, c2, c3), card["metrics"]):
        col.metric(**args)
    components.paragraphs(card["texts"])
    left, right = st.columns(2)
    with left:
        components.chart(card["groups"])
    with right:
        components.chart(card["criteria"])
    st.dataframe(card["table"], hide_index=True, width="stretch", key="ix_breakdown")
    st.caption(card["fitted"])
    _what_if(ctx, card, code, kind)


def _card(ctx: Ctx, code: str, kind: str) -> dict:
    """Everything the agency's index section shows but the what-if's result (built once per view,
    see view_pieces.piece)."""
    lang = ctx.lang
    ranking, period = index_ranking(ctx, kind)
    card = {"title": t("ix_card_title", lang, period=period.label(lang)),
            "note": t("ix_official_note", lang, period=period.label(lang))}
    rows = ranking.loc[ranking["agency"] == code] if len(ranking) else ranking
    if rows.empty or pd.isna(rows.iloc[0]["total"]):
        return {**card, "none": t("ix_no_score", lang)}
    row = rows.iloc[0]
    moved = row["rank_change"]
    card["metrics"] = [
        dict(label=t("ix_total", lang), value=iv.points_text(row["total"], lang), border=True),
        dict(label=t("ix_col_rank", lang), value=f"{int(row['rank'])}/{int(row['of'])}", border=True,
             delta=None if pd.isna(moved) else int(moved),
             delta_color="normal" if not pd.isna(moved) and moved else "off"),
        dict(label=t("ix_col_band", lang), value=iv.band_label(row["band"], lang), border=True)]
    best = iv.best_improvement_text(ranking, code, lang)
    card["texts"] = [iv.gap_text(ranking, code, lang)] + ([best] if best else [])
    card["groups"] = groups_figure(iv.group_points(ranking, code), lang, title=t("ix_groups_title", lang))
    card["criteria"] = criteria_figure(oi.breakdown(ranking, code), lang, title=t("ix_criteria_title", lang))
    table = iv.breakdown_table(ranking, code, lang)
    for col in table.columns[2:]:
        table[col] = [number(x, lang, 2) for x in table[col]]
    card["table"] = table
    card["fitted"] = t("ix_fitted_note", lang)
    card["options"] = tuple(oi.breakdown(ranking, code)["criterion"])  # the most points lost first
    card["current"] = {c: ranking.loc[ranking["agency"] == code, f"value_{c}"].iloc[0] for c in card["options"]}
    return card


def _what_if(ctx: Ctx, card: dict, code: str, kind: str) -> None:
    lang = ctx.lang
    st.markdown(f"**{t('ix_what_if_title', lang)}**")
    options = list(card["options"])
    c1, c2 = st.columns([3, 2])
    criterion = c1.selectbox(t("ix_col_criterion", lang), options, key=f"ix_wi_c_{code}",
                             format_func=lambda c: MODEL.criterion(c).label(lang))
    current = card["current"][criterion]
    rate = c2.number_input(t("ix_what_if_rate", lang), min_value=0.0, max_value=100.0, step=1.0,
                           value=float(round(current, 1)) if pd.notna(current) else 0.0,
                           key=f"ix_wi_r_{code}_{criterion}")
    result = view_pieces.piece(_what_if_result, ctx, code, kind, criterion, float(rate))
    m1, m2 = st.columns(2)
    m1.metric(**result["total"])
    m2.metric(**result["rank"])
    st.markdown(result["text"])


def _what_if_result(ctx: Ctx, code: str, kind: str, criterion: str, rate: float) -> dict:
    """The total and rank the agency would have at another rate on one criterion, and the sentence
    saying so (built once per view and input, see view_pieces.piece)."""
    lang = ctx.lang
    ranking, _period = index_ranking(ctx, kind)
    result, text = iv.what_if_text(ranking, code, criterion, rate, lang)
    gained = result["total"] - result["total_before"]
    places = result["rank_before"] - result["rank"]
    return {"total": dict(label=t("ix_total", lang), value=iv.points_text(result["total"], lang), border=True,
                          delta=number(gained, lang, 2) if abs(gained) >= 0.005 else None),
            "rank": dict(label=t("ix_col_rank", lang), value=f"{result['rank']}/{result['of']}", border=True,
                         delta=places or None),
            "text": text}
