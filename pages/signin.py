"""Sign-in (`st.login`, OpenID Connect) and the current user of a run.

With `[auth]` in `.streamlit/secrets.toml` every visitor signs in and gets the role the users table
gives their email (or no access yet); without it the app is in local single-user mode, as on a
developer's machine. Pages ask `current()`; tests set the signed-in person with AppTest's `at.user`
(`{"is_logged_in": True, "email": ...}`), the same place `st.login` puts them.
"""
from __future__ import annotations

import uuid
from functools import partial

import streamlit as st

from data.audit import Actor
from data.database import ensure_tables
from data.identity import ClaimSettings, email_of, resolve
from data.roles import LOCAL_USER, User
from data.users import admins
from i18n import t
from pages import cached_reads as reads
from pages.access_tables import user_label
from pages.components import literal

USER_KEY = "access_user"
SESSION_KEY = "access_session"


def auth_configured() -> bool:
    """True when `[auth]` is configured (Streamlit then always reports `is_logged_in`)."""
    return "is_logged_in" in st.user.to_dict()


@st.cache_resource(show_spinner=False)
def _tables_ready(url: str) -> bool:
    """Create the access tables once per process in a database made by an earlier version."""
    ensure_tables(reads.engine_for(url))
    return True


def sign_in(lang: str, url: str) -> User:
    """The user of this run; draws the sign-in or the no-access page and stops the run when there is none."""
    _tables_ready(url)
    if not auth_configured():
        user = LOCAL_USER
    else:
        claims = st.user.to_dict()
        if not claims.get("is_logged_in"):
            _only(partial(_sign_in_page, lang), t("ac_sign_in", lang))
        settings = ClaimSettings.from_mapping(_access_section())
        user = resolve(reads.engine_for(url), claims, settings)
        if user is None:
            _only(partial(_no_access_page, lang, url, claims), t("ac_no_access_title", lang))
    st.session_state[USER_KEY] = user
    return user


def _access_section() -> dict:
    """`[access]` of secrets.toml (claim names), empty when there is none or no secrets file."""
    try:
        return dict(st.secrets.get("access", {}))
    except FileNotFoundError:  # no secrets file at all (the user came from elsewhere, e.g. a test)
        return {}


def current() -> User | None:
    """The user `sign_in` found for this run (None outside a signed-in run)."""
    return st.session_state.get(USER_KEY)


def actor() -> Actor:
    """The current user and this browser session, for the audit log."""
    session = st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex[:12])
    user = current() or LOCAL_USER
    return Actor(user.email if not user.is_local else f"local:{user.email}", session)


def sidebar_badge(user: User, lang: str) -> None:
    """Who is signed in, with a sign-out button; or the local-mode note."""
    with st.sidebar:
        if user.is_local:
            st.caption(":material/person: " + t("ac_local_mode_short", lang))
            return
        st.text(user_label(user, lang))  # names and emails from the provider, never read as Markdown
        if st.button(t("ac_sign_out", lang), key="ac_sign_out", icon=":material/logout:"):
            st.logout()


def footer_note(user: User, lang: str) -> None:
    """The footer says when nobody signs in (local single-user mode)."""
    if user.is_local:
        st.caption(":material/lock_open: " + t("ac_local_mode", lang))


def refusal(exc, lang: str) -> str:
    """A refusal's message (UserError, ExplanationError, AccessDenied), each text value shown literally."""
    return t(exc.key, lang, **{k: literal(v) if isinstance(v, str) else v for k, v in exc.values.items()})


def _only(render, title: str) -> None:
    """Serve this one page whatever the address (nothing else is reachable), then end the run."""
    st.navigation([st.Page(render, title=title, url_path="signin", default=True)], position="hidden").run()
    st.stop()


def _sign_in_page(lang: str) -> None:
    st.title(t("ac_sign_in_title", lang))
    st.write(t("ac_sign_in_text", lang))
    if st.button(t("ac_sign_in", lang), type="primary", icon=":material/login:", key="ac_sign_in"):
        st.login()


def _no_access_page(lang: str, url: str, claims: dict) -> None:
    email = email_of(claims) or claims.get("sub") or "?"
    st.title(t("ac_no_access_title", lang))
    st.warning(t("ac_no_access", lang, email=literal(email)), icon=":material/lock:")
    granters = admins(reads.engine_for(url))
    if granters:
        st.write(t("ac_no_access_ask", lang, admins=", ".join(literal(a) for a in granters)))
    else:  # nobody can grant access in the app yet: the server's operator does, from the shell
        st.write(t("ac_no_access_server", lang))
        st.code(f"python -m data users add {email} --role admin", language=None)
    if st.button(t("ac_sign_out", lang), icon=":material/logout:", key="ac_sign_out_denied"):
        st.logout()
