"""The users table: who may sign in, with which role, and for which agency (an agency user).

Managed from the admin page and from the command line (`python -m data users add|list|remove`);
every change is recorded in the audit log in the same transaction.
"""
from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from data import agencies as agency_ref
from data import audit, schema
from data.audit import Actor
from data.roles import User

ROLES = schema.ROLES
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class UserError(ValueError):
    """A user change that cannot be made; `key` names the message in the catalogue (i18n/access.py)."""

    def __init__(self, key: str, **values):
        super().__init__(f"{key} {values}" if values else key)
        self.key, self.values = key, values


def normalise_email(text: str) -> str:
    """Trimmed and lower case: identity providers differ in the case they send."""
    return (text or "").strip().lower()


def agency_codes() -> set[str]:
    """Codes an agency user may be bound to: every province and ministry, of either set, and the central bodies."""
    return {r["code"] for r in agency_ref.agency_rows() if r["kind"] in ("province", "ministry", "central")}


def checked(email: str, role: str, agency_code: str | None) -> tuple[str, str, str | None]:
    """The normalised (email, role, agency code), or UserError saying what is wrong."""
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise UserError("ac_err_email", email=email)
    if role not in ROLES:
        raise UserError("ac_err_role", role=role, roles=", ".join(ROLES))
    code = (agency_code or "").strip().upper() or None
    if code and code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    if role == "agency" and code is None:
        raise UserError("ac_err_agency_needed")
    if role != "agency" and code is not None:
        raise UserError("ac_err_agency_only", role=role)
    if code is not None and code not in agency_codes():
        raise UserError("ac_err_agency_unknown", code=code)
    return email, role, code


def get_user(engine: Engine, email: str) -> User | None:
    """The user with this email, or None (an unknown user has no access)."""
    t = schema.users
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.email == normalise_email(email))).mappings().first()
    return None if row is None else User(row["email"], row["role"], row["agency_code"], row["name"])


def list_users(engine: Engine) -> pd.DataFrame:
    """Every user: email, role, agency_code, name, created_at, updated_at (by role, then email)."""
    t = schema.users
    with engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.role, t.c.email)).mappings().all()
    return pd.DataFrame([dict(r) for r in rows],
                        columns=["email", "role", "agency_code", "name", "created_at", "updated_at"], dtype=object)


def admins(engine: Engine) -> list[str]:
    """Emails of the administrators: the people who can grant access."""
    t = schema.users
    with engine.connect() as conn:
        return list(conn.execute(select(t.c.email).where(t.c.role == "admin").order_by(t.c.email)).scalars())


def save_user(engine: Engine, actor: Actor, email: str, role: str, agency_code: str | None = None,
              name: str | None = None) -> str:
    """Add a user or change their role/agency/name; returns "added", "updated" or "unchanged"."""
    email, role, code = checked(email, role, agency_code)
    t = schema.users
    now = audit.utc_now()
    with engine.begin() as conn:
        old = conn.execute(select(t).where(t.c.email == email)).mappings().first()
        if old is None:
            conn.execute(insert(t).values(email=email, role=role, agency_code=code, name=name,
                                          created_at=now, updated_at=now))
            audit.record(conn, actor, "user_add", email, {"role": role, "agency_code": code, "name": name}, at=now)
            return "added"
        new_name = name if name is not None else old["name"]
        if (old["role"], old["agency_code"], old["name"]) == (role, code, new_name):
            return "unchanged"
        if old["role"] == "admin" and role != "admin":
            _keep_an_admin(conn, email)
        conn.execute(update(t).where(t.c.email == email).values(
            role=role, agency_code=code, name=new_name, updated_at=now))
        audit.record(conn, actor, "user_update", email,
                     {"role": [old["role"], role], "agency_code": [old["agency_code"], code],
                      "name": [old["name"], new_name]}, at=now)
        return "updated"


def remove_user(engine: Engine, actor: Actor, email: str) -> bool:
    """Remove a user (their past writes stay in the audit log); False if there was no such user."""
    email = normalise_email(email)
    t = schema.users
    with engine.begin() as conn:
        old = conn.execute(select(t).where(t.c.email == email)).mappings().first()
        if old is None:
            return False
        if old["role"] == "admin":
            _keep_an_admin(conn, email)
        conn.execute(delete(t).where(t.c.email == email))
        audit.record(conn, actor, "user_remove", email, {"role": old["role"], "agency_code": old["agency_code"]})
        return True


def _keep_an_admin(conn, leaving: str) -> None:
    """Refuse to remove or demote the last administrator (nobody could grant access after them)."""
    t = schema.users
    others = conn.execute(select(func.count()).select_from(t).where(
        t.c.role == "admin", t.c.email != leaving)).scalar()
    if not others:
        raise UserError("ac_err_last_admin", email=leaving)


def agency_emails(engine: Engine, agency_code: str) -> list[str]:
    """Emails of an agency's users (who are told of a new request or a follow-up)."""
    t = schema.users
    with engine.connect() as conn:
        return list(conn.execute(select(t.c.email).where(t.c.role == "agency", t.c.agency_code == agency_code)
                                 .order_by(t.c.email)).scalars())
