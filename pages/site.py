"""The app's pages, listed once: each is a module of `pages/` with one entry point, `render(ctx)`.
A new page is a new module and one entry here."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import streamlit as st

from i18n import t
from pages import briefing, documents, dossiers, meeting, overview, rankings, scorecard, services, tasks
from pages.view_context import Ctx


@dataclass(frozen=True)
class Entry:
    render: Callable[[Ctx], None]
    slug: str  # the URL path, and the module's file name
    title: str  # message key
    icon: str


PAGES = (
    Entry(overview.render, "overview", "nav_overview", ":material/dashboard:"),
    Entry(dossiers.render, "dossiers", "nav_dossiers", ":material/folder_open:"),
    Entry(documents.render, "documents", "nav_documents", ":material/mail:"),
    Entry(services.render, "services", "nav_services", ":material/language:"),
    Entry(tasks.render, "tasks", "nav_tasks", ":material/task_alt:"),
    Entry(rankings.render, "rankings", "nav_rankings", ":material/leaderboard:"),
    Entry(scorecard.render, "scorecard", "nav_scorecard", ":material/account_balance:"),
    Entry(briefing.render, "briefing", "br_nav", ":material/summarize:"),
)
DEFAULT = PAGES[0]  # served at "/" (Streamlit reserves its URL path, "home"); "/overview" is an alias


def navigation(ctx: Ctx) -> list[st.Page]:
    """The pages for `st.navigation`, each rendering this run's view context."""
    pages = [st.Page(partial(e.render, ctx), title=t(e.title, ctx.lang), icon=e.icon,
                     url_path="home" if e is DEFAULT else e.slug, default=e is DEFAULT) for e in PAGES]
    pages.append(st.Page(partial(DEFAULT.render, ctx), title=t(DEFAULT.title, ctx.lang), url_path=DEFAULT.slug,
                         visibility="hidden"))
    return pages


def meeting_page(ctx: Ctx, seconds: int) -> list[st.Page]:
    """Meeting mode's single page: the rotating slides."""
    return [st.Page(partial(meeting.render, ctx, seconds), title=t("meeting_mode", ctx.lang), url_path="meeting",
                    default=True)]
