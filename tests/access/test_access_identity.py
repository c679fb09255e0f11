"""From a signed-in person's claims to the product's user."""
from __future__ import annotations

from data import users
from data.identity import ClaimSettings, resolve
from data.roles import User
from tests.access.people import ADMIN, actor


def test_the_users_table_gives_the_role(db):
    users.save_user(db, actor(ADMIN), "so@lamdong.gov.vn", "agency", "68")
    got = resolve(db, {"sub": "abc", "email": "So@LamDong.gov.vn", "name": "Sở Lâm Đồng"})
    assert got == User("so@lamdong.gov.vn", "agency", "68", "Sở Lâm Đồng")


def test_an_unknown_person_has_no_access_and_no_email_no_access(db):
    assert resolve(db, {"sub": "x", "email": "stranger@example.com"}) is None
    assert resolve(db, {"sub": "x"}) is None
    users.save_user(db, actor(ADMIN), "leader@vpcp.gov.vn", "leader")
    assert resolve(db, {"email": "leader@vpcp.gov.vn", "email_verified": False}) is None  # unverified: refused
    assert resolve(db, {"email": "leader@vpcp.gov.vn", "email_verified": True}).role == "leader"


def test_a_role_claim_is_trusted_only_when_configured_and_the_table_wins(db):
    claims = {"email": "a@vpcp.gov.vn", "roles": ["offline_access", "leader"]}
    assert resolve(db, claims) is None  # not configured: the claim is ignored
    settings = ClaimSettings.from_mapping({"role_claim": "roles", "agency_claim": "agency"})
    assert resolve(db, claims, settings) == User("a@vpcp.gov.vn", "leader")
    assert resolve(db, {"email": "b@x.vn", "roles": "agency", "agency": "68"}, settings) == User("b@x.vn", "agency", "68")
    assert resolve(db, {"email": "c@x.vn", "roles": "agency"}, settings) is None  # agency role without agency
    assert resolve(db, {"email": "d@x.vn", "roles": "superuser"}, settings) is None
    users.save_user(db, actor(ADMIN), "a@vpcp.gov.vn", "staff")
    assert resolve(db, claims, settings).role == "staff"
