"""The bad-file corpus: every file is refused whole, with each problem's row, column and value,
the warehouse is left exactly as it was, and the refusal is logged."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data import schema
from data.importer import import_file

TODAY = date(2026, 11, 24)
HERE = Path(__file__).parent
BAD = HERE / "bad_files"
EXAMPLES = HERE.parent.parent / "data" / "examples"
FILE = (None, None, None)

# file name, kind passed to the importer (None: inferred), expected problems as (row, column, value).
# Rows count as in a spreadsheet: header = row 1, first data row = row 2.
CASES = [
    ("negative_count.csv", None, {(5, "received", "-3")}),
    ("negative_count_vietnamese_headers.csv", None, {(3, "pending_in_time", "-10")}),
    ("fractional_count.csv", None, {(2, "resolved_late", "1,5")}),
    ("decimal_point_count.csv", None, {(2, "pending_in_time", "1.40"), (3, "received", "9900.5")}),
    ("not_a_number.csv", None, {(4, "pending_overdue", "khoảng 20")}),
    ("empty_count_cell.csv", None, {(3, "resolved_on_time", "")}),
    ("missing_column.csv", None, {(1, "pending_overdue", None)}),
    ("malformed_month.csv", None, {(2, "month", "2020-13"), (3, "month", "Tháng 9")}),
    ("future_month.csv", None, {(3, "month", "12/2026")}),
    ("unknown_agency_after_merger.csv", None, {(2, "agency_code", "02")}),
    # The nationwide row and the Axis-only central bodies do not report dossiers.
    ("national_row_reporting_dossiers.csv", None, {(2, "agency_code", "VN"), (3, "agency_code", "VPQH")}),
    ("ministry_before_restructure_used_after.csv", None, {(3, "agency_code", "BKHDT")}),
    ("unknown_agency_code.csv", None, {(2, "agency_code", "99")}),
    ("agency_name_instead_of_code.csv", None, {(2, "agency_code", "Lâm Đồng")}),
    # a duplicated key is one problem, at its first row (the message lists its rows)
    ("duplicate_agency_month.csv", None, {(2, "agency_code", "68")}),
    ("online_exceeds_received.csv", None, {(3, "received_online", "5200")}),
    ("full_online_exceeds_online.csv", None, {(2, "services_full_online", "640")}),
    ("online_services_exceed_procedures.csv", None, {(3, "services_online", "1600")}),
    ("portal_exceeds_procedures.csv", None, {(2, "services_on_portal", "1800")}),
    ("dossiers_online_exceeds_synced.csv", None, {(2, "dossiers_online", "30000")}),
    ("signed_exceeds_sent.csv", None, {(3, "sent_signed", "900")}),
    ("bad_connected_flag.csv", None, {(2, "connected", "đang chờ")}),
    ("task_due_before_assigned.csv", None, {(3, "due_on", "2020-06-30")}),
    ("task_completed_before_assigned.csv", None, {(2, "completed_on", "15/06/2020")}),
    ("task_malformed_date.csv", None, {(2, "assigned_on", "31/02/2020"), (3, "due_on", "2020/09/30")}),
    ("task_assigned_in_future.csv", None, {(2, "assigned_on", "2026-12-01")}),
    ("task_empty_title.csv", None, {(3, "title", ""), (4, "title", "")}),
    ("duplicate_task_id.csv", None, {(2, "task_id", "VPCP-2020-0600")}),
    ("task_unknown_agency_after_merger.csv", None, {(2, "agency_code", "02")}),
    ("several_problems.csv", None, {(2, "received", "-50"), (4, "agency_code", "00"),
                                    (5, "received_online", "6000")}),
    ("extra_cells_in_row.csv", None, {(3, None, "999")}),
    ("bad_numbers.xlsx", None, {(2, "received", "-3"), (3, "resolved_late", "1,5")}),
    ("documents_imported_as_dossiers.csv", "dossiers", {FILE}),
    ("unrecognised_headers.csv", None, {FILE}),
    ("empty.csv", None, {FILE}),
    ("header_only.csv", None, {FILE}),
    ("not_utf8.csv", None, {(2, None, "0xE1")}),
    ("binary.png", None, {FILE}),
    ("random_binary.csv", None, {FILE}),
    ("json.csv", None, {FILE}),
    ("zip_not_xlsx.xlsx", None, {FILE}),
    # control characters and NUL anywhere in the file, named by row and column (shown escaped)
    ("control_character.csv", None, {(3, "title", "Chuông\\x07 báo"), (4, "agency_code", "6\\x1B8")}),
    ("nul_after_8k.csv", None, {(202, "title", "Tên\\x00 có NUL")}),
    # 1,001 characters against the default limit of 1,000; the value is quoted cut at 80 characters
    ("title_too_long.csv", None, {(2, "title", ("Dài " * 250)[:79] + "…")}),
    # before the default earliest month 2010-01 (2010-01 itself is accepted)
    ("month_before_earliest.csv", None, {(3, "month", "12/2009"), (4, "month", "1920-09")}),
    ("task_assigned_before_earliest.csv", None, {(2, "assigned_on", "2009-12-31")}),
    # 68/09-2020 nine times (rows 2-10), 20/09-2020 twice (rows 11-12): one problem per key
    ("duplicate_key_many_times.csv", None, {(2, "agency_code", "68"), (11, "agency_code", "20")}),
    # a real cell at XFD1048576 would make the reader allocate 17 billion cells
    ("far_cell.xlsx", None, {FILE}),
]

MESSAGE_HINTS = {
    "not_utf8.csv": "UTF-8",
    "binary.png": "PNG",
    "json.csv": "JSON",
    "empty.csv": "rỗng",
    "header_only.csv": "tiêu đề",
    "documents_imported_as_dossiers.csv": "documents",
    "control_character.csv": "U+0007",
    "nul_after_8k.csv": "U+0000",
    "title_too_long.csv": "1001",
    "month_before_earliest.csv": "01/2010",
    "duplicate_key_many_times.csv": "rows 2, 3, 4, 5, 6 and 4 more",
    "far_cell.xlsx": "XFD1048576",
}


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every data table, in key order."""
    out = {}
    with engine.connect() as conn:
        for t in (schema.dossiers, schema.documents, schema.services, schema.tasks):
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
    return out


@pytest.fixture
def seeded(engine):
    """The warehouse with the four example files applied."""
    for kind in ("dossiers", "documents", "services", "tasks"):
        assert import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY).outcome == "applied"
    return engine


def test_corpus_is_complete():
    on_disk = {p.name for p in BAD.iterdir() if p.is_file()}
    listed = {name for name, _, _ in CASES}
    assert on_disk == listed
    assert len(listed) >= 15


@pytest.mark.parametrize("name,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused(seeded, name, kind, expected):
    engine = seeded
    before = snapshot(engine)
    with engine.connect() as conn:
        logs_before = conn.execute(select(func.count()).select_from(schema.import_log)).scalar()

    report = import_file(engine, BAD / name, kind=kind, today=TODAY)

    assert report.outcome == "refused"
    assert report.inserted == report.updated == 0
    found = {(p.row, p.column, p.value) for p in report.problems}
    assert found == expected, report.render()
    assert all(p.message and p.message_en for p in report.problems)
    assert snapshot(engine) == before
    with engine.connect() as conn:
        logs = conn.execute(select(schema.import_log).order_by(schema.import_log.c.id)).mappings().all()
    assert len(logs) == logs_before + 1
    last = logs[-1]
    assert last["file_name"] == name and last["outcome"] == "refused"
    assert last["sha256"] == report.sha256 and len(last["sha256"]) == 64
    logged = json.loads(last["errors"])
    assert {(e["row"], e["column"], e["value"]) for e in logged} == expected
    if name in MESSAGE_HINTS:
        assert MESSAGE_HINTS[name] in report.render("vi") + report.render("en")


def test_several_problems_each_reported_on_its_row(seeded):
    report = import_file(seeded, BAD / "several_problems.csv", today=TODAY)
    assert sorted(p.row for p in report.problems) == [2, 4, 5]
    text = report.render("vi")
    assert "Dòng 2, cột received: giá trị '-50'" in text
    assert "Dòng 4, cột agency_code: giá trị '00'" in text
    assert "Dòng 5, cột received_online: giá trị '6000'" in text
    assert "Row 5, column received_online: value '6000'" in report.render("en")


def test_not_utf8_says_to_save_as_utf8(seeded):
    report = import_file(seeded, BAD / "not_utf8.csv", today=TODAY)
    assert "lưu lại dưới dạng CSV UTF-8" in report.render("vi")
    assert "save it again as UTF-8 CSV" in report.render("en")


def test_merger_hint_names_the_successor(seeded):
    report = import_file(seeded, BAD / "unknown_agency_after_merger.csv", today=TODAY)
    (problem,) = report.problems
    assert "08/2025" in problem.message and "'08'" in problem.message


def test_missing_file_is_a_refusal_not_a_traceback(engine, tmp_path):
    report = import_file(engine, tmp_path / "no_such_file.csv", today=TODAY)
    assert report.outcome == "refused" and report.problems
    with engine.connect() as conn:
        assert conn.execute(select(schema.import_log.c.outcome)).scalars().all() == ["refused"]
