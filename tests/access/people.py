"""The users the access tests act as."""
from __future__ import annotations

from data.audit import Actor
from data.roles import User

STAFF = User("staff@vpcp.gov.vn", "staff")
LEADER = User("leader@vpcp.gov.vn", "leader")
ADMIN = User("admin@vpcp.gov.vn", "admin")
LAMDONG = User("so@lamdong.gov.vn", "agency", "68")
HANOI = User("vp@hanoi.gov.vn", "agency", "01")


def actor(user: User, session: str = "s-1") -> Actor:
    return Actor(user.email, session)
