"""The access pages' tables, built without Streamlit."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from data import schema
from data.audit import ACTIONS
from data.reporting_status import reporting_status
from data.roles import LOCAL_USER
from i18n import MESSAGES
from pages.access_tables import (access_pages, changes_table, history_table, local_time, requests_table,
                                 status_table, user_label)
from tests.access.people import ADMIN, LAMDONG, LEADER, STAFF


def test_each_role_sees_its_pages():
    assert access_pages(LEADER) == ("reporting", "explanations")
    assert access_pages(STAFF) == ("submit", "reporting", "explanations", "history")
    assert access_pages(LAMDONG) == ("submit", "explanations")
    assert access_pages(ADMIN) == ("reporting", "explanations", "history", "users")
    assert access_pages(LOCAL_USER) == ("submit", "reporting", "explanations", "history", "users")
    assert access_pages(None) == ()


def test_times_are_shown_in_vietnam_time():
    assert local_time(datetime(2026, 11, 30, 17, 5)) == "01/12/2026 00:05"  # 17:05 UTC + 7 h
    assert local_time(None) == ""


def test_changes_table_names_agencies_and_months():
    changes = pd.DataFrame([{"agency_code": "68", "month": "2020-10", "added": 1, "updated": 0, "unchanged": 0}])
    got = changes_table(changes, "vi").iloc[0].to_dict()
    assert got == {"Đơn vị": "68 · Lâm Đồng", "Tháng": "10/2020", "Thêm mới": 1, "Cập nhật": 0, "Không đổi": 0}


def test_status_table_puts_agencies_owing_returns_first(db, add_rows):
    add_rows(schema.dossiers, [{"agency_code": "01", "month": "2020-10", "received": 1, "received_online": 0,
                                "resolved_on_time": 1, "resolved_late": 0, "pending_in_time": 0, "pending_overdue": 0}])
    add_rows(schema.submissions, [{"agency_code": "01", "family": "dossiers", "month": "2020-10",
                                   "submitted_at": datetime(2020, 11, 3, 2, 0), "submitted_by": "a@b.vn",
                                   "sha256": "0" * 64}])
    table = status_table(reporting_status(db, "2020-10"), "en")
    hanoi = table[table["Code"] == "01"].iloc[0]
    assert hanoi["Dossiers"] == "✓ submitted 03/11/2020 09:00"  # 02:00 UTC
    assert hanoi["Documents"] == "✗ not submitted · no figures yet"
    assert hanoi["Returns missing"] == 2  # documents and services
    assert hanoi["Tasks assigned"] == "0 tasks assigned in the month"
    assert table.iloc[0]["Returns missing"] == 3  # every other province owes all three
    vn = table[table["Code"] == "VN"].iloc[0]
    assert (vn["Returns missing"], vn["Dossiers"]) == (1, "—")  # the Portal row owes services only
    only = status_table(reporting_status(db, "2020-10"), "en", only_missing=True)
    assert len(only) == len(table)  # Hà Nội still owes two returns


def test_history_and_requests_tables_speak_both_languages():
    h = pd.DataFrame([{"id": 1, "at": datetime(2026, 1, 1), "actor": "a@b.vn", "session": "s", "action": a,
                       "target": "x", "details": {"role": ["agency", "staff"]}} for a in ACTIONS])
    for lang in ("vi", "en"):
        table = history_table(h, lang)
        assert not any(v.startswith("ac_act_") for v in table.iloc[:, 3])  # every action has a label
    assert history_table(h, "en").iloc[0]["Details"] == "role: agency → staff"
    r = pd.DataFrame([{"id": 7, "agency_code": "68", "metric": "dossier_on_time_rate", "period_from": "2026-01",
                       "period_to": "2026-03", "due_on": date(2026, 4, 10), "overdue": True, "status": "open",
                       "asked_by": "leader@vpcp.gov.vn"}])
    row = requests_table(r, "vi").iloc[0]
    assert row["Kỳ"] == "01/2026–03/2026" and row["Hạn trả lời"] == "10/04/2026 · QUÁ HẠN"
    assert row["Chỉ tiêu"] == "Tỷ lệ hồ sơ giải quyết đúng hạn" and row["Trạng thái"] == "Chờ đơn vị trả lời"


def test_user_label_and_role_names():
    assert user_label(LAMDONG, "vi") == "so@lamdong.gov.vn · Đơn vị (tỉnh, bộ) · Lâm Đồng"
    assert all(f"ac_role_{r}" in MESSAGES for r in ("leader", "staff", "agency", "admin", "local"))
