"""The access pages in the navigation, each shown only to the roles that may use it
(`pages.access_tables.access_pages`); a page opened by a role that may not use it says so."""
from __future__ import annotations

from functools import partial

import streamlit as st

from data.roles import User
from i18n import t
from pages import explanations, history, reporting, submit, users
from pages.access_tables import access_pages
from pages.view_context import Ctx

RENDER = {"submit": (submit.render, ":material/upload_file:"),
          "reporting": (reporting.render, ":material/fact_check:"),
          "explanations": (explanations.render, ":material/forum:"),
          "history": (history.render, ":material/history:"),
          "users": (users.render, ":material/manage_accounts:")}


def navigation(ctx: Ctx, user: User) -> list[st.Page]:
    """The access pages this user may open, for `st.navigation`."""
    return [st.Page(partial(RENDER[slug][0], ctx), title=t(f"ac_nav_{slug}", ctx.lang), icon=RENDER[slug][1],
                    url_path=slug) for slug in access_pages(user)]


def sections(ctx: Ctx, dashboard: list[st.Page], user: User) -> dict[str, list[st.Page]] | list[st.Page]:
    """The dashboard's pages, and the access pages under their own heading when there are any."""
    mine = navigation(ctx, user)
    return {"": dashboard, t("ac_nav_section", ctx.lang): mine} if mine else dashboard
