"""Báo cáo / Briefing: the view's period, comparison and scope in (sidebar), the language and sections
chosen here, a preview of the written report, and the pack's files, each built when its button is
clicked. Also the overview's "Điểm đáng chú ý / Highlights" panel: the same findings."""
from __future__ import annotations

import re
from functools import partial
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from briefing.build import FORMATS, file_stem
from briefing.content import SECTIONS, BriefingError
from briefing.report_model import blocks, title
from i18n import t
from metrics import insights
from metrics.scope import Scope
from pages import cached_reads as reads
from pages import briefing_reads, components, month_rankings, view_pieces
from pages.view_context import Ctx

MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HIGHLIGHTS_SHOWN = 6


def plain(text: str) -> str:
    """Our own sentence as Markdown that renders literally (no emphasis, lists, links or maths)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def render(ctx: Ctx) -> None:
    components.page_header(ctx, "br_nav")
    st.caption(t("br_page_intro", ctx.lang))
    c1, c2 = st.columns([1, 3])
    lang = c1.radio(t("br_pack_lang", ctx.lang), ("vi", "en"), index=0 if ctx.lang == "vi" else 1, horizontal=True,
                    format_func=lambda x: t(f"br_lang_{x}", ctx.lang), key="br_lang")
    sections = tuple(c2.multiselect(t("br_sections", ctx.lang), SECTIONS, default=list(SECTIONS),
                                    format_func=lambda s: t(f"br_section_{s}", ctx.lang), key="br_sections"))
    try:
        with st.spinner(t("br_preview", ctx.lang)):
            stem = view_pieces.piece(_file_stem, ctx, lang, sections)  # BriefingError when there is nothing to report
    except BriefingError as e:
        st.warning(t("br_cannot", ctx.lang, reason=plain(e.text(ctx.lang))))
        components.footer(ctx)
        return
    downloads(ctx, stem, lang, sections)
    preview(ctx, lang, sections)
    components.footer(ctx)


def downloads(ctx: Ctx, stem: str, lang: str, sections: tuple[str, ...]) -> None:
    """One button per file; a file is built only when its button is clicked."""
    st.subheader(t("br_downloads", ctx.lang))
    for col, fmt in zip(st.columns(len(FORMATS)), FORMATS):
        col.download_button(t(f"br_dl_{fmt}", ctx.lang), data=partial(briefing_reads.briefing_file, ctx, lang, sections, fmt),
                            file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore",
                            key=f"br_dl_{fmt}", icon=":material/download:", width="stretch")
    st.caption(t("br_dl_note", ctx.lang))


def preview(ctx: Ctx, lang: str, sections: tuple[str, ...]) -> None:
    """The written report as it will read (the deck and the PDF carry the same sentences)."""
    body = view_pieces.piece(_preview_parts, ctx, lang, sections)
    st.subheader(t("br_preview", lang))
    with st.container(border=True):
        for kind, part in body:
            if kind == "markdown":
                st.markdown(part)
            elif kind == "caption":
                st.caption(part)
            else:
                st.dataframe(part, hide_index=True, width="stretch")


def _file_stem(ctx: Ctx, lang: str, sections: tuple[str, ...]) -> str:
    return file_stem(briefing_reads.briefing_pack(ctx, lang, sections))


def _preview_parts(ctx: Ctx, lang: str, sections: tuple[str, ...]):
    """The preview, its heading first, as (kind, Markdown or table) pairs, built once per view and
    choice of language and sections (the sentences format a few hundred numbers)."""
    pack = briefing_reads.briefing_pack(ctx, lang, sections)
    body = [("markdown", f"**{plain(t('br_doc_kind', pack.lang))} · {plain(title(pack))}**")]
    for block in blocks(pack):
        if block.kind == "heading":
            body.append(("markdown", f"**{plain(block.text)}**"))
        elif block.kind in ("para", "item"):
            body.append(("markdown", ("– " if block.kind == "item" else "") + plain(block.text)))
        elif block.kind == "caption":
            body.append(("caption", plain(block.text)))
        elif block.kind == "table":
            body.append(("table", view_pieces.as_arrow(pd.DataFrame(block.rows, columns=block.headers))))
    return joined(body)


def joined(body: list[tuple[str, object]]) -> tuple[tuple[str, object], ...]:
    """Consecutive text parts of one kind as one part, a paragraph each: drawn as they were one by
    one, and sent as one element on every run instead of one per paragraph."""
    out: list[tuple[str, object]] = []
    for kind, part in body:
        if kind != "table" and out and out[-1][0] == kind:
            out[-1] = (kind, f"{out[-1][1]}\n\n{part}")
        else:
            out.append((kind, part))
    return tuple(out)


def highlights(ctx: Ctx) -> None:
    """Điểm đáng chú ý: the points needing a decision first, then every finding of the view."""
    st.subheader(t("br_highlights", ctx.lang))
    points, every = view_pieces.piece(_highlight_lines, ctx)
    components.paragraphs([":red[●] " + line for line in points])
    if not points:
        st.caption(t("br_no_findings", ctx.lang))
    with st.expander(t("br_all_findings", ctx.lang, n=len(every))):
        components.paragraphs(["– " + line for line in every])


class ViewReader(insights.RankedReader):
    """The findings' numbers through the view's cached reads: a headline is the KPI card's value and
    target, the anomalies and missing reports read the rankings the overview's tables show."""

    def __init__(self, ctx: Ctx):
        super().__init__(reads.engine_for(ctx.url))
        self.ctx = ctx

    def value(self, metric_id, period, scope):
        return SimpleNamespace(**reads.value(self.ctx, metric_id, period=period, scope=scope))

    def target(self, metric_id, period, scope):
        if scope != Scope.national():  # the cached target is the nationwide one
            return super().target(metric_id, period, scope)
        tgt = reads.target(self.ctx, metric_id, period)
        return None if tgt is None else SimpleNamespace(**tgt)

    def ranking(self, metric_id, kind, period, boundary, region):
        return month_rankings.ranking(self.ctx, metric_id, kind, period, boundary, region)

    def agency_values(self, metric_id, period, scope):
        return reads.values_by_agency(self.ctx, metric_id, scope, period)


def view_findings(ctx: Ctx) -> list:
    """The rule-based findings of the view (`metrics.insights.collect`) from its cached reads; build
    it once per view with `view_pieces.piece` and never modify it."""
    return insights.collect(reads.engine_for(ctx.url), ctx.period, ctx.scope, ctx.compare_kind,
                            reader=ViewReader(ctx))


def _highlight_lines(ctx: Ctx) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The highlights as Markdown lines: the points needing a decision (at most HIGHLIGHTS_SHOWN), every finding."""
    found = view_pieces.piece(view_findings, ctx)
    points = insights.decisions(found)[:HIGHLIGHTS_SHOWN]
    return (tuple(plain(insights.decision_line(f, ctx.lang)) for f in points),
            tuple(plain(insights.sentence(f, ctx.lang)) for f in found))
