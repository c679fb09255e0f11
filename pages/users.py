"""Người dùng và vai trò / Users and roles (administrators): who may sign in, with which role, for
which agency. The same changes as `python -m data users`, each recorded in the history."""
from __future__ import annotations

import streamlit as st

from data import roles, users
from data.schema import ROLES
from i18n import t
from pages import cached_reads as reads
from pages import signin
from pages.access_tables import agency_options, role_label, users_table
from pages.components import literal
from pages.view_context import Ctx


def render(ctx: Ctx) -> None:
    lang = ctx.lang
    st.title(t("ac_users_title", lang))
    if not roles.may_manage_users(signin.current()):
        st.error(t("ac_denied", lang))
        return
    engine = reads.engine_for(ctx.url)
    for note in st.session_state.pop("ac_users_notes", []):
        st.success(note, icon=":material/check:")
    st.dataframe(users_table(users.list_users(engine), lang), hide_index=True)
    options = agency_options(lang)
    with st.form("ac_user_form", clear_on_submit=True):
        st.subheader(t("ac_user_save", lang))
        email = st.text_input(t("ac_col_email", lang), key="ac_user_email")
        role = st.selectbox(t("ac_col_role", lang), ROLES, format_func=lambda r: role_label(r, lang), key="ac_user_role")
        agency = st.selectbox(t("ac_user_agency", lang), list(options), index=None, format_func=options.get,
                              key="ac_user_agency", placeholder=t("ac_user_agency_hint", lang))
        name = st.text_input(t("ac_col_name", lang), key="ac_user_name")
        if st.form_submit_button(t("ac_save", lang), type="primary"):
            _save(engine, lang, email, role, agency if role == "agency" else None, name.strip() or None)
    listed = users.list_users(engine)["email"].tolist()
    with st.form("ac_user_remove"):
        who = st.selectbox(t("ac_user_remove", lang), listed, index=None, key="ac_user_remove_email")
        if st.form_submit_button(t("ac_remove", lang)) and who:
            try:
                users.remove_user(engine, signin.actor(), who)
                st.session_state["ac_users_notes"] = [t("ac_cli_removed", lang, email=literal(who))]
                st.rerun()
            except users.UserError as exc:
                st.error(signin.refusal(exc, lang))


def _save(engine, lang: str, email: str, role: str, agency: str | None, name: str | None) -> None:
    try:
        outcome = users.save_user(engine, signin.actor(), email, role, agency, name)
    except users.UserError as exc:
        st.error(signin.refusal(exc, lang))
        return
    label = role_label(role, lang) + (f" · {agency}" if agency else "")
    st.session_state["ac_users_notes"] = [t(f"ac_cli_{outcome}", lang, email=literal(users.normalise_email(email)),
                                            role=label)]
    st.rerun()
