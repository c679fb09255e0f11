"""Property-based fuzzing of the import: any bytes, any header order, any cell give either an applied
report or a refusal whose problems name rows and columns of the file — never an exception, never a
partial write."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from data import schema
from data.import_formats import COLUMNS, KINDS
from data.importer import import_bytes
from i18n import t

TODAY = date(2026, 11, 24)
TABLES = [schema.dossiers, schema.documents, schema.services, schema.tasks]
CONTRACT = {c.name for k in KINDS for c in COLUMNS[k]}
UNEXPECTED = t("imp_unexpected", "en", reason="").split("(")[0]
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

GOOD_CELLS = {
    "agency_code": ["68", "20", "01", "8", "BTC", "VN", "99", "Lâm Đồng"],
    "month": ["2020-09", "09/2020", "9/2020", "2026-12", "2009-12", "2020-13"],
    "task_id": ["T-1", "=1+1", "'@x", "-2+3", "x" * 70],
    "title": ["Nhiệm vụ", "=HYPERLINK(\"http://x\")", "a\x07b", "", "Dài" * 400],
    "assigned_on": ["2020-07-01", "01/07/2020", "2027-01-01", "31/02/2020"],
    "due_on": ["2020-09-30", "2020-06-30"],
    "completed_on": ["", "2020-08-01", "2020-06-01"],
    "connected": ["1", "0", "có", "không", "maybe"],
}
COUNTS = ["0", "1", "12", "1.435", "1,5", "-3", "x", "", "999999999999"]


def cell_for(column: str) -> st.SearchStrategy[str]:
    good = st.sampled_from(GOOD_CELLS.get(column, COUNTS))
    junk = st.text(max_size=12)
    return st.one_of(good, good, good, junk)


@st.composite
def table_file(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    columns = [c.name for c in COLUMNS[kind]]
    header = draw(st.permutations(columns))
    if draw(st.booleans()):
        header = header[:-1]  # a column missing
    if draw(st.booleans()):
        header = [*header, draw(st.sampled_from(["ghi chú", "", "received"]))]  # an extra or repeated column
    n = draw(st.integers(min_value=0, max_value=6))
    rows = [[draw(cell_for(c)) for c in header] for _ in range(n)]
    if rows and draw(st.booleans()):
        rows[-1] = rows[-1] + ["extra"]  # a row wider than the header
    if draw(st.booleans()):
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": True})
        ws = wb.add_worksheet()
        for r, values in enumerate([header, *rows]):
            for c, v in enumerate(values):
                ws.write(r, c, v)
        wb.close()
        return "fuzz.xlsx", buf.getvalue()
    buf = io.StringIO()
    csv.writer(buf, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows([header, *rows])
    return "fuzz.csv", buf.getvalue().encode()


def snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {tb.name: sorted(map(tuple, conn.execute(select(tb)))) for tb in TABLES}


def log_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.import_log)).scalar()


def check_import(engine, data: bytes, name: str) -> None:
    with engine.begin() as conn:
        for tb in TABLES:
            conn.execute(delete(tb))
    before, logs = snapshot(engine), log_count(engine)
    report = import_bytes(engine, data, name, today=TODAY)
    assert report.outcome in ("applied", "refused")
    assert log_count(engine) == logs + 1  # every attempt is logged
    if report.applied:
        assert not report.problems
        assert report.inserted + report.updated + report.unchanged == report.rows > 0
        table = next(tb for tb in TABLES if tb.name == report.kind)
        assert len(snapshot(engine)[table.name]) == report.inserted
        return
    assert report.problems, "a refusal says why"
    assert snapshot(engine) == before, "nothing is written by a refused file"
    last_row = data.count(b"\n") + 1 if not name.endswith(".xlsx") else 10 ** 6
    for p in report.problems:
        assert UNEXPECTED not in p.message_en, p.message_en
        assert p.message and p.message_en
        assert p.row is None or 1 <= p.row <= last_row
        assert p.column is None or p.column in CONTRACT


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes(engine, data):
    check_import(engine, data, "fuzz.csv")


@SETTINGS
@given(table_file())
def test_any_header_order_and_cells(engine, named):
    name, data = named
    check_import(engine, data, name)


def _workbook() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": datetime(2020, 1, 1)})  # the same bytes on every run
    ws = wb.add_worksheet()
    ws.write_row(0, 0, [c.name for c in COLUMNS["dossiers"]])
    ws.write_row(1, 0, ["68", "2020-09", 100, 10, 90, 5, 5, 0])
    wb.close()
    return buf.getvalue()


WORKBOOK = _workbook()


@SETTINGS
@given(st.data())
def test_damaged_workbooks(engine, draw):
    data = bytearray(WORKBOOK)
    for _ in range(draw.draw(st.integers(1, 8))):
        i = draw.draw(st.integers(0, len(data) - 1))
        data[i] = draw.draw(st.integers(0, 255))
    check_import(engine, bytes(data), "fuzz.xlsx")


@st.composite
def csv_text(draw) -> tuple[str, str]:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    cell = st.one_of(st.sampled_from(["", " ", "68", "2020-09", "a,b", 'x "y"', "line\nbreak", "1.435"]),
                     st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                             max_size=6))
    width = draw(st.integers(1, 4))
    rows = [draw(st.lists(cell, min_size=1, max_size=width + 1)) for _ in range(draw(st.integers(0, 8)))]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows([[f"h{i}" for i in range(width)], *rows])
    return buf.getvalue(), delimiter


@settings(max_examples=150, deadline=None, derandomize=True)
@given(csv_text())
def test_reader_numbers_rows_as_the_csv_module_does(generated):
    """Whichever parser reads the body, rows and their numbers are those of Python's csv module."""
    from data.import_reading import read_table

    text, _ = generated
    table = read_table(text.encode())
    expected = [(n, cells) for n, cells in  # the separator as sniffed from the header line
                enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter), start=1)
                if n > 1 and "".join(cells).strip()]
    got = table.rows
    assert [n for n, _ in got] == [n for n, _ in expected]
    for (_, cells), (_, want) in zip(got, expected):
        assert [c for c in cells if c not in ("", None)] == [c for c in want if c != ""]
