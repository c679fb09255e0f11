"""Importing valid files: example files, header and number variants, XLSX, idempotent upsert, import log."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from data import agencies, schema
from data.import_formats import COLUMNS, HEADER_MAPS, KINDS as FORMAT_KINDS, spellings
from data.import_limits import ImportLimits
from data.importer import KINDS, ImportProblem, ImportReport, import_bytes, import_file
from metrics.periods import month_range

TODAY = date(2026, 11, 24)
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
DOSSIER_HEADER = ("agency_code,month,received,received_online,resolved_on_time,resolved_late,"
                  "pending_in_time,pending_overdue")


def contents(engine, table) -> list[tuple]:
    """Every row of a table, in primary-key order."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def all_contents(engine) -> dict[str, list[tuple]]:
    return {t.name: contents(engine, t) for t in (schema.dossiers, schema.documents, schema.services, schema.tasks)}


def log_rows(engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.import_log).order_by(schema.import_log.c.id)).mappings()]


def dossier(engine, code, month) -> dict | None:
    t = schema.dossiers
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.agency_code == code, t.c.month == month)).mappings().first()
    return dict(row) if row else None


def imp(engine, text: str, name: str = "upload.csv", kind: str | None = None, encoding="utf-8") -> ImportReport:
    return import_bytes(engine, text.encode(encoding), name, kind=kind, today=TODAY)


# ---------------------------------------------------------------- the contract

def test_public_contract():
    assert KINDS == ("dossiers", "documents", "services", "tasks", "index766", "index766_scores") == FORMAT_KINDS
    p = ImportProblem(row=5, column="received", value="-3", message="là số âm")
    assert p.render("vi").startswith("Dòng 5, cột received: giá trị '-3'")
    r = ImportReport(file_name="a.csv", kind="dossiers", rows=1, outcome="refused", problems=[p],
                     warnings=[], inserted=0, updated=0)
    assert "Dòng 5, cột received: giá trị '-3'" in r.render()


def test_every_column_has_a_vietnamese_label_and_no_alias_is_ambiguous():
    for kind, columns in COLUMNS.items():
        for c in columns:
            assert c.label_vi and c.label_vi != c.name
        seen = {}
        for c in columns:
            for s in spellings(c):
                assert seen.setdefault(s, c.name) == c.name, (kind, s)
        assert set(HEADER_MAPS[kind].values()) == {c.name for c in columns}


# ---------------------------------------------------------------- example files

@pytest.mark.parametrize("kind,rows", [("dossiers", 8), ("documents", 5), ("services", 4), ("tasks", 5)])
def test_example_file_imports(engine, kind, rows):
    report = import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.kind == kind  # inferred from the headers
    assert (report.rows, report.inserted, report.updated) == (rows, rows, 0)
    assert report.problems == [] and report.warnings == []
    table = schema.tasks if kind == "tasks" else schema.COUNT_TABLES[kind]
    assert len(contents(engine, table)) == rows


def test_example_values_are_stored(engine):
    for kind in KINDS:
        import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY)
    row = dossier(engine, "68", "2020-09")
    assert row["received"] == 21450 and row["received_online"] == 3120 and row["pending_overdue"] == 18
    t = schema.tasks
    with engine.connect() as conn:
        task = conn.execute(select(t).where(t.c.task_id == "VPCP-2020-0245")).mappings().one()
        assert task["assigned_on"] == date(2020, 4, 15) and task["assigned_month"] == "2020-04"
        assert task["completed_on"] is None
        assert conn.execute(select(t.c.title).where(t.c.task_id == "VPCP-2020-0301")).scalar() == \
            "Đề xuất cắt giảm, đơn giản hóa thủ tục hành chính về thuế"
        d = schema.documents
        assert conn.execute(select(d.c.connected).where(d.c.agency_code == "BHXH")).scalar() == 1


def test_importing_twice_changes_nothing(engine):
    for kind in KINDS:
        assert import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY).outcome == "applied"
    first = all_contents(engine)
    for kind, n in zip(KINDS, (8, 5, 4, 5)):
        again = import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY)
        assert again.outcome == "applied"
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, n)
    assert all_contents(engine) == first


def test_changed_row_is_updated_in_place(engine):
    import_file(engine, EXAMPLES / "dossiers.csv", today=TODAY)
    report = imp(engine, f"{DOSSIER_HEADER}\n68,2020-09,21500,3120,19870,102,1410,18\n"
                         "22,2020-09,12000,3000,11800,20,170,10\n")
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    assert dossier(engine, "68", "2020-09")["received"] == 21500
    assert dossier(engine, "22", "2020-09")["received"] == 12000
    assert len(contents(engine, schema.dossiers)) == 9


# ---------------------------------------------------------------- headers, separators, encodings

def test_vietnamese_headers_any_order_case_and_spacing(engine):
    text = ("Tháng, MÃ  ĐƠN VỊ ,Số hồ sơ tiếp nhận,Tiếp_nhận_trực_tuyến,Giải quyết đúng hạn,"
            "Giải quyết quá hạn,Đang giải quyết trong hạn,Đang giải quyết QUÁ HẠN\n"
            "2020-10,68,22874,3546,21105,108,1580,21\n")
    report = imp(engine, text)
    assert report.outcome == "applied", report.render()
    assert report.kind == "dossiers"
    assert dossier(engine, "68", "2020-10")["pending_overdue"] == 21


def test_vietnamese_headers_in_decomposed_unicode(engine):
    import unicodedata
    text = unicodedata.normalize("NFD", "mã đơn vị,tháng,số văn bản gửi,số văn bản nhận,"
                                        "văn bản gửi có chữ ký số,đã kết nối trục\nVPCP,2020-09,10,20,5,có\n")
    report = imp(engine, text)
    assert report.outcome == "applied" and report.kind == "documents", report.render()


@pytest.mark.parametrize("sep", [";", "\t", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_separators_and_bom(engine, sep, bom):
    text = (DOSSIER_HEADER + "\n68,2020-09,21450,3120,19870,102,1410,18\n"
            "20,2020-09,9820,1405,9560,17,236,7\n").replace(",", sep)
    data = ("\ufeff" if bom else "") + text
    report = import_bytes(engine, data.encode("utf-8"), "upload.csv", today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.inserted == 2
    assert dossier(engine, "20", "2020-09")["received"] == 9820


def test_crlf_and_quoted_cells(engine):
    text = 'agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\r\n' \
           '"68","2020-09","21.450","3.120","19.870","102","1.410","18"\r\n'
    report = imp(engine, text)
    assert report.outcome == "applied", report.render()
    assert dossier(engine, "68", "2020-09")["received"] == 21450


def test_kind_inferred_documents_vs_dossiers(engine):
    docs = imp(engine, "agency_code,month,sent,received,sent_signed,connected\nBTC,2020-09,1210,3480,1175,1\n")
    assert docs.kind == "documents" and docs.outcome == "applied"
    doss = imp(engine, DOSSIER_HEADER + "\nBTC,2020-09,18340,15210,17980,64,290,6\n")
    assert doss.kind == "dossiers" and doss.outcome == "applied"


def test_given_kind_must_match_headers(engine):
    report = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n", kind="documents")
    assert report.outcome == "refused" and report.kind == "documents"
    assert "dossiers" in report.render("en")
    assert imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n", kind="dossiers").outcome == "applied"


def test_unknown_kind_argument_is_a_problem_not_an_exception(engine):
    report = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n", kind="budgets")
    assert report.outcome == "refused" and report.kind is None
    assert "budgets" in report.problems[0].message


def test_extra_columns_give_a_warning_naming_them(engine):
    text = DOSSIER_HEADER + ",ghi chú,Người lập\n68,2020-09,21450,3120,19870,102,1410,18,số liệu sơ bộ,Lan\n"
    report = imp(engine, text)
    assert report.outcome == "applied"
    assert len(report.warnings) == 1
    assert "'ghi chú'" in report.warnings[0] and "'Người lập'" in report.warnings[0]
    assert "'ghi chú'" in report.render("en")


# ---------------------------------------------------------------- values

def test_vietnamese_thousands_and_month_formats(engine):
    text = (DOSSIER_HEADER + "\n"
            "68,9/2020,1.435,1.234,1.200,35,200,0\n"
            "20,09/2020,1.234.567,2,1000,0,0,0\n"
            " 19 , 2020-09 , 0012 ,3,4,5,6,7\n")
    report = imp(engine, text)
    assert report.outcome == "applied", report.render()
    assert dossier(engine, "68", "2020-09")["received"] == 1435
    assert dossier(engine, "68", "2020-09")["received_online"] == 1234
    assert dossier(engine, "20", "2020-09")["received"] == 1234567
    assert dossier(engine, "19", "2020-09")["received"] == 12


def test_one_digit_province_code_is_padded_with_a_warning(engine):
    report = imp(engine, DOSSIER_HEADER + "\n8,2020-09,100,10,90,5,5,0\n1,2020-09,200,20,190,5,5,0\n")
    assert report.outcome == "applied", report.render()
    assert dossier(engine, "08", "2020-09")["received"] == 100
    assert dossier(engine, "01", "2020-09")["received"] == 200
    assert len(report.warnings) == 1 and "'8' → '08'" in report.warnings[0]
    assert "dòng 2, 3" in report.warnings[0]


def test_lower_case_ministry_code_is_accepted_with_a_warning(engine):
    report = imp(engine, DOSSIER_HEADER + "\nbtc,2025-09,100,10,90,5,5,0\n")
    assert report.outcome == "applied" and dossier(engine, "BTC", "2025-09")
    assert report.warnings


@pytest.mark.parametrize("text,expected", [("1", 1), ("0", 0), ("có", 1), ("Không", 0), ("TRUE", 1),
                                           ("false", 0), ("yes", 1), ("No", 0)])
def test_connected_flag_spellings(engine, text, expected):
    report = imp(engine, f"agency_code,month,sent,received,sent_signed,connected\nVPCP,2020-09,10,20,5,{text}\n")
    assert report.outcome == "applied", report.render()
    with engine.connect() as conn:
        assert conn.execute(select(schema.documents.c.connected)).scalar() == expected


def test_task_dates_in_both_formats_and_empty_completion(engine):
    text = ("task_id,agency_code,title,assigned_on,due_on,completed_on\n"
            "T-1,68,Báo cáo,05/03/2020,2020-06-30,\n"
            "T-2,BKHDT,Kế hoạch,2020-03-05,30/06/2020,29/06/2020\n")
    report = imp(engine, text)
    assert report.outcome == "applied", report.render()
    rows = {r[0]: r for r in contents(engine, schema.tasks)}
    assert rows["T-1"][3] == date(2020, 3, 5) and rows["T-1"][4] == "2020-03" and rows["T-1"][6] is None
    assert rows["T-2"][5] == date(2020, 6, 30) and rows["T-2"][6] == date(2020, 6, 29)


def test_tasks_without_completed_on_column(engine):
    text = "task_id,agency_code,title,assigned_on,due_on\nT-9,68,Báo cáo,2020-03-05,2020-06-30\n"
    report = imp(engine, text)
    assert report.outcome == "applied", report.render()


def test_boundary_sets_follow_the_row_month(engine):
    ok = imp(engine, DOSSIER_HEADER + "\n02,2020-05,100,10,90,5,5,0\nBKHDT,2024-12,100,10,90,5,5,0\n"
                                      "BNNMT,2025-04,100,10,90,5,5,0\n68,2025-08,100,10,90,5,5,0\n")
    assert ok.outcome == "applied", ok.render()
    assert "02" in agencies.codes_valid_in("2020-05") and "02" not in agencies.codes_valid_in("2025-08")
    bad = imp(engine, DOSSIER_HEADER + "\n02,2025-08,100,10,90,5,5,0\nBKHDT,2025-04,100,10,90,5,5,0\n")
    assert {(p.row, p.value) for p in bad.problems} == {(2, "02"), (3, "BKHDT")}


def test_current_month_is_allowed(engine):
    assert imp(engine, DOSSIER_HEADER + "\n68,11/2026,100,10,90,5,5,0\n").outcome == "applied"


# ---------------------------------------------------------------- XLSX

def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_first_sheet(engine):
    data = _xlsx([
        ["Mã đơn vị", "Tháng", "Số hồ sơ tiếp nhận", "Tiếp nhận trực tuyến", "Giải quyết đúng hạn",
         "Giải quyết quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn"],
        ["68", "2020-09", 21450, 3120, 19870, 102, 1410, 18],
        [8, datetime(2020, 9, 1), "1.435", 200.0, 1200, 35, 200, 0],
        ["BTC", "10/2020", 18340, 15210, 17980, 64, 290, 6],
    ])
    report = import_bytes(engine, data, "bao_cao.xlsx", today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.rows == 3 and report.inserted == 3
    assert dossier(engine, "08", "2020-09")["received"] == 1435
    assert dossier(engine, "08", "2020-09")["received_online"] == 200
    assert dossier(engine, "BTC", "2020-10")["received"] == 18340
    assert any("'08'" in w for w in report.warnings)


def test_xlsx_problems_use_sheet_row_numbers(engine):
    data = _xlsx([
        ["agency_code", "month", "received", "received_online", "resolved_on_time", "resolved_late",
         "pending_in_time", "pending_overdue"],
        ["68", "2020-09", 100, 10, 90, 5, 5, 0],
        [None] * 8,
        ["20", "2020-09", 100, 10, 90, 2.5, 5, 0],
    ])
    report = import_bytes(engine, data, "x.xlsx", today=TODAY)
    assert report.outcome == "refused"
    assert {(p.row, p.column, p.value) for p in report.problems} == {(4, "resolved_late", "2,5")}


def test_xlsx_tasks_with_date_cells(engine):
    data = _xlsx([
        ["task_id", "agency_code", "title", "assigned_on", "due_on", "completed_on"],
        ["T-1", 68, "Báo cáo", datetime(2020, 3, 5), datetime(2020, 6, 30), None],
    ])
    report = import_bytes(engine, data, "t.xlsx", today=TODAY)
    assert report.outcome == "applied", report.render()
    assert contents(engine, schema.tasks)[0][:4] == ("T-1", "68", "Báo cáo", date(2020, 3, 5))


# ---------------------------------------------------------------- import log and report

def test_import_log_one_row_per_attempt(engine):
    good = (EXAMPLES / "dossiers.csv").read_bytes()
    r1 = import_bytes(engine, good, "dossiers.csv", today=TODAY)
    r2 = import_bytes(engine, b"", "empty.csv", today=TODAY)
    r3 = import_bytes(engine, good, "dossiers.csv", today=TODAY)
    logs = log_rows(engine)
    assert [(l["file_name"], l["outcome"]) for l in logs] == [
        ("dossiers.csv", "applied"), ("empty.csv", "refused"), ("dossiers.csv", "applied")]
    assert logs[0]["sha256"] == hashlib.sha256(good).hexdigest() == r1.sha256 == r3.sha256
    assert logs[1]["sha256"] == hashlib.sha256(b"").hexdigest() == r2.sha256
    assert logs[0]["kind"] == "dossiers" and logs[0]["rows"] == 8 and logs[0]["errors"] is None
    assert logs[1]["kind"] is None and logs[1]["rows"] == 0
    assert json.loads(logs[1]["errors"])[0]["message"]
    assert all(isinstance(l["at"], datetime) for l in logs)


def test_render_vi_and_en(engine):
    report = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n68,2020-10,1,1,1,0,0,0\n"
                                          "20,2020-09,1,1,1,0,0,0\n19,2020-09,-3,0,0,0,0,0\n")
    vi, en = report.render("vi"), report.render("en")
    assert "Dòng 5, cột received: giá trị '-3'" in vi and "TỪ CHỐI" in vi
    assert "Row 5, column received: value '-3'" in en and "REFUSED" in en
    assert "dòng tiêu đề là dòng 1" in vi and "header is row 1" in en
    ok = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n")
    assert "ĐÃ NHẬP" in ok.render() and "APPLIED" in ok.render("en")


def test_database_error_is_reported_and_logged(engine, monkeypatch):
    import data.importer as importer

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(importer, "apply_rows", boom)
    report = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n")
    assert report.outcome == "refused" and "disk full" in report.render("en")
    assert contents(engine, schema.dossiers) == []
    assert [l["outcome"] for l in log_rows(engine)] == ["refused"]


def test_unexpected_reading_error_becomes_a_problem(engine, monkeypatch):
    import data.importer as importer

    def boom(*args, **kwargs):
        raise KeyError("surprise")
    monkeypatch.setattr(importer, "open_table", boom)
    report = imp(engine, DOSSIER_HEADER + "\n68,2020-09,1,1,1,0,0,0\n")
    assert report.outcome == "refused" and "surprise" in report.render("en")
    assert [l["outcome"] for l in log_rows(engine)] == ["refused"]


# ---------------------------------------------------------------- scale

def test_large_file_imports_whole(engine):
    """A large file goes in completely in one transaction (the 100,000-row timing is in bench/)."""
    codes = sorted(agencies.codes_valid_in("2020-01", agencies.REPORTING_KINDS["dossiers"]))
    months = month_range("1921-01", "2025-02")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(DOSSIER_HEADER.split(","))
    n = 0
    for m in months:
        for c in codes:
            if n == 20_000:
                break
            w.writerow([c, m, 1000 + n % 97, 400, 900, 20, 70, 10])
            n += 1
    # months from 1921 need an earlier limit than the default (see data/import_limits.py)
    report = import_bytes(engine, buf.getvalue().encode(), "big.csv", today=TODAY,
                          limits=ImportLimits(earliest_month="1900-01"))
    assert report.outcome == "applied", report.render()[:2000]
    assert report.inserted == 20_000
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.dossiers)).scalar() == 20_000
