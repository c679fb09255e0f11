"""Yêu cầu giải trình / Explanation requests: a leader or staff member asks an agency to explain an
indicator for a period by a due date; the agency's users answer; the asker follows up or closes.
Overdue requests (still waiting for the agency after the due date) are flagged."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from briefing import mail
from data import explanations as ex
from data import roles
from data.explanations import ExplanationError
from data.roles import AccessDenied
from i18n import t
from metrics import catalog
from pages import cached_reads as reads
from pages import links, signin
from pages.access_tables import (STATUS_KEYS, agency_name, agency_options, local_time, metric_label,
                                 period_text, requests_table, role_label)
from pages.components import literal
from pages.explanation_notices import notice
from pages.view_context import Ctx

PREFILL_KEY = "ac_ask_prefill"
"""Session state a scorecard or ranking row sets before opening this page: agency, metric, from, to."""
DUE_DAYS = 7


def ask_about(agency: str, metric: str, start: str, end: str) -> None:
    """Open this page with the request form filled in (called from a scorecard or a ranking row)."""
    st.session_state[PREFILL_KEY] = {"agency": agency, "metric": metric, "from": start, "to": end}
    links.switch("explanations")


def render(ctx: Ctx) -> None:
    lang, user = ctx.lang, signin.current()
    engine = reads.engine_for(ctx.url)
    st.title(t("ac_expl_title", lang))
    for note in st.session_state.pop("ac_expl_notes", []):
        st.success(note, icon=":material/check:")
    if roles.may_ask(user):
        _ask_form(ctx, engine)
    agency = user.agency_code if user.role == "agency" else None
    frame = ex.requests(engine, agency_code=agency)
    if frame.empty:
        st.info(t("ac_expl_none", lang))
        return
    overdue = int(frame["overdue"].sum())
    waiting = int((frame["status"] == "open").sum())
    st.caption(t("ac_expl_counts", lang, n=len(frame), open=waiting, overdue=overdue))
    st.dataframe(requests_table(frame, lang), hide_index=True)
    ids = frame["id"].astype(int).tolist()
    chosen = st.selectbox(t("ac_expl_pick", lang), ids, key="ac_expl_pick",
                          format_func=lambda i: _option(frame.set_index("id").loc[i], lang))
    if chosen is not None:
        _detail(ctx, engine, int(chosen))


def _option(row, lang: str) -> str:
    """The request as the picker names it (what it is about; its status shows in the table and below)."""
    return (f"#{row.name} · {agency_name(row['agency_code'], lang)} · {metric_label(row['metric'], lang)} · "
            f"{period_text(row['period_from'], row['period_to'])}")


def _ask_form(ctx: Ctx, engine) -> None:
    lang = ctx.lang
    pre = st.session_state.get(PREFILL_KEY) or {}
    options = agency_options(lang)
    metrics = ["composite", *[m.id for m in catalog.METRICS]]
    with st.expander(t("ac_expl_new", lang), expanded=bool(pre), icon=":material/add_comment:"):
        with st.form("ac_ask_form", clear_on_submit=True):
            agency = st.selectbox(t("ac_col_agency", lang), list(options), format_func=options.get,
                                  index=list(options).index(pre["agency"]) if pre.get("agency") in options else None,
                                  placeholder=t("ac_user_agency_hint", lang), key="ac_ask_agency")
            metric = st.selectbox(t("ac_col_metric", lang), metrics, format_func=lambda m: metric_label(m, lang),
                                  index=metrics.index(pre["metric"]) if pre.get("metric") in metrics else 0,
                                  key="ac_ask_metric")
            start, end = pre.get("from") or ctx.period.start, pre.get("to") or ctx.period.end
            st.caption(t("ac_expl_period", lang, period=period_text(start, end)))
            question = st.text_area(t("ac_expl_question", lang), key="ac_ask_question", max_chars=ex.MAX_TEXT)
            due = st.date_input(t("ac_col_due", lang), value=date.today() + timedelta(days=DUE_DAYS),
                                min_value=date.today(), format="DD/MM/YYYY", key="ac_ask_due")
            if st.form_submit_button(t("ac_expl_send", lang), type="primary"):
                if agency is None:
                    st.error(t("ac_user_agency_hint", lang))
                    return
                _write(lambda: ex.ask(engine, signin.current(), signin.actor(), agency, metric, start, end,
                                      question, due), lang, t("ac_expl_sent", lang, agency=agency_name(agency, lang)),
                       notify=lambda rid: _notify(ctx, engine, "ask", rid, question))
                st.session_state.pop(PREFILL_KEY, None)


def _detail(ctx: Ctx, engine, rid: int) -> None:
    lang, user = ctx.lang, signin.current()
    req = ex.get(engine, rid)
    st.subheader(t("ac_expl_detail", lang, id=rid, agency=agency_name(req["agency_code"], lang)))
    st.caption(" · ".join([metric_label(req["metric"], lang), period_text(req["period_from"], req["period_to"]),
                           t("ac_expl_due", lang, due=req["due_on"].strftime("%d/%m/%Y")),
                           t(STATUS_KEYS[req["status"]], lang)]))
    if ex.is_overdue(req["status"], req["due_on"], date.today()):
        st.error(t("ac_expl_overdue", lang), icon=":material/schedule:")
    for m in ex.thread(engine, rid).itertuples(index=False):
        with st.container(border=True):
            st.caption(f"{literal(m.author)} · {role_label(m.author_role, lang)} · {local_time(m.at)}")
            st.text(m.body)
    if req["status"] == "closed":
        return
    if roles.may_answer(user, req["agency_code"]):
        with st.form(f"ac_answer_{rid}", clear_on_submit=True):
            body = st.text_area(t("ac_expl_answer", lang), key=f"ac_answer_text_{rid}", max_chars=ex.MAX_TEXT)
            if st.form_submit_button(t("ac_expl_send_answer", lang), type="primary"):
                _write(lambda: ex.answer(engine, signin.current(), signin.actor(), rid, body), lang,
                       t("ac_expl_answered", lang, id=rid), notify=lambda _: _notify(ctx, engine, "answer", rid, body))
    if roles.may_ask(user):
        with st.form(f"ac_follow_{rid}", clear_on_submit=True):
            body = st.text_area(t("ac_expl_follow", lang), key=f"ac_follow_text_{rid}", max_chars=ex.MAX_TEXT)
            left, right = st.columns(2)
            if left.form_submit_button(t("ac_expl_send_follow", lang)):
                _write(lambda: ex.reply(engine, signin.current(), signin.actor(), rid, body), lang,
                       t("ac_expl_followed", lang, id=rid), notify=lambda _: _notify(ctx, engine, "reply", rid, body))
            if right.form_submit_button(t("ac_expl_close", lang), type="primary"):
                _write(lambda: ex.close(engine, signin.current(), signin.actor(), rid, body), lang,
                       t("ac_expl_closed", lang, id=rid), notify=lambda _: _notify(ctx, engine, "close", rid, body))


def _write(action, lang: str, done: str, notify=None) -> None:
    """Run a write, then its e-mail notice; a refusal is one line, success a note on the next run."""
    try:
        result = action()
    except (ExplanationError, AccessDenied) as exc:
        st.error(signin.refusal(exc, lang))
        return
    notes = [done]
    if notify is not None:
        failed = notify(result)
        if failed:
            notes.append(t("ac_mail_failed", lang, error=literal(failed)))
    st.session_state["ac_expl_notes"] = notes
    st.rerun()


def _notify(ctx: Ctx, engine, event: str, rid: int, text: str) -> str | None:
    """E-mail the people the step concerns when SMTP is configured; the error in one line if sending failed."""
    try:
        settings = mail.smtp_settings()
    except mail.MailError:
        return None  # notices are optional: no SMTP server configured
    message = notice(engine, event, ex.get(engine, rid), signin.actor().email, text or "",
                     links.url("explanations"), ctx.lang)
    if message is None:
        return None
    try:
        mail.send_files(settings, list(message.to), message.subject, message.body, [])
    except mail.MailError as exc:
        return str(exc)
    return None


def scorecard_panel(ctx: Ctx, code: str) -> None:
    """On an agency's scorecard: its requests not yet closed (the agency's users are asked to answer);
    for leaders and staff, a button that asks it to explain the metric in view (`metric` in the URL,
    set when a ranking row opened the scorecard) for the period in view."""
    lang, user = ctx.lang, signin.current()
    if not roles.may_see_requests(user, code):
        return
    waiting = ex.outstanding(reads.engine_for(ctx.url), agency_code=code)
    if len(waiting):
        late = int(waiting["overdue"].sum())
        text = t("ac_card_waiting", lang, n=len(waiting), overdue=late)
        (st.warning if roles.may_answer(user, code) else st.info)(text, icon=":material/forum:")
        st.page_link(_page(), label=t("ac_nav_explanations", lang), icon=":material/arrow_forward:")
    if roles.may_ask(user):
        metric = st.query_params.get("metric") or "composite"
        if st.button(t("ac_card_ask", lang, metric=metric_label(metric, lang)), key=f"ac_card_ask_{code}",
                     icon=":material/add_comment:"):
            ask_about(code, metric, ctx.period.start, ctx.period.end)


def _page():
    return links.page("explanations")
