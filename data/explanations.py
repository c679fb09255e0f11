"""Explanation requests (yêu cầu giải trình): a leader or staff member asks an agency to explain an
indicator for a period by a due date; the agency's users answer in a thread; the asker closes it.

Status: open (waiting for the agency) → answered (waiting for the asker) → closed; a follow-up
question from the asker opens it again. An open request past its due date is overdue. Every write
is checked against the role rules and recorded in the audit log in the same transaction.
"""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update

from data import audit, schema
from data.audit import Actor
from data.roles import User, may_answer, may_ask, may_close, require
from data.users import agency_codes

STATUSES = ("open", "answered", "closed")
MAX_TEXT = 5000
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REQUEST_COLUMNS = ["id", "agency_code", "metric", "period_from", "period_to", "question", "due_on", "status",
                   "asked_by", "asked_at", "closed_at", "overdue", "messages", "last_message_at"]


class ExplanationError(ValueError):
    """A request or message that cannot be stored; `key` names the message in i18n/access.py."""

    def __init__(self, key: str, **values):
        super().__init__(f"{key} {values}" if values else key)
        self.key, self.values = key, values


def ask(engine: Engine, user: User, actor: Actor, agency_code: str, metric: str, period_from: str,
        period_to: str, question: str, due_on: date, today: date | None = None) -> int:
    """Store a new open request with the question as its first message; returns its id."""
    require(may_ask(user), "ac_denied_ask")
    today = today or date.today()
    question = _text(question)
    if agency_code not in agency_codes():
        raise ExplanationError("ac_err_agency_unknown", code=agency_code)
    if not metric or len(metric) > 64:
        raise ExplanationError("ac_err_metric")
    if not (_MONTH.match(period_from or "") and _MONTH.match(period_to or "")) or period_from > period_to:
        raise ExplanationError("ac_err_period")
    if due_on < today:
        raise ExplanationError("ac_err_due_past")
    now = audit.utc_now()
    with engine.begin() as conn:
        rid = conn.execute(insert(schema.explanation_requests).values(
            agency_code=agency_code, metric=metric, period_from=period_from, period_to=period_to,
            question=question, due_on=due_on, status="open", asked_by=actor.email, asked_at=now)
            .returning(schema.explanation_requests.c.id)).scalar_one()
        _message(conn, rid, actor, user, question, now)
        audit.record(conn, actor, "explanation_ask", f"request {rid}",
                     {"agency_code": agency_code, "metric": metric, "period": [period_from, period_to],
                      "due_on": due_on.isoformat()}, at=now)
    return rid


def answer(engine: Engine, user: User, actor: Actor, request_id: int, body: str) -> None:
    """The agency's answer: adds to the thread and marks the request answered."""
    def allowed(req):
        require(may_answer(user, req["agency_code"]), "ac_denied_answer", code=req["agency_code"])
    _post(engine, user, actor, request_id, _text(body), allowed, "answered", "explanation_answer")


def reply(engine: Engine, user: User, actor: Actor, request_id: int, body: str) -> None:
    """A follow-up from the asking side: adds to the thread and opens the request again."""
    require(may_ask(user), "ac_denied_ask")
    _post(engine, user, actor, request_id, _text(body), lambda req: None, "open", "explanation_reply")


def _post(engine: Engine, user: User, actor: Actor, request_id: int, body: str, allowed, status: str,
          action: str) -> None:
    """Add a message to an open or answered request's thread, set its status, record who did it."""
    now = audit.utc_now()
    with engine.begin() as conn:
        req = _request(conn, request_id)
        allowed(req)
        if req["status"] == "closed":
            raise ExplanationError("ac_err_closed", id=request_id)
        _message(conn, request_id, actor, user, body, now)
        _set_status(conn, request_id, status)
        audit.record(conn, actor, action, f"request {request_id}",
                     {"agency_code": req["agency_code"], "chars": len(body)}, at=now)


def close(engine: Engine, user: User, actor: Actor, request_id: int, note: str | None = None) -> None:
    """The asking side accepts the explanation (or withdraws the request); a note joins the thread."""
    require(may_close(user), "ac_denied_close")
    now = audit.utc_now()
    with engine.begin() as conn:
        req = _request(conn, request_id)
        if req["status"] == "closed":
            return
        if note and note.strip():
            _message(conn, request_id, actor, user, _text(note), now)
        _set_status(conn, request_id, "closed", closed_at=now)
        audit.record(conn, actor, "explanation_close", f"request {request_id}",
                     {"agency_code": req["agency_code"], "was": req["status"]}, at=now)


def requests(engine: Engine, agency_code: str | None = None, status: str | tuple[str, ...] | None = None,
             today: date | None = None) -> pd.DataFrame:
    """Requests, newest first, with `overdue` (open past the due date) and the thread's size and last time."""
    today = today or date.today()
    r, m = schema.explanation_requests, schema.explanation_messages
    q = select(r)
    if agency_code:
        q = q.where(r.c.agency_code == agency_code)
    if status:
        q = q.where(r.c.status.in_((status,) if isinstance(status, str) else status))
    q = q.order_by(r.c.asked_at.desc(), r.c.id.desc())
    with engine.connect() as conn:
        rows = [dict(x) for x in conn.execute(q).mappings()]
        ids = [x["id"] for x in rows]
        stats: dict[int, tuple[int, object]] = {}
        if ids:
            for rid, n, last in conn.execute(select(m.c.request_id, func.count(), func.max(m.c.at))
                                             .where(m.c.request_id.in_(ids)).group_by(m.c.request_id)):
                stats[rid] = (int(n), last)
    for x in rows:
        x["overdue"] = is_overdue(x["status"], x["due_on"], today)
        x["messages"], x["last_message_at"] = stats.get(x["id"], (0, None))
    return pd.DataFrame(rows, columns=REQUEST_COLUMNS)


def outstanding(engine: Engine, today: date | None = None, agency_code: str | None = None) -> pd.DataFrame:
    """Requests not yet closed (open or answered), for briefings and the agency's scorecard."""
    return requests(engine, agency_code=agency_code, status=("open", "answered"), today=today)


def thread(engine: Engine, request_id: int) -> pd.DataFrame:
    """The messages of a request in order: at, author, author_role, body."""
    m = schema.explanation_messages
    with engine.connect() as conn:
        rows = conn.execute(select(m.c.at, m.c.author, m.c.author_role, m.c.body)
                            .where(m.c.request_id == request_id).order_by(m.c.at, m.c.id)).mappings().all()
    return pd.DataFrame([dict(x) for x in rows], columns=["at", "author", "author_role", "body"])


def get(engine: Engine, request_id: int) -> dict | None:
    """One request as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(schema.explanation_requests)
                           .where(schema.explanation_requests.c.id == request_id)).mappings().first()
    return dict(row) if row else None


def is_overdue(status: str, due_on: date, today: date) -> bool:
    """Waiting for the agency after the due date (an answered or closed request is not overdue)."""
    return status == "open" and due_on < today


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ExplanationError("ac_err_empty")
    if len(text) > MAX_TEXT:
        raise ExplanationError("ac_err_too_long", limit=MAX_TEXT)
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise ExplanationError("ac_err_control")
    return text


def _request(conn, request_id: int) -> dict:
    row = conn.execute(select(schema.explanation_requests)
                       .where(schema.explanation_requests.c.id == request_id)).mappings().first()
    if row is None:
        raise ExplanationError("ac_err_no_request", id=request_id)
    return dict(row)


def _message(conn, request_id: int, actor: Actor, user: User, body: str, at) -> None:
    conn.execute(insert(schema.explanation_messages).values(
        request_id=request_id, author=actor.email, author_role=user.role, body=body, at=at))


def _set_status(conn, request_id: int, status: str, closed_at=None) -> None:
    conn.execute(update(schema.explanation_requests).where(schema.explanation_requests.c.id == request_id)
                 .values(status=status, closed_at=closed_at))
