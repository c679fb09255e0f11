"""Meeting mode (`?mode=meeting`): no sidebar, large type, the overview and the KPI pages in turn."""
from __future__ import annotations

import importlib

import streamlit as st

from i18n import t
from pages import shell

SLIDES = ("overview", "dossiers", "documents", "services", "tasks")
DEFAULT_SECONDS = 45


def seconds() -> int:
    try:
        return max(10, min(600, int(st.query_params.get("every", DEFAULT_SECONDS))))
    except ValueError:
        return DEFAULT_SECONDS


def next_slide(index: int) -> int:
    """The slide after `index`, wrapping around."""
    return (index + 1) % len(SLIDES)


@st.fragment(run_every=seconds())
def rotating_slide() -> None:
    """Show the current slide and move on at the next tick; the period stays as chosen in the URL."""
    ctx = shell.current()
    index = st.session_state.get("meeting_slide", 0)
    st.caption(t("meeting_slide", ctx.lang, i=index + 1, n=len(SLIDES), s=seconds()))
    importlib.import_module(f"pages.{SLIDES[index]}").render(ctx)
    st.session_state["meeting_slide"] = next_slide(index)


if __name__ == "__main__":
    rotating_slide()
