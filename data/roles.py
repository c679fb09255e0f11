"""Who may do what: the role rules, in one place, without Streamlit, so that the pages, the command
line and the write functions ask the same questions and the tests can ask them directly.

| may …                      | leader | staff      | agency      | admin | local (no sign-in) |
|----------------------------|--------|------------|-------------|-------|--------------------|
| see the published figures  | yes    | yes        | yes         | yes   | yes                |
| submit figures             | –      | any agency | its own     | –     | any agency         |
| see the reporting status   | yes    | yes        | –           | yes   | yes                |
| ask for an explanation     | yes    | yes        | –           | –     | yes                |
| answer an explanation      | –      | –          | its own     | –     | yes                |
| close an explanation       | yes    | yes        | –           | –     | yes                |
| see the history            | –      | yes        | –           | yes   | yes                |
| manage users and roles     | –      | –          | –           | yes   | yes                |
"""
from __future__ import annotations

from dataclasses import dataclass

from data.schema import ROLES

LOCAL = "local"
"""The role of the one user of an installation without sign-in (`[auth]` not configured)."""


@dataclass(frozen=True)
class User:
    """A user as the product knows them: email (lower case), role, and the agency an agency user acts for."""
    email: str
    role: str
    agency_code: str | None = None
    name: str | None = None

    @property
    def is_local(self) -> bool:
        return self.role == LOCAL


LOCAL_USER = User("local", LOCAL)


class AccessDenied(PermissionError):
    """A write the user's role does not allow; `key` names the message in the catalogue (i18n/access.py)."""

    def __init__(self, key: str, **values):
        super().__init__(f"{key} {values}" if values else key)
        self.key, self.values = key, values


def may_view(user: User | None) -> bool:
    return user is not None and user.role in (*ROLES, LOCAL)


def may_submit(user: User | None, agency_code: str | None = None) -> bool:
    """With an agency code: may this user submit that agency's figures; without: any figures at all."""
    if user is None:
        return False
    if user.role in ("staff", LOCAL):
        return True
    if user.role == "agency":
        return agency_code is None or agency_code == user.agency_code
    return False


def may_see_reporting_status(user: User | None) -> bool:
    return user is not None and user.role in ("leader", "staff", "admin", LOCAL)


def may_ask(user: User | None) -> bool:
    return user is not None and user.role in ("leader", "staff", LOCAL)


def may_answer(user: User | None, agency_code: str) -> bool:
    if user is None:
        return False
    return user.role == LOCAL or (user.role == "agency" and user.agency_code == agency_code)


def may_close(user: User | None) -> bool:
    return may_ask(user)


def may_see_history(user: User | None) -> bool:
    return user is not None and user.role in ("staff", "admin", LOCAL)


def may_manage_users(user: User | None) -> bool:
    return user is not None and user.role in ("admin", LOCAL)


def may_see_requests(user: User | None, agency_code: str) -> bool:
    """Explanation requests: askers see all; an agency user sees its own agency's."""
    if user is None:
        return False
    return user.role != "agency" or user.agency_code == agency_code


def require(allowed: bool, key: str = "ac_denied", **values) -> None:
    """Raise AccessDenied unless allowed."""
    if not allowed:
        raise AccessDenied(key, **values)
