"""E-Government Command Center: navigation, global filters (kept in the URL), meeting mode."""
from __future__ import annotations

import streamlit as st

from i18n import t
from pages import shell

st.set_page_config(page_title="Trung tâm điều hành CPĐT", page_icon="🏛️", layout="wide")

lang = st.query_params.get("lang") if st.query_params.get("lang") in ("vi", "en") else "vi"
meeting = st.query_params.get("mode") == "meeting"

with st.sidebar:
    lang = st.segmented_control(t("language", lang), ("vi", "en"), default=lang, key="f_lang",
                                format_func=lambda k: {"vi": "Tiếng Việt", "en": "English"}[k], required=True)

url, engine = shell.open_database(lang)
facts = shell.dataset_facts(url)

if meeting:
    params = {k: st.query_params.get(k) for k in ("pk", "m", "from", "to", "cmp", "b", "scope", "region", "sa")}
else:
    params = shell.sidebar_filters(lang, facts["last_month"] or "2019-01")
ctx = shell.build_context(lang, params, url, facts, meeting)
st.session_state["_ctx"] = ctx


if meeting:
    st.html("<style>section[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl']{display:none}"
            "html{font-size:22px} [data-testid='stMetricValue']{font-size:3rem}</style>")
    page = st.navigation([st.Page("pages/meeting.py", title=t("meeting_mode", lang), url_path="meeting",
                                  default=True)], position="hidden")
else:
    page = st.navigation(shell.app_pages(lang))
    keep = {k: v for k, v in params.items() if v}
    keep["lang"] = lang
    for k in ("agency", "metric", "mode"):
        if st.query_params.get(k):
            keep[k] = st.query_params.get(k)
    st.query_params.from_dict(keep)

page.run()
