"""Export of one kind of warehouse data in the import format (CSV or XLSX), so that export→import is exact.

CSV is UTF-8 with a byte-order mark (Excel then shows Vietnamese correctly; the importer accepts it).
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from data import schema
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
    return str(value)


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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(kind)
    ws.freeze_panes = "A2"
    for i, _ in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = 14 if i != 2 or kind != "tasks" else 60
    ws.append(header)
    for r in rows:
        cells = []
        for v in r:
            if isinstance(v, date):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(v)
        ws.append(cells)
    wb.save(path)
