"""Nhập số liệu / Submit data: upload a CSV or XLSX, see every problem before anything is written,
confirm, and see what changed per agency-month. An agency user submits its own agency's rows only."""
from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from data import roles
from data.import_formats import KINDS
from data.import_limits import ImportLimits
from data.submission import apply_upload, check_upload, problems_csv, problems_frame
from i18n import t
from pages import cached_reads as reads
from pages import signin
from pages.access_tables import agency_name, changes_table, family_label
from pages.components import literal
from pages.view_context import Ctx

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def render(ctx: Ctx) -> None:
    lang, user = ctx.lang, signin.current()
    st.title(t("ac_submit_title", lang))
    if not roles.may_submit(user):
        st.error(t("ac_denied_submit", lang))
        return
    st.caption(t("ac_submit_for", lang, agency=agency_name(user.agency_code, lang)) if user.role == "agency"
               else t("ac_submit_any", lang))
    kind = st.selectbox(t("ac_kind", lang), ("auto", *KINDS), key="ac_submit_kind",
                        format_func=lambda k: t("ac_kind_auto", lang) if k == "auto" else family_label(k, lang))
    try:
        limit_mb = max(1, ImportLimits.from_env().max_bytes // (1024 * 1024))
    except ValueError:  # a malformed IMPORT_MAX_MB: the importer reports it when the file is checked
        limit_mb = None
    upload = st.file_uploader(t("ac_upload", lang), type=["csv", "xlsx"], key="ac_submit_file",
                              help=t("ac_upload_help", lang), max_upload_size=limit_mb)
    if upload is None:
        _templates(lang)
        return
    data = upload.getvalue()
    key = f"ac_check:{hashlib.sha256(data).hexdigest()}:{kind}:{user.email}"
    done = st.session_state.get(key + ":result")
    if done is not None:
        _result(done, lang)
        return
    check = st.session_state.get(key)
    if check is None:
        with st.spinner(t("ac_checking", lang)):
            check = check_upload(reads.engine_for(ctx.url), data, upload.name, user,
                                 kind=None if kind == "auto" else kind)
        st.session_state[key] = check
    for w in check.warnings(lang):
        st.text("⚠ " + w)  # the file's own header names inside: never read as Markdown
    if not check.ok:
        _problems(check, lang)
        return
    totals = check.totals()
    st.success(t("ac_check_ok", lang, rows=check.rows, kind=family_label(check.kind, lang),
                 **totals), icon=":material/check_circle:")
    st.dataframe(changes_table(check.changes, lang), hide_index=True)
    if st.button(t("ac_confirm", lang), type="primary", key="ac_confirm", icon=":material/upload:"):
        with st.spinner(t("ac_applying", lang)):
            result = apply_upload(reads.engine_for(ctx.url), data, upload.name, user, signin.actor(),
                                  kind=check.kind)
        # Applied rows move the data stamp: the rerun's database check forgets every kept read and figure.
        st.session_state[key + ":result"] = result
        st.rerun()


def _problems(check, lang: str) -> None:
    st.error(t("ac_refused", lang, n=check.problem_count), icon=":material/block:")
    st.dataframe(problems_frame(check.problems, lang), hide_index=True)
    if check.unlisted:
        st.caption(t("ac_more_problems", lang, n=check.unlisted, listed=len(check.problems)))
    st.caption(t("ac_row_numbering", lang))
    st.download_button(t("ac_download_problems", lang), data=problems_csv(check.problems, lang),
                       file_name=f"{Path(check.file_name).stem}-problems.csv", mime="text/csv",
                       icon=":material/download:", key="ac_problems_csv", on_click="ignore")


def _result(result, lang: str) -> None:
    if not result.applied:
        _problems(result.check, lang)
        return
    r = result.report
    st.success(t("ac_applied", lang, file=literal(r.file_name), added=r.inserted, updated=r.updated,
                 unchanged=r.unchanged), icon=":material/task_alt:")
    st.dataframe(changes_table(result.check.changes, lang), hide_index=True)


def _templates(lang: str) -> None:
    st.caption(t("ac_templates", lang))
    cols = st.columns(3)
    for i, kind in enumerate(KINDS):
        col = cols[i % 3]
        path = EXAMPLES / f"{kind}.csv"
        if path.exists():
            col.download_button(family_label(kind, lang), data=path.read_bytes(),
                                file_name=path.name, mime="text/csv", key=f"ac_tpl_{kind}",
                                icon=":material/description:", on_click="ignore")
