"""Meeting mode (`?mode=meeting`): no sidebar, large type, the overview and the KPI pages in turn."""
from __future__ import annotations

import streamlit as st

from i18n import t
from pages import connection, documents, dossiers, overview, services, tasks
from pages.view_context import Ctx

SLIDES = (overview.render, dossiers.render, documents.render, services.render, tasks.render)


def next_slide(index: int) -> int:
    """The slide after `index`, wrapping around."""
    return (index + 1) % len(SLIDES)


def _slide(ctx: Ctx, seconds: int) -> None:
    """Show the current slide and move on at the next tick; the period stays as chosen in the URL."""
    index = st.session_state.get("meeting_slide", 0)
    st.caption(t("meeting_slide", ctx.lang, i=index + 1, n=len(SLIDES), s=seconds))
    with connection.guard(ctx.lang, ctx.url):
        SLIDES[index](ctx)
    st.session_state["meeting_slide"] = next_slide(index)


def render(ctx: Ctx, seconds: int) -> None:
    """The rotating slides, `seconds` apart (the `every` URL parameter)."""
    st.fragment(_slide, run_every=seconds)(ctx, seconds)
