"""Formula injection: every file the product writes neutralises risky text cells (OWASP's advice),
XLSX cells are never formulas, and export → import gives back exactly what was stored."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from data import schema
from data.cell_safety import TRIGGERS, csv_bytes, neutralise, restore
from data.exporter import export_kind
from data.importer import import_bytes, import_file
from metrics import ranking_export as rx
from metrics.periods import Period

TODAY = date(2026, 11, 24)

HOSTILE = [
    ("=HYPERLINK(\"http://x\",\"click\")", "=HYPERLINK(\"http://x\",\"click\")"),
    ("+cmd|' /C calc'!A0", "nhiệm vụ +1"),
    ("@SUM(1)", "@SUM(1)"),
    ("-2+3", "-2+3"),
    ("'quoted", "'=already prefixed"),
    ("T-plain", "''two apostrophes"),
]


def test_neutralise_examples():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+1") == "'+1"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(1)") == "'@SUM(1)"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("'abc") == "''abc"  # an apostrophe is doubled, so the importer can undo exactly
    assert neutralise("abc") == "abc"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-3) == -3 and neutralise(None) is None and neutralise(date(2020, 1, 2)) == date(2020, 1, 2)


def test_restore_examples():
    assert restore("'=1+1") == "=1+1"
    assert restore("''abc") == "'abc"
    assert restore("'abc") == "'abc"  # a hand-typed apostrophe before plain text is kept
    assert restore("'") == "'"
    assert restore("abc") == "abc"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text
    written = neutralise(text)
    assert not written.startswith(TRIGGERS)


def _tasks_csv(pairs) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["task_id", "agency_code", "title", "assigned_on", "due_on", "completed_on"])
    for task_id, title in pairs:
        w.writerow([task_id, "68", title, "2020-01-02", "2020-02-01", ""])
    return buf.getvalue().encode()


@pytest.fixture
def hostile(engine):
    report = import_bytes(engine, _tasks_csv(HOSTILE), "hostile.csv", kind="tasks", today=TODAY)
    assert report.outcome == "applied", report.render("en")
    return engine


def _stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(schema.tasks.c.task_id, schema.tasks.c.title)
                                               .order_by(schema.tasks.c.task_id))]


def test_hostile_text_is_stored_verbatim(hostile):
    stored = dict(_stored(hostile))
    assert stored["=HYPERLINK(\"http://x\",\"click\")"] == "=HYPERLINK(\"http://x\",\"click\")"
    assert stored["-2+3"] == "-2+3" and stored["@SUM(1)"] == "@SUM(1)"
    # an apostrophe before a trigger or another apostrophe is the neutralising prefix: it is undone
    assert stored["'quoted"] == "=already prefixed"
    assert stored["T-plain"] == "'two apostrophes"


def test_csv_export_has_no_formula_cell_and_round_trips(hostile, tmp_path):
    out = tmp_path / "tasks.csv"
    export_kind(hostile, "tasks", out)
    cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))) for c in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    assert "'=HYPERLINK(\"http://x\",\"click\")" in cells and "'-2+3" in cells and "''quoted" in cells
    before = _stored(hostile)
    with hostile.begin() as conn:
        conn.execute(schema.tasks.delete())
    assert import_file(hostile, out, today=TODAY).outcome == "applied"
    assert _stored(hostile) == before


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_xlsx_export_writes_strings_never_formulas_and_round_trips(hostile, tmp_path):
    out = tmp_path / "tasks.xlsx"
    export_kind(hostile, "tasks", out)
    assert "<f>" not in _sheet_xml(out)
    from python_calamine import CalamineWorkbook
    values = [v for row in CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python() for v in row]
    texts = [v for v in values if isinstance(v, str)]
    assert not [v for v in texts if v.startswith(TRIGGERS)]
    assert "'@SUM(1)" in texts
    before = _stored(hostile)
    with hostile.begin() as conn:
        conn.execute(schema.tasks.delete())
    assert import_file(hostile, out, today=TODAY).outcome == "applied"
    assert _stored(hostile) == before


def _ranking() -> pd.DataFrame:
    return pd.DataFrame([
        {"agency": "68", "name_vi": "=HYPERLINK(\"http://x\")", "name_en": "@evil", "region": "TN",
         "value": 99.5, "rank": 1, "of": 2, "prev_rank": 2, "rank_change": 1},
        {"agency": "-1", "name_vi": "Hà Nội", "name_en": "Ha Noi", "region": "DBSH",
         "value": 90.0, "rank": 2, "of": 2, "prev_rank": 1, "rank_change": -1},
    ])


def test_ranking_csv_is_formula_safe():
    data = rx.ranking_csv(_ranking(), "dossier_on_time_rate", Period.month("2020-10"), "vi",
                          scope="=cmd|x", demo=True)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    # the rank change -1 is a number and stays one; the text cells are prefixed
    assert "'=HYPERLINK(\"http://x\")" in cells and "'-1" in cells and "'=cmd|x" in cells and "-1" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_ranking_xlsx_has_no_formula():
    data = rx.ranking_xlsx(_ranking(), "dossier_on_time_rate", Period.month("2020-10"), "en",
                           scope="=cmd|x", demo=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
    assert "<f>" not in xml
    assert "'@evil" in xml and "'=cmd|x" not in xml  # the scope line is "Scope: =cmd|x", safe as it is
    assert "Scope: =cmd|x" in xml


def test_csv_bytes_for_any_download():
    frame = pd.DataFrame({"=title": ["=1+1", "ok", None], "days": [-3, 4, 5]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines() == ["'=title,days", "'=1+1,-3", "ok,4", ",5"]
