"""Tình hình báo cáo / Reporting status: for a month, which agencies have submitted which family and
which have not, with the date of their last submission — the list staff chase before a meeting."""
from __future__ import annotations

import streamlit as st

from data import roles
from data.cell_safety import csv_bytes
from data.reporting_status import reporting_status, summary
from i18n import t
from metrics.periods import add_months, month_label
from pages import cached_reads as reads
from pages import components, signin
from pages.access_tables import FAMILY_KEYS, status_table
from pages.memo import kept
from pages.view_context import Ctx


STATUS_TTL = 60  # seconds: who has reported is what staff chase, so it is read again every minute


def months_back(last: str, n: int = 36) -> list[str]:
    """The months offered, newest first."""
    return [add_months(last, -i) for i in range(n)]


@kept(STATUS_TTL, 200)
def _status_view(url: str, month: str, lang: str, only_missing: bool, demo: bool):
    """The month's totals per family, the table shown and the CSV offered, made once a minute."""
    status = reporting_status(reads.engine_for(url), month)
    totals = tuple(summary(status)[["family", "reported", "expected", "missing"]].itertuples(index=False, name=None))
    table = status_table(status, lang, only_missing=only_missing)
    source = t("demo_badge", lang) if demo else t("source_db", lang)
    listed = table.assign(**{t("ac_col_source", lang): source})  # the file says where its figures come from
    return totals, table, csv_bytes(listed)


def render(ctx: Ctx) -> None:
    lang = ctx.lang
    st.title(t("ac_reporting_title", lang))
    components.demo_banner(ctx)
    if not roles.may_see_reporting_status(signin.current()):
        st.error(t("ac_denied", lang))
        return
    choices = sorted({*months_back(ctx.last_month), ctx.period.end}, reverse=True)
    month = st.selectbox(t("ac_col_month", lang), choices, index=choices.index(ctx.period.end),
                         format_func=month_label, key="ac_status_month")
    only = st.session_state.get("ac_only_missing", True)
    totals, table, listed = _status_view(ctx.url, month, lang, only, ctx.demo)
    cols = st.columns(3)
    for col, (family, reported, expected, missing) in zip(cols, totals):
        col.metric(t(FAMILY_KEYS[family], lang), f"{reported}/{expected}",
                   help=t("ac_status_metric_help", lang, month=month_label(month)), border=True)
        col.caption(t("ac_status_missing", lang, n=missing))
    st.toggle(t("ac_only_missing", lang), value=True, key="ac_only_missing")
    if table.empty:
        st.success(t("ac_all_submitted", lang, month=month_label(month)), icon=":material/done_all:")
    else:
        st.dataframe(table, hide_index=True)
    st.caption(t("ac_status_note", lang, month=month_label(month)))
    st.download_button(t("ac_download_list", lang), data=listed, file_name=f"reporting-status-{month}.csv",
                       mime="text/csv", icon=":material/download:", key="ac_status_csv", on_click="ignore")
