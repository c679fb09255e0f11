"""Reporting status of a month: who owes which return, who sent it, when."""
from __future__ import annotations

from datetime import date

import pandas as pd

from data import schema
from data.audit import utc_now
from data.reporting_status import missing, reporting_status, summary
from data.submission import apply_upload
from tests.access.people import LAMDONG, actor


def dossier(code, month, received=100):
    return {"agency_code": code, "month": month, "received": received, "received_online": 10,
            "resolved_on_time": 90, "resolved_late": 5, "pending_in_time": 5, "pending_overdue": 0}


def test_october_2020_who_reported_which_family(db, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-10"), dossier("68", "2020-10"), dossier("BYT", "2020-10"),
                               dossier("79", "2020-09")])
    add_rows(schema.documents, [{"agency_code": "VPTW", "month": "2020-10", "sent": 5, "received": 9,
                                 "sent_signed": 5, "connected": 1}])
    add_rows(schema.tasks, [{"task_id": "T1", "agency_code": "68", "title": "x", "assigned_on": date(2020, 10, 2),
                             "assigned_month": "2020-10", "due_on": date(2020, 12, 1), "completed_on": None}])
    status = reporting_status(db, "2020-10")
    s = summary(status).set_index("family")
    # 10/2020: 63 provinces and 22 ministries owe dossiers (85); documents also the 10 central bodies (95);
    # services also the nationwide Portal row (86). Reported: dossiers 01, 68, BYT = 3; documents VPTW = 1.
    assert s.loc["dossiers"].to_dict() == {"expected": 85, "reported": 3, "missing": 82}
    assert s.loc["documents"].to_dict() == {"expected": 95, "reported": 1, "missing": 94}
    assert s.loc["services"].to_dict() == {"expected": 86, "reported": 0, "missing": 86}
    assert "tasks" not in s.index  # tasks are records, never a missing return

    hcm = status[(status.agency_code == "79") & (status.family == "dossiers")].iloc[0]
    assert (bool(hcm.reported), hcm.latest_month) == (False, "2020-09")  # owes 10/2020; last figures 09/2020
    tasks68 = status[(status.agency_code == "68") & (status.family == "tasks")].iloc[0]
    assert (bool(tasks68.expected), int(tasks68.rows)) == (False, 1)
    chase = missing(status)
    assert "79" in set(chase.agency_code) and "68" not in set(chase[chase.family == "dossiers"].agency_code)


def test_after_the_merger_the_34_set_and_17_ministries_are_expected(db):
    s = summary(reporting_status(db, "2025-10")).set_index("family")
    # 34 provinces + 17 ministries = 51; documents + 10 central bodies = 61; services + the Portal row = 52
    assert (s.loc["dossiers", "expected"], s.loc["documents", "expected"], s.loc["services", "expected"]) == (51, 61, 52)


def test_a_web_submission_is_stamped_with_its_time_and_user(db):
    before = utc_now().replace(microsecond=0)
    header = "agency_code,month,sent,received,sent_signed,connected\n"
    assert apply_upload(db, (header + "68,2020-10,10,20,8,1\n").encode(), "d.csv", LAMDONG, actor(LAMDONG),
                        today=date(2026, 11, 30)).applied
    row = reporting_status(db, "2020-10").query("agency_code == '68' and family == 'documents'").iloc[0]
    assert bool(row.reported) and row.submitted_by == LAMDONG.email
    assert row.submitted_at >= before
    other = reporting_status(db, "2020-10").query("agency_code == '68' and family == 'dossiers'").iloc[0]
    assert pd.isna(other.submitted_at)  # no stamp for a family not submitted
