"""Validated import of monthly counts and task records from CSV/XLSX files into the warehouse.

A file is applied whole, in one transaction, as an upsert keyed by agency and month (task id for
tasks), or refused whole with every problem listed by row and column. Every attempt is logged in
`import_log`. Row numbers count as a spreadsheet does: the header is row 1, the first data row is row 2.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import Column, Engine, MetaData, Table, delete, insert, select, tuple_
from sqlalchemy.engine import Connection

from data import schema
from data.cell_safety import restore
from data.import_formats import (COLUMNS, HEADER_MAPS, KEYS, KIND_LABELS, KINDS, column_names,
                                 distinctive_columns, normalise_header, spec)
from data.import_reading import RawTable, ReadError, cell_text, read_table
from data.import_validation import OPTIONAL_COLUMNS, Issue, validate

__all__ = ["KINDS", "ImportProblem", "ImportReport", "import_file", "import_bytes"]

CHUNK = 5000
ROW_NUMBERING_VI = "Số dòng tính như trong bảng tính: dòng tiêu đề là dòng 1, dòng dữ liệu đầu tiên là dòng 2."
ROW_NUMBERING_EN = "Row numbers count as in a spreadsheet: the header is row 1, the first data row is row 2."


@dataclass
class ImportProblem:
    """One reason a file was refused; row is the spreadsheet row (header = 1), None for the whole file."""
    row: int | None
    column: str | None
    value: str | None
    message: str
    message_en: str = ""

    def render(self, lang: str = "vi") -> str:
        en = lang == "en"
        text = (self.message_en or self.message) if en else self.message
        where = []
        if self.row is not None:
            where.append(f"{'Row' if en else 'Dòng'} {self.row}")
        if self.column is not None:
            where.append(f"{'column' if en else 'cột'} {self.column}" if where
                         else f"{'Column' if en else 'Cột'} {self.column}")
        if not where:
            return text
        prefix = ", ".join(where)
        if self.value not in (None, ""):
            return f"{prefix}: {'value' if en else 'giá trị'} '{self.value}' — {text}"
        return f"{prefix}: {text}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message, "message_en": self.message_en}


@dataclass
class ImportReport:
    """What happened to one file: applied (with counts) or refused (with every problem)."""
    file_name: str
    kind: str | None
    rows: int
    outcome: str  # "applied" | "refused"
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings_en: list[str] = field(default_factory=list)
    sha256: str = ""

    @property
    def applied(self) -> bool:
        return self.outcome == "applied"

    def render(self, lang: str = "vi") -> str:
        """A human-readable report, one line per problem (Vietnamese, or English with lang="en")."""
        en = lang == "en"
        kind = (f"{KIND_LABELS[self.kind][1 if en else 0]} ({self.kind})" if self.kind in KIND_LABELS
                else ("unknown" if en else "chưa xác định"))
        if en:
            lines = [f"File {self.file_name} — kind: {kind}, {self.rows} data row(s)."]
            if self.applied:
                lines.append(f"Result: APPLIED — {self.inserted} inserted, {self.updated} updated, "
                             f"{self.unchanged} unchanged.")
            else:
                lines.append(f"Result: REFUSED — {len(self.problems)} problem(s); nothing was written.")
        else:
            lines = [f"Tệp {self.file_name} — loại: {kind}, {self.rows} dòng dữ liệu."]
            if self.applied:
                lines.append(f"Kết quả: ĐÃ NHẬP — thêm mới {self.inserted}, cập nhật {self.updated}, "
                             f"không đổi {self.unchanged}.")
            else:
                lines.append(f"Kết quả: TỪ CHỐI — {len(self.problems)} lỗi; không ghi dữ liệu nào.")
        for w in (self.warnings_en or self.warnings) if en else self.warnings:
            lines.append(f"{'Warning' if en else 'Cảnh báo'}: {w}")
        lines += [p.render(lang) for p in self.problems]
        if any(p.row is not None for p in self.problems):
            lines.append(ROW_NUMBERING_EN if en else ROW_NUMBERING_VI)
        return "\n".join(lines)


def import_file(engine: Engine, path, kind: str | None = None, today: date | None = None) -> ImportReport:
    """Import one CSV/XLSX file from disk (see import_bytes)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report = ImportReport(path.name, kind if kind in KINDS else None, 0, "refused")
        report.problems.append(ImportProblem(None, None, None, f"Không đọc được tệp: {exc.strerror or exc}",
                                             f"Cannot read the file: {exc.strerror or exc}"))
        report.sha256 = hashlib.sha256(b"").hexdigest()
        _log_refused(engine, report)
        return report
    return import_bytes(engine, data, path.name, kind=kind, today=today)


def import_bytes(engine: Engine, data: bytes, file_name: str, kind: str | None = None,
                 today: date | None = None) -> ImportReport:
    """Validate the bytes of a CSV/XLSX file and apply it in one transaction, or refuse it whole."""
    today = today or date.today()
    report = ImportReport(file_name, kind if kind in KINDS else None, 0, "refused",
                          sha256=hashlib.sha256(data).hexdigest())
    typed = None
    try:
        typed = _prepare(data, file_name, kind, today, report)
    except Exception as exc:  # a report, never a traceback
        report.problems.append(ImportProblem(
            None, None, None, f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc}).",
            f"Unexpected error while reading the file ({type(exc).__name__}: {exc})."))
    if report.problems or typed is None:
        report.outcome = "refused"
        _log_refused(engine, report)
        return report
    try:
        with engine.begin() as conn:
            report.inserted, report.updated, report.unchanged = _apply(conn, report.kind, typed)
            report.outcome = "applied"
            _log(conn, report)
    except Exception as exc:
        report.inserted = report.updated = report.unchanged = 0
        report.outcome = "refused"
        report.problems.append(ImportProblem(
            None, None, None, f"Cơ sở dữ liệu từ chối ghi; không có dữ liệu nào được ghi ({type(exc).__name__}: {exc}).",
            f"The database refused the write; nothing was written ({type(exc).__name__}: {exc})."))
        _log_refused(engine, report)
    return report


# ---------------------------------------------------------------- reading and validation

def _problem(issue: Issue) -> ImportProblem:
    return ImportProblem(issue.row, issue.column, issue.value, issue.vi, issue.en)


def _file_problem(vi: str, en: str, row: int | None = None, column: str | None = None,
                  value: str | None = None) -> ImportProblem:
    return ImportProblem(row, column, value, vi, en)


def _required(kind: str) -> set[str]:
    return set(column_names(kind)) - OPTIONAL_COLUMNS


def _matched(kind: str, normed: list[str]) -> set[str]:
    hm = HEADER_MAPS[kind]
    return {hm[n] for n in normed if n in hm}


def _choose_kind(normed: list[str], kind: str | None, report: ImportReport) -> str | None:
    """The kind to validate against, from the argument and the header; None (with a problem) if unclear."""
    matched = {k: _matched(k, normed) for k in KINDS}
    complete = [k for k in KINDS if _required(k) <= matched[k]]
    score = {k: len(matched[k] & distinctive_columns(k)) for k in KINDS}
    if kind is not None:
        if kind not in KINDS:
            report.problems.append(_file_problem(
                f"Loại dữ liệu '{kind}' không tồn tại; chọn một trong: {', '.join(KINDS)}.",
                f"Unknown kind '{kind}'; choose one of: {', '.join(KINDS)}."))
            return None
        if kind not in complete:
            others = [k for k in (complete or KINDS) if k != kind and (k in complete or score[k] > 0)]
            if others and (complete or score[kind] == 0):
                other = max(others, key=lambda k: (k in complete, score[k]))
                report.problems.append(_file_problem(
                    f"Tiêu đề cột là của loại '{other}' ({KIND_LABELS[other][0]}), không khớp với loại '{kind}' "
                    f"({KIND_LABELS[kind][0]}) đã chọn.",
                    f"The column headers are those of '{other}' ({KIND_LABELS[other][1]}), not of the chosen "
                    f"kind '{kind}' ({KIND_LABELS[kind][1]})."))
                return None
        return kind
    if len(complete) == 1:
        return complete[0]
    candidates = complete or list(KINDS)
    best = max(score[k] for k in candidates)
    top = [k for k in candidates if score[k] == best]
    if best > 0 and len(top) == 1:
        return top[0]
    expected = "; ".join(f"{k}: {', '.join(column_names(k))}" for k in KINDS)
    report.problems.append(_file_problem(
        f"Không nhận ra loại dữ liệu từ tiêu đề cột — hãy dùng tiêu đề theo mẫu ({expected}) hoặc chỉ rõ loại.",
        f"Cannot tell the kind of data from the column headers — use the template headers ({expected}) "
        "or state the kind."))
    return None


def _prepare(data: bytes, file_name: str, kind: str | None, today: date, report: ImportReport):
    """Read, map headers, validate; returns the typed frame, or None after adding problems to the report."""
    try:
        table = read_table(data, file_name)
    except ReadError as exc:
        report.problems.append(_file_problem(exc.vi, exc.en, row=exc.row, value=exc.value))
        return None
    report.rows = len(table.rows)
    normed = [normalise_header(h) for h in table.header]
    chosen = _choose_kind(normed, kind, report)
    if chosen is None:
        return None
    report.kind = chosen
    if not table.rows:
        report.problems.append(_file_problem(
            "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.",
            "The file has only a header row and no data rows."))
        return None
    raw = _raw_frame(table, normed, chosen, report)
    if report.problems:
        return None
    result = validate(chosen, raw, table.header_row, today)
    report.problems += [_problem(i) for i in result.issues]
    report.warnings += result.warnings_vi
    report.warnings_en += result.warnings_en
    return None if report.problems else result.typed


def _raw_frame(table: RawTable, normed: list[str], kind: str, report: ImportReport) -> pd.DataFrame:
    """The contract columns of a kind as trimmed text, indexed by row number; extras become a warning."""
    hm = HEADER_MAPS[kind]
    positions: dict[str, int] = {}
    extras: list[str] = []
    for i, n in enumerate(normed):
        col = hm.get(n)
        if col is None:
            if n:
                extras.append(table.header[i])
            elif any(i < len(cells) and cell_text(cells[i]) for _, cells in table.rows):
                extras.append(f"#{i + 1}")
            continue
        if col in positions:
            report.problems.append(_file_problem(
                f"Cột '{col}' xuất hiện hai lần trong tiêu đề (cột thứ {positions[col] + 1} và {i + 1}).",
                f"Column '{col}' appears twice in the header (columns {positions[col] + 1} and {i + 1}).",
                row=table.header_row, column=col, value=table.header[i]))
            continue
        positions[col] = i
    if extras:
        names = ", ".join(f"'{e}'" for e in extras)
        report.warnings.append(f"Các cột không thuộc mẫu đã bị bỏ qua: {names}.")
        report.warnings_en.append(f"Columns not in the template were ignored: {names}.")
    width = len(table.header)
    for number, cells in table.rows:
        if len(cells) > width and any(cell_text(c) for c in cells[width:]):
            value = next(cell_text(c) for c in cells[width:] if cell_text(c))
            report.problems.append(_file_problem(
                f"dòng có nhiều ô hơn dòng tiêu đề ({len(cells)} so với {width}) — kiểm tra dấu phân cách "
                "và dấu ngoặc kép.",
                f"the row has more cells than the header ({len(cells)} vs {width}) — check the separator "
                "and the quotes.", row=number, value=value))
    index = pd.Index([n for n, _ in table.rows], dtype="int64")
    padded = [cells if len(cells) >= width else list(cells) + [None] * (width - len(cells))
              for _, cells in table.rows]
    by_column = list(zip(*padded))
    data = {}
    for col, i in positions.items():
        if table.source == "csv":
            values = pd.Series(by_column[i], index=index, dtype="str").fillna("").str.strip()
        else:
            role = spec(kind, col).role
            values = pd.Series([cell_text(v, role) for v in by_column[i]], index=index, dtype="str")
        if spec(kind, col).role == "text":
            values = values.map(restore)  # undo the formula-safe prefix of an exported file
        data[col] = values
    return pd.DataFrame(data, index=index)


# ---------------------------------------------------------------- writing

def _records(kind: str, typed: pd.DataFrame) -> list[dict]:
    cols = [c.name for c in COLUMNS[kind]] + (["assigned_month"] if kind == "tasks" else [])
    lists = []
    for c in cols:
        s = typed[c]
        if s.dtype == "Int64" and not s.isna().any():
            lists.append(s.to_numpy(dtype="int64").tolist())
        else:
            lists.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                          for v in s.astype(object).tolist()])
    return [dict(zip(cols, row)) for row in zip(*lists)]


def _existing(conn: Connection, table, keys: tuple[str, ...], records: list[dict]) -> dict[tuple, dict]:
    """Rows already stored under the keys of the file, by key."""
    out: dict[tuple, dict] = {}
    if keys == ("task_id",):
        ids = sorted({r["task_id"] for r in records})
        for i in range(0, len(ids), 1000):
            for row in conn.execute(select(table).where(table.c.task_id.in_(ids[i:i + 1000]))).mappings():
                out[(row["task_id"],)] = dict(row)
        return out
    months = sorted({r["month"] for r in records})
    codes = sorted({r["agency_code"] for r in records})
    for i in range(0, len(months), 500):
        q = select(table).where(table.c.month.in_(months[i:i + 500]), table.c.agency_code.in_(codes))
        for row in conn.execute(q).mappings():
            out[(row["agency_code"], row["month"])] = dict(row)
    return out


def _upsert(conn: Connection, table, keys: tuple[str, ...], rows: list[dict]) -> None:
    """Insert-or-update with the dialect's ON CONFLICT DO UPDATE; other dialects delete then insert."""
    if not rows:
        return
    dialect = conn.engine.dialect.name
    if dialect == "postgresql":
        _upsert_postgresql(conn, table, keys, rows)
        return
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c[k] for k in keys],
            set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys})
        # RETURNING lets SQLAlchemy send the rows as multi-row VALUES batches ("insertmanyvalues").
        stmt = stmt.returning(table.c[keys[0]])
        for i in range(0, len(rows), CHUNK):
            conn.execute(stmt, rows[i:i + CHUNK]).all()
        return
    key_cols = tuple_(*(table.c[k] for k in keys))
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i:i + CHUNK]
        conn.execute(delete(table).where(key_cols.in_([tuple(r[k] for k in keys) for r in chunk])))
        conn.execute(insert(table), chunk)


def _upsert_postgresql(conn: Connection, table, keys: tuple[str, ...], rows: list[dict]) -> None:
    """PostgreSQL: COPY the rows into a transaction-scoped staging table, then one INSERT ... ON CONFLICT."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    names = [c.name for c in table.columns]
    stage_name = f"import_stage_{table.name}"
    stage = Table(stage_name, MetaData(), *(Column(c.name, c.type) for c in table.columns))
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {stage_name} (LIKE {table.name}) ON COMMIT DROP")
    cursor = conn.connection.driver_connection.cursor()
    if hasattr(cursor, "copy"):
        with cursor.copy(f"COPY {stage_name} ({', '.join(names)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row([r[n] for n in names])
    else:
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(stage), rows[i:i + CHUNK])
    stmt = pg_insert(table).from_select(names, select(*stage.c))
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={n: stmt.excluded[n] for n in names if n not in keys})
    conn.execute(stmt)
    conn.exec_driver_sql(f"DROP TABLE {stage_name}")


def _apply(conn: Connection, kind: str, typed: pd.DataFrame) -> tuple[int, int, int]:
    """Upsert the rows of a valid file; returns (inserted, updated, unchanged)."""
    table = schema.tasks if kind == "tasks" else schema.COUNT_TABLES[kind]
    keys = KEYS[kind]
    records = _records(kind, typed)
    existing = _existing(conn, table, keys, records)
    inserted = updated = unchanged = 0
    to_write = []
    for r in records:
        old = existing.get(tuple(r[k] for k in keys))
        if old is None:
            inserted += 1
        elif all(old.get(c) == v for c, v in r.items()):
            unchanged += 1
            continue
        else:
            updated += 1
        to_write.append(r)
    _upsert(conn, table, keys, to_write)
    return inserted, updated, unchanged


def _log(conn: Connection, report: ImportReport) -> None:
    errors = json.dumps([p.as_dict() for p in report.problems], ensure_ascii=False) if report.problems else None
    conn.execute(insert(schema.import_log).values(
        file_name=report.file_name, sha256=report.sha256, kind=report.kind, rows=report.rows,
        outcome=report.outcome, errors=errors,
        at=datetime.now(timezone.utc).replace(tzinfo=None)))


def _log_refused(engine: Engine, report: ImportReport) -> None:
    with engine.begin() as conn:
        _log(conn, report)
