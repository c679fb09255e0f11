"""Hostile and broken files: duplicates by the thousand, too many problems, workbooks whose
`<dimension>` tag lies, files over the size limit, and the configurable limits."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
import xlsxwriter
from sqlalchemy import func, select

from data import schema
from data.import_limits import MAX_PROBLEMS, ImportLimits
from data.import_reading import open_table, read_table
from data.importer import import_bytes, import_file

TODAY = date(2026, 11, 24)
DOSSIER_HEADER = ("agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,"
                  "pending_overdue")
DOSSIER_COLUMNS = DOSSIER_HEADER.split(",")


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def last_log(engine) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(select(schema.import_log).order_by(schema.import_log.c.id.desc())).mappings().first())


# ---------------------------------------------------------------- duplicates and many problems

def test_eight_thousand_identical_rows_are_one_short_problem(engine):
    data = (DOSSIER_HEADER + "\n" + "68,2020-09,100,10,90,5,5,0\n" * 8000).encode()
    report = import_bytes(engine, data, "same_row.csv", today=TODAY)
    assert report.outcome == "refused"
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "agency_code", "68")]
    # rows 2..8001 hold the key: the first five are listed, 8000 - 5 = 7995 are counted
    assert report.problems[0].message_en == ("agency '68', month 09/2020 appears 8000 times in the file "
                                             "(rows 2, 3, 4, 5, 6 and 7995 more)")
    text = report.render("en")
    assert text.splitlines()[2] == ("Row 2, column agency_code: value '68' — agency '68', month 09/2020 appears "
                                    "8000 times in the file (rows 2, 3, 4, 5, 6 and 7995 more)")
    assert len(text) < 1000
    assert len(last_log(engine)["errors"]) < 1000
    assert count(engine, schema.dossiers) == 0


def test_problems_beyond_the_cap_are_counted_not_listed(engine):
    # 250 rows with a negative count and 250 with an unknown agency: 500 problems, 200 listed
    # (two codes × 125 months 2010-01..2020-05 each, so no key repeats)
    months = [f"{2010 + i // 12}-{i % 12 + 1:02d}" for i in range(125)]
    rows = [f"{code},{m},-1,0,0,0,0,0" for code in ("68", "20") for m in months]
    rows += [f"{code},{m},1,0,0,0,0,0" for code in ("99", "98") for m in months]
    data = (DOSSIER_HEADER + "\n" + "\n".join(rows) + "\n").encode()
    report = import_bytes(engine, data, "many.csv", today=TODAY)
    assert report.outcome == "refused"
    assert len(report.problems) == MAX_PROBLEMS == 200
    assert report.problems_unlisted == 300 and report.problem_count == 500
    # listed by row: rows 2..201 are the first 200 negative counts
    assert [p.row for p in report.problems] == list(range(2, 202))
    # the 300 others: 50 negative counts (column received), 250 unknown agencies (agency_code)
    assert report.unlisted_by_column == {"received": 50, "agency_code": 250}
    text = report.render("en")
    assert "REFUSED — 500 problem(s)" in text
    assert "… and 300 more problem(s) not listed (column agency_code: 250; column received: 50)." in text
    logged = json.loads(last_log(engine)["errors"])
    assert len(logged) == 201 and logged[-1]["unlisted"] == 300
    assert [r["row"] for r in report.problem_rows("en")][:3] == [2, 3, 4]
    assert set(report.problem_rows("en")[0]) == {"row", "column", "value", "message"}


def test_many_duplicated_keys_are_capped(engine):
    # 300 task ids, each twice: 300 problems, one per id, 200 listed
    lines = ["task_id,agency_code,title,assigned_on,due_on,completed_on"]
    for i in range(300):
        lines += [f"T{i:03d},68,Nhiệm vụ,2020-07-01,2020-09-30,"] * 2
    report = import_bytes(engine, ("\n".join(lines) + "\n").encode(), "dups.csv", today=TODAY)
    assert len(report.problems) == 200 and report.problems_unlisted == 100
    assert report.problems[0].message_en == "task id 'T000' appears 2 times in the file (rows 2, 3)"


# ---------------------------------------------------------------- XLSX: read what the sheet holds

def _workbook(n_rows: int) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("dossiers")
    ws.write_row(0, 0, DOSSIER_COLUMNS)
    for i in range(n_rows):
        ws.write_row(i + 1, 0, ["68", f"2020-{i + 1:02d}", 100 + i, 10, 90, 5, 5, 0])
    wb.close()
    return buf.getvalue()


def _with_dimension(data: bytes, ref: str) -> bytes:
    """The same workbook with its sheet's `<dimension ref=…>` tag rewritten."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body, n = re.subn(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), body)
                assert n == 1
            z.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("ref", ["A1:H3", "A1", "A1:XFD1048576"])
def test_xlsx_dimension_tag_is_ignored(engine, ref):
    data = _with_dimension(_workbook(10), ref)
    assert len(data) < 6000  # a 5 KB file, whatever it claims
    report = import_bytes(engine, data, "dossiers.xlsx", today=TODAY)
    assert report.outcome == "applied", report.render("en")
    assert report.rows == 10 and report.inserted == 10
    with engine.connect() as conn:
        received = conn.execute(select(schema.dossiers.c.received).order_by(schema.dossiers.c.month)).scalars().all()
    assert received == list(range(100, 110))


def test_xlsx_table_starting_below_and_right_keeps_spreadsheet_rows(engine):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(2, 1, DOSSIER_COLUMNS)  # header in B3
    ws.write_row(3, 1, ["68", "2020-09", 100, 10, 90, 5, 5, 0])
    ws.write_row(5, 1, ["68", "2020-10", -3, 10, 90, 5, 5, 0])  # row 6, after an empty row 5
    wb.close()
    report = import_bytes(engine, buf.getvalue(), "offset.xlsx", today=TODAY)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(6, "received", "-3")]


# ---------------------------------------------------------------- size, header first, limits

def test_file_over_the_size_limit_is_refused_with_the_limit(engine):
    data = (DOSSIER_HEADER + "\n" + "68,2020-09,100,10,90,5,5,0\n" * 30).encode()  # 106 + 30 × 27 = 916 bytes
    report = import_bytes(engine, data, "big.csv", today=TODAY, limits=ImportLimits(max_bytes=512))
    assert report.outcome == "refused"
    assert report.problems[0].message_en == ("The file is too large (916 B); the limit is 512 B — split it into "
                                             "smaller files.")
    assert last_log(engine)["outcome"] == "refused"


def test_file_over_the_size_limit_on_disk_is_not_read(engine, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # 200 MB, sparse: nothing but its size on disk
        f.write(DOSSIER_HEADER.encode() + b"\n")
        f.truncate(200 * 1024 * 1024)
    report = import_file(engine, path, today=TODAY, limits=ImportLimits(max_bytes=50 * 1024 * 1024))
    assert report.outcome == "refused" and report.rows == 0
    assert "200.0 MB" in report.render("en") and "50.0 MB" in report.render("en")
    assert len(last_log(engine)["sha256"]) == 64


def test_header_is_read_before_the_body():
    data = (DOSSIER_HEADER + "\n" + "68,2020-09,100,10,90,5,5,0\n" * 3).encode()
    table = open_table(data)
    assert table.header == DOSSIER_COLUMNS and table.rows == []  # nothing parsed yet
    assert [n for n, _ in table.load_rows()] == [2, 3, 4]
    assert [n for n, _ in read_table(data).rows] == [2, 3, 4]  # read_table parses both


def test_unrecognised_header_stops_before_the_body(engine):
    body = "x,y,z\n" + "1,2,3\n" * 50_000
    report = import_bytes(engine, body.encode(), "other.csv", today=TODAY)
    assert report.outcome == "refused" and len(report.problems) == 1 and report.problems[0].row is None
    assert report.rows == 0  # the body was never parsed


def test_limits_come_from_the_environment():
    limits = ImportLimits.from_env({"IMPORT_MAX_MB": "2", "IMPORT_MAX_TITLE": "300",
                                    "IMPORT_EARLIEST_MONTH": "01/2015", "IMPORT_LOCK_WAIT_S": "7"})
    assert limits == ImportLimits(max_bytes=2 * 1024 * 1024, max_title=300, earliest_month="2015-01",
                                  lock_wait_s=7.0)
    assert ImportLimits.from_env({}) == ImportLimits()
    with pytest.raises(ValueError, match="IMPORT|month"):
        ImportLimits.from_env({"IMPORT_EARLIEST_MONTH": "soon"})


def test_title_limit_is_configurable(engine):
    title = "x" * 1500
    data = f"task_id,agency_code,title,assigned_on,due_on,completed_on\nT1,68,{title},2020-07-01,2020-09-30,\n"
    refused = import_bytes(engine, data.encode(), "t.csv", today=TODAY)
    assert [(p.row, p.column) for p in refused.problems] == [(2, "title")]
    assert "1500" in refused.problems[0].message_en and "1000" in refused.problems[0].message_en
    applied = import_bytes(engine, data.encode(), "t.csv", today=TODAY, limits=ImportLimits(max_title=2000))
    assert applied.outcome == "applied"
    with engine.connect() as conn:
        assert conn.execute(select(schema.tasks.c.title)).scalar() == title


def test_earliest_month_is_configurable(engine):
    data = (DOSSIER_HEADER + "\n68,2009-12,100,10,90,5,5,0\n").encode()
    assert import_bytes(engine, data, "old.csv", today=TODAY).outcome == "refused"
    later = import_bytes(engine, data, "old.csv", today=TODAY, limits=ImportLimits(earliest_month="2009-01"))
    assert later.outcome == "applied"


def test_first_data_row_wider_than_the_header_is_reported(engine):
    data = (DOSSIER_HEADER + "\n68,2020-09,100,10,90,5,5,0,999\n68,2020-10,100,10,90,5,5,0\n").encode()
    report = import_bytes(engine, data, "wide.csv", today=TODAY)
    assert [(p.row, p.value) for p in report.problems] == [(2, "999")]  # not silently cut off
