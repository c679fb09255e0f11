"""Export of one kind of warehouse data in the import format (CSV or XLSX), so that export→import is exact.

CSV is UTF-8 with a byte-order mark (Excel then shows Vietnamese correctly; the importer accepts it).
Text cells are made formula-safe by `data.cell_safety` (the importer undoes it), and XLSX cells are
written as strings, numbers or dates, never as formulas.
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from data import schema
from data.cell_safety import neutralise
from data.import_formats import COLUMNS, KEYS, KINDS


def _table(kind: str):
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return schema.tasks if kind == "tasks" else schema.COUNT_TABLES[kind]


def export_rows(engine: Engine, kind: str) -> tuple[list[str], list[list]]:
    """Header (contract column names) and rows of one kind, ordered by key; values typed (dates, ints)."""
    table = _table(kind)
    names = [c.name for c in COLUMNS[kind]]
    order = [table.c[k] for k in KEYS[kind]] if kind != "tasks" else [table.c.task_id]
    with engine.connect() as conn:
        result = conn.execute(select(*(table.c[n] for n in names)).order_by(*order))
        rows = [list(r) for r in result]
    return names, rows


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value) if isinstance(value, str) else str(value)


def export_kind(engine: Engine, kind: str, out_path, *, header_lang: str = "en") -> int:
    """Write every row of a kind to out_path (XLSX when it ends with .xlsx, else CSV); returns rows written.

    header_lang="vi" writes the Vietnamese column labels instead of the English names (both import).
    """
    names, rows = export_rows(engine, kind)
    header = names if header_lang != "vi" else [c.label_vi for c in COLUMNS[kind]]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.suffix.lower() == ".xlsx":
        _write_xlsx(out_path, kind, header, rows)
    else:
        with out_path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows([_csv_value(v) for v in r] for r in rows)
    return len(rows)


def _write_xlsx(path: Path, kind: str, header: list[str], rows: list[list]) -> None:
    """Every cell typed explicitly: text with `write_string` (never a formula or a link), numbers, dates."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(kind)
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.freeze_panes(1, 0)
    for i, _ in enumerate(header):
        ws.set_column(i, i, 60 if (kind == "tasks" and i == 2) else 14)
    for c, name in enumerate(header):
        ws.write_string(0, c, neutralise(name))
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, date):
                ws.write_datetime(r, c, v, day)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, neutralise(str(v)))
    wb.close()
