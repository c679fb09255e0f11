"""Writing a validated file: one transaction per file, one writer at a time, and the import log.

The rows go into a temporary staging table (PostgreSQL: COPY; SQLite: one executemany), are counted
against the warehouse in SQL (inserted, updated, unchanged), and are written with one
`INSERT … SELECT` — a plain one when none of the keys is stored yet, else `… ON CONFLICT DO UPDATE`
that leaves unchanged rows alone.

Writers queue: on SQLite the transaction starts with `BEGIN IMMEDIATE` (it takes the write lock
first and waits up to the lock-wait limit for another writer); on PostgreSQL an advisory lock taken
at the start of the transaction serialises imports, waiting at most as long.
"""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from datetime import date, datetime, timezone

import pandas as pd
from sqlalchemy import Column, Engine, MetaData, Table, and_, exists, func, insert, not_, or_, select, true
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from data import schema
from data.import_formats import KEYS

log = logging.getLogger("data.import")

IMPORT_LOCK_KEY = 766_000_001
"""PostgreSQL advisory-lock key held by the transaction that writes an import."""


class DatabaseBusy(Exception):
    """Another writer held the database longer than the lock-wait limit."""


UPSERT_INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
"""The two databases the warehouse runs on, each with its INSERT … ON CONFLICT."""


def table_of(kind: str) -> Table:
    return schema.tasks if kind == "tasks" else schema.COUNT_TABLES[kind]


def is_busy(exc: BaseException) -> bool:
    """True for 'database is locked' (SQLite) and lock timeouts (PostgreSQL)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in text or "lock timeout" in text or "canceling statement due to lock" in text)


def short_reason(exc: BaseException) -> str:
    """A database error in one line, without the SQL statement or its parameters."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else exc
    text = str(orig if orig is not None else exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return f"{type(orig or exc).__name__}: {first}"[:200]


@contextmanager
def writing(engine: Engine, lock_wait_s: float):
    """A connection inside a transaction that holds the right to write imports; commits on success.

    Raises DatabaseBusy when the right is not obtained within `lock_wait_s` seconds.
    """
    with engine.connect() as conn:
        try:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(lock_wait_s * 1000)}")
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(lock_wait_s * 1000)}ms'")
                conn.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_KEY)))
                conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
        except OperationalError as exc:
            conn.rollback()
            if is_busy(exc):
                raise DatabaseBusy() from None
            raise
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise


def _column_values(typed: pd.DataFrame, names: list[str], as_text_dates: bool) -> list[tuple]:
    """Rows as tuples in table-column order; NA → None; dates as ISO text (SQLite stores dates as text)."""
    columns = []
    for n in names:
        s = typed[n]
        if s.dtype == "Int64" and not s.isna().any():
            columns.append(s.to_numpy(dtype="int64").tolist())
            continue
        obj = s.astype(object)
        present = s.notna()
        if as_text_dates:
            dates = {v: v.isoformat() for v in pd.unique(obj[present]) if isinstance(v, date)}
            if dates:
                text = obj.map(dates)  # one lookup per cell; not a date → NaN, kept as it was below
                obj = text.where(text.notna(), obj)
        values = obj.where(present, None).tolist()
        columns.append([int(v) if type(v).__name__ == "int64" else v for v in values]
                       if s.dtype == "Int64" else values)
    return list(zip(*columns))


def _stage(conn: Connection, table: Table, names: list[str], typed: pd.DataFrame) -> tuple[Table, int]:
    """A temporary table shaped like `table`, holding the file's rows; returns it and the row count."""
    stage_name = f"import_stage_{table.name}"
    stage = Table(stage_name, MetaData(), *(Column(n, table.c[n].type) for n in names))
    columns = ", ".join(names)
    if conn.dialect.name == "postgresql":
        rows = _column_values(typed, names, as_text_dates=False)
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {stage_name} (LIKE {table.name}) ON COMMIT DROP")
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {stage_name} ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return stage, len(rows)
    rows = _column_values(typed, names, as_text_dates=True)
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage_name}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE {stage_name} AS SELECT {columns} FROM {table.name} WHERE 0")
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {stage_name} ({columns}) VALUES ({marks})", rows)
    return stage, len(rows)


def _same(a, b):
    """Null-safe equality, the same on both dialects."""
    return a.is_not_distinct_from(b)


def apply_rows(conn: Connection, kind: str, typed: pd.DataFrame) -> tuple[int, int, int]:
    """Upsert the rows of a valid file; returns (inserted, updated, unchanged)."""
    table = table_of(kind)
    keys = KEYS[kind]
    names = [c.name for c in table.columns]
    values = [n for n in names if n not in keys]
    if typed.empty:
        return 0, 0, 0
    stage, n = _stage(conn, table, names, typed)
    on_key = and_(*(table.c[k] == stage.c[k] for k in keys))
    inserted = conn.execute(select(func.count()).select_from(stage)
                            .where(not_(exists().where(on_key)))).scalar_one()
    unchanged = conn.execute(select(func.count()).select_from(stage.join(table, on_key))
                             .where(and_(*(_same(table.c[n], stage.c[n]) for n in values)))).scalar_one()
    if inserted == n:  # nothing stored under these keys yet: a plain insert, no conflict handling
        conn.execute(insert(table).from_select(names, select(*stage.c)))
    elif unchanged < n:  # something to insert or to update
        stmt = UPSERT_INSERTS[conn.dialect.name](table).from_select(names, select(*stage.c).where(true()))
        excluded = stmt.excluded
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[table.c[k] for k in keys], set_={n: excluded[n] for n in values},
            where=or_(*(table.c[n].is_distinct_from(excluded[n]) for n in values))))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE temp.{stage.name}")
    return inserted, n - inserted - unchanged, unchanged


def log_row(report) -> dict:
    """The import_log row of a report: the problems listed (capped) and the count of the others."""
    errors = None
    if report.problems:
        listed = [p.as_dict() for p in report.problems]
        if report.problems_unlisted:
            listed.append({"row": None, "column": None, "value": None,
                           "message": report.more_text("vi"), "message_en": report.more_text("en"),
                           "unlisted": report.problems_unlisted})
        errors = json.dumps(listed, ensure_ascii=False)
    return {"file_name": report.file_name, "sha256": report.sha256, "kind": report.kind, "rows": report.rows,
            "outcome": report.outcome, "errors": errors, "at": datetime.now(timezone.utc).replace(tzinfo=None)}


def write_log(conn: Connection, report) -> None:
    conn.execute(insert(schema.import_log).values(**log_row(report)))


LOG_WAIT_S = 30.0
"""At least this long a refused attempt waits to be written to import_log (it is small and must not be lost)."""


def log_refusal(engine: Engine, report, lock_wait_s: float) -> bool:
    """Record a refused attempt in import_log, waiting for another writer at least LOG_WAIT_S; when the
    database cannot take it, the attempt goes to the `data.import` logger instead. True if stored."""
    try:
        with writing(engine, max(lock_wait_s, LOG_WAIT_S)) as conn:
            write_log(conn, report)
        return True
    except Exception as exc:  # the log must never turn a refusal into a traceback
        entry = log_row(report)
        entry["at"] = entry["at"].isoformat()
        log.error("import attempt not stored in import_log (%s): %s", short_reason(exc),
                  json.dumps(entry, ensure_ascii=False)[:2000])
        return False

