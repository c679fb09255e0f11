"""The database as the pages see it: checked on every run, one clear line (password masked) when it
cannot be used, never a driver traceback; while it is away the page asks again every few seconds
and comes back by itself once the server answers. Every run also reads the data stamp, so what the
process kept is forgotten as soon as anyone writes new figures."""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from data.database import data_stamp, ping
from data.engine import database_url, has_schema
from i18n import t
from pages import memo
from pages.cached_reads import engine_for

GONE = (OperationalError, InterfaceError, DBAPIError)
RETRY_SECONDS = 5
JUST_FAILED = "database_just_failed"


def masked(url: str) -> str:
    """The URL with its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL"


@st.fragment(run_every=RETRY_SECONDS)
def _wait_for(url: str) -> None:
    """Every few seconds ask the database again; once it answers, run the whole page again."""
    if st.session_state.pop(JUST_FAILED, False):  # the run that failed: ask at the next tick
        return
    try:
        ping(engine_for(url))
    except Exception:
        return
    st.rerun()


def unreachable(lang: str, url: str, stop: bool = True) -> None:
    """The one-line message for a database that cannot be reached; the page retries by itself."""
    st.error(t("db_unreachable", lang, url=masked(url)))
    st.session_state[JUST_FAILED] = True
    _wait_for(url)
    if stop:
        st.stop()


def open_database(lang: str) -> str:
    """The database URL once the database answers and has a schema; otherwise a message and a stop.

    Every run asks the server once, so a server that went away is reported even when every number
    of the page is cached: it reads the data stamp (one connection, two small queries), which also
    tells the process when anyone wrote new figures (`pages.memo.follow`). Only when that fails is
    the database asked what is wrong: unreachable, or reachable without a schema."""
    url = database_url()
    try:
        engine = engine_for(url)
        stamp = data_stamp(engine)
    except Exception:  # the server is down, the URL unusable, or the tables missing
        stamp = _why_not(lang, url)
    memo.follow(url, stamp)  # new data shows on this run, whoever wrote it
    return url


def _why_not(lang: str, url: str):
    """After the data stamp could not be read: the message for an unreachable or empty database and
    a stop; the stamp when a second try reads it (a database that answers and has its tables)."""
    try:
        engine = engine_for(url)
        ping(engine)
        ready = has_schema(engine)
    except Exception:
        unreachable(lang, url)
    if not ready:
        engine_for.clear()
        st.error(t("db_empty", lang))
        st.stop()
    try:
        return data_stamp(engine)
    except Exception:
        unreachable(lang, url)


@contextmanager
def guard(lang: str, url: str):
    """Run a page; a database that goes away in the middle gives the one-line message."""
    try:
        yield
    except GONE:
        unreachable(lang, url, stop=False)
