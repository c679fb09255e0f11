"""Submitting a file through the web: problems before anything is written, the agency rule, the
change per agency-month, and the submission stamp and audit entry after applying."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data import audit, schema
from data.database import data_stamp
from data.importer import import_bytes
from data.roles import AccessDenied
from data.submission import apply_upload, check_upload, problems_csv
from tests.access.people import HANOI, LAMDONG, LEADER, STAFF, actor

TODAY = date(2026, 11, 30)
HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def stored(db, table=schema.dossiers) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_a_valid_file_is_checked_without_writing_then_applied(db):
    data = csv("68,2020-10,1000,300,950,40,10,0", "01,2020-10,5000,2000,4800,150,50,0")
    untouched = data_stamp(db)
    check = check_upload(db, data, "oct.csv", STAFF, today=TODAY)
    assert check.ok and check.kind == "dossiers" and check.rows == 2
    assert check.changes.to_dict("records") == [
        {"agency_code": "01", "month": "2020-10", "added": 1, "updated": 0, "unchanged": 0},
        {"agency_code": "68", "month": "2020-10", "added": 1, "updated": 0, "unchanged": 0}]
    assert stored(db) == 0  # the check wrote nothing
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.import_log)).scalar() == 0
    before = data_stamp(db)
    assert before == untouched  # a check moves no data stamp: no server forgets anything

    result = apply_upload(db, data, "oct.csv", STAFF, actor(STAFF, "browser-1"), today=TODAY)
    assert result.applied and result.report.inserted == 2
    assert data_stamp(db) != before  # every worker's next run forgets what it kept (pages.memo.follow)
    assert stored(db) == 2
    with db.connect() as conn:
        subs = conn.execute(select(schema.submissions)).mappings().all()
    assert sorted((s["agency_code"], s["family"], s["month"], s["submitted_by"]) for s in subs) == [
        ("01", "dossiers", "2020-10", STAFF.email), ("68", "dossiers", "2020-10", STAFF.email)]
    h = audit.history(db)
    assert list(h["action"]) == ["import"] and h.iloc[0]["session"] == "browser-1"
    assert h.iloc[0]["target"] == "oct.csv"
    assert {k: h.iloc[0]["details"][k] for k in ("kind", "rows", "added", "updated", "unchanged")} == \
        {"kind": "dossiers", "rows": 2, "added": 2, "updated": 0, "unchanged": 0}

    # the same file again changes nothing; a changed count is an update of that agency-month only
    again = check_upload(db, data, "oct.csv", STAFF, today=TODAY)
    assert again.totals() == {"added": 0, "updated": 0, "unchanged": 2}
    changed = csv("68,2020-10,1001,300,950,40,11,0", "01,2020-10,5000,2000,4800,150,50,0")
    c = check_upload(db, changed, "oct2.csv", STAFF, today=TODAY).changes.set_index("agency_code")
    assert (c.loc["68", "updated"], c.loc["01", "unchanged"]) == (1, 1)


def test_an_agency_users_rows_for_another_agency_are_refused_with_their_rows(db):
    data = csv("68,2020-10,1000,300,950,40,10,0",   # row 2: its own
               "01,2020-10,5000,2000,4800,150,50,0",  # row 3: Hà Nội's
               "68,2020-11,1000,300,950,40,10,0",     # row 4: its own
               "79,2020-11,10,3,9,1,0,0")             # row 5: Hồ Chí Minh City's
    check = check_upload(db, data, "mixed.csv", LAMDONG, today=TODAY)
    assert not check.ok
    assert [(p.row, p.column, p.value) for p in check.problems] == [(3, "agency_code", "01"), (5, "agency_code", "79")]
    assert "68" in check.problems[0].message_en and "another agency" in check.problems[0].message_en

    result = apply_upload(db, data, "mixed.csv", LAMDONG, actor(LAMDONG), today=TODAY)
    assert not result.applied and result.report is None  # the importer was never asked to write
    assert stored(db) == 0
    h = audit.history(db)
    assert list(h["action"]) == ["import_refused"] and h.iloc[0]["details"]["problems"] == 2

    own = csv("68,2020-10,1000,300,950,40,10,0")
    assert apply_upload(db, own, "own.csv", LAMDONG, actor(LAMDONG), today=TODAY).applied


def test_importer_problems_and_agency_refusals_are_listed_together_in_row_order(db):
    data = csv("68,2020-10,1000,1300,950,40,10,0",  # row 2: online 1300 > received 1000
               "01,2020-10,5000,2000,4800,150,50,0")  # row 3: another agency
    check = check_upload(db, data, "two.csv", LAMDONG, today=TODAY)
    assert [(p.row, p.column) for p in check.problems] == [(2, "received_online"), (3, "agency_code")]
    body = problems_csv(check.problems, "en").decode("utf-8-sig").splitlines()
    assert body[0] == "Row,Column,Value,Problem"
    assert body[2].startswith("3,agency_code,01,figures of another agency")


def test_problem_file_neutralises_formula_values(db):
    data = csv('=HYPERLINK("http://x"),2020-10,1,0,1,0,0,0')
    check = check_upload(db, data, "f.csv", STAFF, today=TODAY)
    assert not check.ok
    text = problems_csv(check.problems, "en").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_tasks_are_counted_per_agency_and_assigned_month(db):
    data = ("task_id,agency_code,title,assigned_on,due_on,completed_on\n"
            "T1,68,Báo cáo A,2020-10-01,2020-10-31,\n"
            "T2,68,Báo cáo B,2020-10-05,2020-11-30,2020-11-02\n"
            "T3,68,Báo cáo C,2020-11-05,2020-12-30,\n").encode()
    assert apply_upload(db, data, "t.csv", LAMDONG, actor(LAMDONG), today=TODAY).applied
    changed = data.replace(b"T3,68,B\xc3\xa1o c\xc3\xa1o C,2020-11-05,2020-12-30,",
                           b"T3,68,B\xc3\xa1o c\xc3\xa1o C,2020-11-05,2020-12-30,2020-12-01")
    c = check_upload(db, changed, "t2.csv", LAMDONG, today=TODAY).changes
    assert c.to_dict("records") == [
        {"agency_code": "68", "month": "2020-10", "added": 0, "updated": 0, "unchanged": 2},
        {"agency_code": "68", "month": "2020-11", "added": 0, "updated": 1, "unchanged": 0}]


def test_a_leader_may_not_submit(db):
    with pytest.raises(AccessDenied):
        check_upload(db, csv("68,2020-10,1,0,1,0,0,0"), "x.csv", LEADER, today=TODAY)


def test_a_hanoi_user_may_submit_hanoi_with_a_one_digit_free_code(db):
    # codes are compared as the importer normalises them: " 01 " is Hà Nội
    check = check_upload(db, csv(" 01 ,2020-10,5,1,5,0,0,0"), "h.csv", HANOI, today=TODAY)
    assert check.ok, [p.render("en") for p in check.problems]


BAD_FILES = sorted((Path(__file__).resolve().parents[1] / "data" / "bad_files").iterdir())
KIND_CHOSEN = {"documents_imported_as_dossiers.csv": "dossiers"}  # refused only when imported as that kind


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_the_upload_check_reports_exactly_what_the_importer_reports(db, path):
    """The importer's contract holds through the web upload: the same problems, nothing written."""
    data = path.read_bytes()
    kind = KIND_CHOSEN.get(path.name)
    check = check_upload(db, data, path.name, STAFF, kind=kind, today=TODAY)
    assert not check.ok
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.import_log)).scalar() == 0  # a check logs nothing
    report = import_bytes(db, data, path.name, kind=kind, today=TODAY)
    assert report.outcome == "refused"
    assert [p.as_dict() for p in check.problems] == [p.as_dict() for p in report.problems]
    assert stored(db) == 0 and stored(db, schema.tasks) == 0


def test_an_agency_file_of_another_agency_lists_the_first_problems_and_counts_the_rest(db):
    rows = [f"01,{2000 + i // 12:04d}-{i % 12 + 1:02d},5,1,5,0,0,0" for i in range(250)]  # 01/2000 … 10/2020
    check = check_upload(db, csv(*rows), "hanoi.csv", LAMDONG, today=TODAY)
    # 250 rows of Hà Nội, each refused (250); rows 01/2000–12/2009 (120) are also before the earliest
    # month the importer accepts (2010-01): 250 + 120 = 370 problems, 200 listed, 170 counted
    assert (len(check.problems), check.unlisted, check.problem_count) == (200, 170, 370)
