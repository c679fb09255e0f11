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
from pages.view_context import Ctx


def months_back(last: str, n: int = 36) -> list[str]:
    """The months offered, newest first."""
    return [add_months(last, -i) for i in range(n)]


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
    status = reporting_status(reads.engine_for(ctx.url), month)
    cols = st.columns(3)
    for col, row in zip(cols, summary(status).itertuples(index=False)):
        col.metric(t(FAMILY_KEYS[row.family], lang), f"{row.reported}/{row.expected}",
                   help=t("ac_status_metric_help", lang, month=month_label(month)), border=True)
        col.caption(t("ac_status_missing", lang, n=row.missing))
    only = st.toggle(t("ac_only_missing", lang), value=True, key="ac_only_missing")
    table = status_table(status, lang, only_missing=only)
    if table.empty:
        st.success(t("ac_all_submitted", lang, month=month_label(month)), icon=":material/done_all:")
    else:
        st.dataframe(table, hide_index=True)
    st.caption(t("ac_status_note", lang, month=month_label(month)))
    source = t("demo_badge", lang) if ctx.demo else t("source_db", lang)
    listed = table.assign(**{t("ac_col_source", lang): source})  # the file says where its figures come from
    st.download_button(t("ac_download_list", lang), data=csv_bytes(listed), file_name=f"reporting-status-{month}.csv",
                       mime="text/csv", icon=":material/download:", key="ac_status_csv", on_click="ignore")
