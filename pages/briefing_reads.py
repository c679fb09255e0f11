"""The briefing pack of a view and its files, kept: the pack's content once per view, language and
sections; its chart images once, shared by the deck, the report and the PDF. The file writers and the
chart renderer are loaded when a file is first asked for, not when the web app starts."""
from __future__ import annotations

import streamlit as st

from briefing.content import gather
from metrics.periods import Period
from metrics.scope import Scope
from pages.cached_reads import CACHE_TTL, engine_for
from pages.memo import generation, holds_data
from pages.view_context import Ctx


@holds_data
@st.cache_resource(show_spinner=False, max_entries=20, ttl=CACHE_TTL)
def _briefing_pack(url, gen, start, end, scope_key, cmp, lang, sections):
    return gather(engine_for(url), Period.between(start, end), Scope.from_key(scope_key), cmp, lang, sections)


@holds_data
@st.cache_resource(show_spinner=False, max_entries=10, ttl=CACHE_TTL)
def _briefing_images(url, gen, start, end, scope_key, cmp, lang, sections):
    from briefing.figures import render_all
    return render_all(_briefing_pack(url, gen, start, end, scope_key, cmp, lang, sections))


def _briefing_key(ctx: Ctx, lang: str, sections: tuple[str, ...]) -> tuple:
    return ctx.url, generation(), ctx.period.start, ctx.period.end, ctx.scope.key, ctx.compare_kind, lang, tuple(sections)


def briefing_pack(ctx: Ctx, lang: str, sections: tuple[str, ...]):
    """Everything the view's briefing pack says (`briefing.content.gather`); BriefingError if none."""
    return _briefing_pack(*_briefing_key(ctx, lang, sections))


def briefing_file(ctx: Ctx, lang: str, sections: tuple[str, ...], fmt: str) -> bytes:
    """One file of the pack; the charts are rendered once and shared by the deck, report and PDF."""
    from briefing.build import render as render_files
    key = _briefing_key(ctx, lang, sections)
    images = _briefing_images(*key) if fmt != "xlsx" else {}
    return render_files(_briefing_pack(*key), (fmt,), images)[fmt]
