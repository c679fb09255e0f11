"""Export in the import format: export → import into an empty warehouse gives back the same tables."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from data import schema
from data.exporter import export_kind
from data.import_formats import COLUMNS
from data.importer import KINDS, import_bytes, import_file

TODAY = date(2026, 11, 24)
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
TABLES = {"dossiers": schema.dossiers, "documents": schema.documents, "services": schema.services,
          "tasks": schema.tasks, "index766": schema.index766_inputs, "index766_scores": schema.index766_published}


def contents(engine, table) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


@pytest.fixture
def filled(engine):
    """Example files plus awkward values: leading-zero codes, quotes and commas in titles, both sets."""
    for kind in KINDS:
        assert import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY).outcome == "applied"
    extra = {
        "dossiers": "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,"
                    "pending_overdue\n01,2020-09,0,0,0,0,0,0\n08,2025-07,1.234.567,1,2,3,4,5\n",
        "documents": "agency_code,month,sent,received,sent_signed,connected\n02,2020-05,0,1,0,không\n",
        "tasks": 'task_id,agency_code,title,assigned_on,due_on,completed_on\n'
                 'T/01,02,"Nhiệm vụ có dấu phẩy, ""ngoặc kép"" và; chấm phẩy",2020-01-02,2020-01-02,2020-01-02\n',
    }
    for kind, text in extra.items():
        assert import_bytes(engine, text.encode(), f"{kind}.csv", today=TODAY).outcome == "applied"
    return engine


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_is_exact(filled, tmp_path, kind, suffix):
    engine = filled
    table = TABLES[kind]
    before = contents(engine, table)
    out = tmp_path / f"{kind}{suffix}"
    assert export_kind(engine, kind, out) == len(before) > 0
    with engine.begin() as conn:
        conn.execute(delete(table))
    report = import_file(engine, out, today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.kind == kind and report.inserted == len(before)
    assert report.warnings == []
    assert contents(engine, table) == before
    again = import_file(engine, out, today=TODAY)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(before))


def test_csv_header_is_the_import_format(filled, tmp_path):
    out = tmp_path / "dossiers.csv"
    export_kind(filled, "dossiers", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [c.name for c in COLUMNS["dossiers"]]
    assert ["01", "2020-09", "0", "0", "0", "0", "0", "0"] in rows
    assert ["08", "2025-07", "1234567", "1", "2", "3", "4", "5"] in rows


def test_xlsx_keeps_codes_as_text_and_dates_as_dates(filled, tmp_path):
    out = tmp_path / "tasks.xlsx"
    n = export_kind(filled, "tasks", out)
    ws = load_workbook(out, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == n + 1
    assert rows[0] == tuple(c.name for c in COLUMNS["tasks"])
    t01 = next(r for r in rows if r[0] == "T/01")
    assert t01[1] == "02" and t01[3].date() == date(2020, 1, 2)


def test_vietnamese_headers_export_and_reimport(filled, tmp_path):
    before = contents(filled, schema.services)
    out = tmp_path / "services.csv"
    export_kind(filled, "services", out, header_lang="vi")
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("mã đơn vị,tháng,số thủ tục hành chính")
    with filled.begin() as conn:
        conn.execute(delete(schema.services))
    assert import_file(filled, out, today=TODAY).outcome == "applied"
    assert contents(filled, schema.services) == before


def test_empty_table_exports_header_only(engine, tmp_path):
    out = tmp_path / "documents.csv"
    assert export_kind(engine, "documents", out) == 0
    assert out.read_text(encoding="utf-8-sig").strip() == "agency_code,month,sent,received,sent_signed,connected"


def test_unknown_kind_is_refused(engine, tmp_path):
    with pytest.raises(ValueError):
        export_kind(engine, "budgets", tmp_path / "x.csv")
