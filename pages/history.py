"""Lịch sử thao tác / History: every write made through the product (imports, role changes,
explanation requests) with who, when and from which session; for staff and administrators."""
from __future__ import annotations

import streamlit as st

from data import roles
from data.audit import ACTIONS, history
from data.cell_safety import csv_bytes
from i18n import t
from pages import cached_reads as reads
from pages import signin
from pages.access_tables import history_table
from pages.view_context import Ctx

LIMIT = 1000


def render(ctx: Ctx) -> None:
    lang = ctx.lang
    st.title(t("ac_history_title", lang))
    if not roles.may_see_history(signin.current()):
        st.error(t("ac_denied", lang))
        return
    left, right = st.columns(2)
    action = left.selectbox(t("ac_col_action", lang), (None, *ACTIONS), key="ac_hist_action",
                            format_func=lambda a: t("ac_all", lang) if a is None else t(f"ac_act_{a}", lang))
    actor = right.text_input(t("ac_col_actor", lang), key="ac_hist_actor", placeholder="name@agency.gov.vn").strip()
    frame = history(reads.engine_for(ctx.url), limit=LIMIT, actor=actor.lower() or None, action=action)
    st.caption(t("ac_history_count", lang, n=len(frame), limit=LIMIT))
    table = history_table(frame, lang)
    st.dataframe(table, hide_index=True)
    st.download_button(t("ac_download_list", lang), data=csv_bytes(table), file_name="history.csv", mime="text/csv",
                       icon=":material/download:", key="ac_hist_csv", on_click="ignore")
