"""The audit log: every write made through the product (an import, a role change, an explanation)
with who made it, when, and from which session, so that a figure's history can be answered for."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection

from data import schema

ACTIONS = ("import", "import_refused", "user_add", "user_update", "user_remove",
           "explanation_ask", "explanation_answer", "explanation_reply", "explanation_close")


@dataclass(frozen=True)
class Actor:
    """Who writes: the signed-in user's email (or `local:NAME`, `cli:NAME`) and their session id."""
    email: str
    session: str


def utc_now() -> datetime:
    """Now in UTC, without a zone (the warehouse stores UTC throughout)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def record(conn: Connection, actor: Actor, action: str, target: str | None = None,
           details: dict | None = None, at: datetime | None = None) -> None:
    """Add one entry, inside the caller's transaction so the write and its record stand or fall together."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(insert(schema.audit_log).values(
        at=at or utc_now(), actor=actor.email, session=actor.session, action=action, target=target,
        details=json.dumps(details, ensure_ascii=False, default=str) if details else None))


def history(engine: Engine, limit: int = 500, actor: str | None = None, action: str | None = None,
            since: datetime | None = None) -> pd.DataFrame:
    """The newest entries first: at, actor, session, action, target, details (decoded JSON)."""
    t = schema.audit_log
    q = select(t.c.id, t.c.at, t.c.actor, t.c.session, t.c.action, t.c.target, t.c.details)
    if actor:
        q = q.where(t.c.actor == actor)
    if action:
        q = q.where(t.c.action == action)
    if since is not None:
        q = q.where(t.c.at >= since)
    q = q.order_by(t.c.at.desc(), t.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    for r in rows:
        r["details"] = json.loads(r["details"]) if r["details"] else {}
    return pd.DataFrame(rows, columns=["id", "at", "actor", "session", "action", "target", "details"])


def record_import(engine: Engine, actor: Actor, report) -> None:
    """Record an import made outside the web page (the command line): file, kind, rows, outcome, counts."""
    from data.database import ensure_tables

    ensure_tables(engine)
    details = {"kind": report.kind, "rows": report.rows, "sha256": report.sha256, "added": report.inserted,
               "updated": report.updated, "unchanged": report.unchanged, "problems": len(report.problems)}
    with engine.begin() as conn:
        record(conn, actor, "import" if report.outcome == "applied" else "import_refused", report.file_name, details)
