"""Links between pages: a page is addressed by its URL path (`/scorecard`), the view's filters and
language travel with it (the parameters `pages.url_params` declares as shared)."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from pages.url_params import SHARED, kept


def _served_by_app() -> None:
    """Stands for the page's content, which app.py's navigation supplies for the same URL path."""


def page(slug: str) -> st.Page:
    """The page at `/slug`, for `st.switch_page` and `st.page_link` (Streamlit routes by URL path)."""
    return st.Page(_served_by_app, url_path=slug, title=slug)


def params(**extra: str) -> dict[str, str]:
    """This view's shared URL parameters, with page parameters such as `agency` added."""
    return {**kept(st.query_params.to_dict(), SHARED), **extra}


def switch(slug: str, **extra: str) -> None:
    """Open another page with this view's filters."""
    st.switch_page(page(slug), query_params=params(**extra))


def url(slug: str, **extra: str) -> str:
    """The address of a page with this view's filters (absolute when the browser told us where we are)."""
    here = st.context.url or ""
    base = here.rsplit("/", 1)[0] + f"/{slug}" if "/" in here else slug
    return f"{base}?{urlencode(params(**extra))}"
