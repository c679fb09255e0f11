"""The page layer (Streamlit only): one module per page, listed in `pages.site`, and the modules
they share: `cached_reads`, `components`, `sidebar`, `links`, `connection`, and the Streamlit-free
`url_params` and `view_context`.

Streamlit reads a folder named `pages/` beside app.py as a legacy multipage app until a session
declares its navigation. On a freshly started server, a first visit to a deep link such as
/scorecard runs pages/scorecard.py alone; that run imports this package first, which declares a
navigation for the same URL path and reruns, so that app.py serves the page, filters and all."""
from __future__ import annotations

import inspect
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _legacy_page_run() -> str | None:
    """The URL path when a page file of this folder is being run on its own as the main script."""
    frame = inspect.currentframe()
    while frame is not None:
        g = frame.f_globals
        if g.get("__name__") == "__main__" and Path(g.get("__file__") or ".").resolve().parent == _HERE:
            return Path(g["__file__"]).stem
        frame = frame.f_back
    return None


if (_slug := _legacy_page_run()) is not None:
    import streamlit as st

    st.navigation([st.Page(lambda: None, url_path="home", default=True), st.Page(lambda: None, url_path=_slug)],
                  position="hidden")
    st.rerun()
