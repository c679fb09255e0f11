"""The users table: adding, changing and removing users, each change audited."""
from __future__ import annotations

import json

import pytest

from data import audit, users
from data.users import UserError
from tests.access.people import ADMIN, actor


def test_add_update_unchanged_and_remove_are_audited(db):
    a = actor(ADMIN, "sess-42")
    assert users.save_user(db, a, " So@LamDong.gov.vn ", "agency", "68", "Sở TT&TT Lâm Đồng") == "added"
    u = users.get_user(db, "so@lamdong.gov.vn")
    assert (u.email, u.role, u.agency_code, u.name) == ("so@lamdong.gov.vn", "agency", "68", "Sở TT&TT Lâm Đồng")
    assert users.save_user(db, a, "so@lamdong.gov.vn", "agency", "68") == "unchanged"  # name kept when omitted
    assert users.save_user(db, a, "so@lamdong.gov.vn", "staff") == "updated"
    assert users.get_user(db, "SO@lamdong.gov.vn").role == "staff"
    assert users.get_user(db, "so@lamdong.gov.vn").agency_code is None
    assert users.remove_user(db, a, "so@lamdong.gov.vn") is True
    assert users.remove_user(db, a, "so@lamdong.gov.vn") is False
    assert users.get_user(db, "so@lamdong.gov.vn") is None

    h = audit.history(db)
    # newest first: remove, update (the unchanged save wrote nothing), add
    assert list(h["action"]) == ["user_remove", "user_update", "user_add"]
    assert set(h["actor"]) == {"admin@vpcp.gov.vn"} and set(h["session"]) == {"sess-42"}
    assert set(h["target"]) == {"so@lamdong.gov.vn"}
    assert h.iloc[1]["details"]["role"] == ["agency", "staff"]
    assert h.iloc[2]["details"] == {"role": "agency", "agency_code": "68", "name": "Sở TT&TT Lâm Đồng"}


@pytest.mark.parametrize("email, role, agency, key", [
    ("not-an-email", "staff", None, "ac_err_email"),
    ("a@b.vn", "boss", None, "ac_err_role"),
    ("a@b.vn", "agency", None, "ac_err_agency_needed"),
    ("a@b.vn", "leader", "68", "ac_err_agency_only"),
    ("a@b.vn", "agency", "99", "ac_err_agency_unknown"),
])
def test_invalid_users_are_refused_and_nothing_is_written(db, email, role, agency, key):
    with pytest.raises(UserError) as exc:
        users.save_user(db, actor(ADMIN), email, role, agency)
    assert exc.value.key == key
    assert users.list_users(db).empty and audit.history(db).empty


def test_a_one_digit_province_code_gets_its_zero_and_ministry_codes_are_upper_case(db):
    users.save_user(db, actor(ADMIN), "a@tuyenquang.gov.vn", "agency", "8")
    users.save_user(db, actor(ADMIN), "b@byt.gov.vn", "agency", "byt")
    got = users.list_users(db).set_index("email")["agency_code"].to_dict()
    assert got == {"a@tuyenquang.gov.vn": "08", "b@byt.gov.vn": "BYT"}


def test_the_last_admin_cannot_be_removed_or_demoted(db):
    a = actor(ADMIN)
    users.save_user(db, a, "admin@vpcp.gov.vn", "admin")
    with pytest.raises(UserError) as exc:
        users.remove_user(db, a, "admin@vpcp.gov.vn")
    assert exc.value.key == "ac_err_last_admin"
    with pytest.raises(UserError):
        users.save_user(db, a, "admin@vpcp.gov.vn", "leader")
    users.save_user(db, a, "second@vpcp.gov.vn", "admin")
    assert users.save_user(db, a, "admin@vpcp.gov.vn", "leader") == "updated"
    assert users.admins(db) == ["second@vpcp.gov.vn"]


def test_audit_details_are_json_in_the_table(db):
    users.save_user(db, actor(ADMIN), "x@vpcp.gov.vn", "leader", name="Nguyễn Văn A")
    from sqlalchemy import select
    from data import schema
    with db.connect() as conn:
        raw = conn.execute(select(schema.audit_log.c.details)).scalar_one()
    assert json.loads(raw)["name"] == "Nguyễn Văn A" and "Nguyễn" in raw  # stored readable, not \u-escaped
