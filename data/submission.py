"""Submitting figures through the web: check a file without writing, then apply it as the user.

The check runs the importer itself (`data.importer.import_bytes`) against a throw-away in-memory
database, so the problems shown before confirming are exactly those the real import would report;
on top of them it refuses an agency user's rows for another agency, with their row numbers, and
works out what each agency-month would become (added, updated, unchanged). Applying re-checks,
imports, and records the submission and the audit entry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine, create_engine, insert, select, tuple_, update
from sqlalchemy.pool import StaticPool

from data import audit, schema
from data.audit import Actor
from data.cell_safety import csv_bytes
from data.import_formats import HEADER_MAPS, KEYS, normalise_header
from data.import_reading import ReadError, cell_text, read_table
from data.import_validation import normalise_code
from data.import_limits import MAX_PROBLEMS
from data.roles import User, may_submit, require
from i18n import t

if TYPE_CHECKING:
    from data.importer import ImportProblem, ImportReport
# The importer itself (pandera, the writers of both SQL dialects) is imported where a file is
# checked or applied: the web app imports this module when it starts, and most visits never upload.

CHANGE_COLUMNS = ["agency_code", "month", "added", "updated", "unchanged"]
_CHUNK = 900


@dataclass
class UploadCheck:
    """What a file would do: its kind and rows, every problem, and the change per agency-month."""
    file_name: str
    sha256: str
    kind: str | None
    rows: int
    problems: list[ImportProblem] = field(default_factory=list)
    warnings_vi: list[str] = field(default_factory=list)
    warnings_en: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHANGE_COLUMNS))
    unlisted: int = 0
    """Problems found beyond the first MAX_PROBLEMS (counted, not listed)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unlisted

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.unlisted

    def totals(self) -> dict[str, int]:
        """Rows added, updated and unchanged over the whole file."""
        return {c: int(self.changes[c].sum()) if len(self.changes) else 0 for c in ("added", "updated", "unchanged")}

    def warnings(self, lang: str = "vi") -> list[str]:
        return (self.warnings_en or self.warnings_vi) if lang == "en" else self.warnings_vi


@dataclass
class UploadResult:
    """The check, and the importer's report when the file was applied (None when refused before it)."""
    check: UploadCheck
    report: ImportReport | None = None

    @property
    def applied(self) -> bool:
        return self.report is not None and self.report.applied


def check_upload(engine: Engine, data: bytes, file_name: str, user: User, kind: str | None = None,
                 today: date | None = None) -> UploadCheck:
    """Every problem of the file (importer's and the user's agency rule) and its changes; writes nothing."""
    require(may_submit(user), "ac_denied_submit")
    report, staged = _dry_run(data, file_name, kind, today)
    check = UploadCheck(file_name, report.sha256, report.kind, report.rows, list(report.problems),
                        list(report.warnings), list(report.warnings_en), unlisted=report.problems_unlisted)
    if report.kind is not None and user.role == "agency":
        foreign = foreign_rows(data, file_name, report.kind, user)
        listed = sorted(check.problems + foreign, key=lambda p: (p.row if p.row is not None else -1, p.column or ""))
        check.problems, check.unlisted = listed[:MAX_PROBLEMS], check.unlisted + len(listed[MAX_PROBLEMS:])
    if staged is not None and not check.problems:
        check.changes = changes(engine, report.kind, staged)
    return check


def apply_upload(engine: Engine, data: bytes, file_name: str, user: User, actor: Actor,
                 kind: str | None = None, today: date | None = None) -> UploadResult:
    """Check again, then import as this user; record the submission per agency-month and the audit entry."""
    check = check_upload(engine, data, file_name, user, kind, today)
    if not check.ok:
        with engine.begin() as conn:
            audit.record(conn, actor, "import_refused", file_name, _audit_details(check))
        return UploadResult(check)
    from data.importer import import_bytes
    report = import_bytes(engine, data, file_name, kind=check.kind, today=today)
    result = UploadResult(check, report)
    details = _audit_details(check)
    with engine.begin() as conn:
        if report.applied:
            record_submissions(conn, check, actor)
            audit.record(conn, actor, "import", file_name, details)
        else:
            check.problems = list(report.problems)
            details["problems"] = len(report.problems)
            audit.record(conn, actor, "import_refused", file_name, details)
    return result


def foreign_rows(data: bytes, file_name: str, kind: str, user: User) -> list[ImportProblem]:
    """An agency user's rows for any other agency, each as a problem with its row, column and value."""
    from data.importer import ImportProblem
    try:
        table = read_table(data, file_name)
    except ReadError:
        return []
    header = HEADER_MAPS[kind]
    position = next((i for i, h in enumerate(table.header) if header.get(normalise_header(h)) == "agency_code"), None)
    if position is None:
        return []
    out = []
    for number, cells in table.rows:
        value = cell_text(cells[position], "code") if position < len(cells) else ""
        if value and normalise_code(value) != user.agency_code:
            out.append(ImportProblem(
                number, "agency_code", value,
                t("ac_foreign_row", "vi", own=user.agency_code), t("ac_foreign_row", "en", own=user.agency_code)))
    return out


def changes(engine: Engine, kind: str, staged: list[dict]) -> pd.DataFrame:
    """Per agency-month (tasks: agency and assigned month), how many rows would be added, updated, unchanged."""
    table = schema.tasks if kind == "tasks" else schema.COUNT_TABLES[kind]
    keys = KEYS[kind]
    stored: dict[tuple, dict] = {}
    wanted = [tuple(r[k] for k in keys) for r in staged]
    key_cols = tuple_(*(table.c[k] for k in keys))
    with engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            for row in conn.execute(select(table).where(key_cols.in_(wanted[i:i + _CHUNK]))).mappings():
                stored[tuple(row[k] for k in keys)] = dict(row)
    month_col = "assigned_month" if kind == "tasks" else "month"
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in staged:
        old = stored.get(tuple(r[k] for k in keys))
        what = "added" if old is None else ("unchanged" if all(old.get(c) == v for c, v in r.items()) else "updated")
        c = counts.setdefault((r["agency_code"], r[month_col]), {"added": 0, "updated": 0, "unchanged": 0})
        c[what] += 1
    rows = [{"agency_code": a, "month": m, **c} for (a, m), c in sorted(counts.items())]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def record_submissions(conn, check: UploadCheck, actor: Actor) -> None:
    """Stamp each agency-month the file carried with this submission's time, user and digest."""
    t_ = schema.submissions
    now = audit.utc_now()
    for r in check.changes.itertuples(index=False):
        key = (t_.c.agency_code == r.agency_code) & (t_.c.family == check.kind) & (t_.c.month == r.month)
        values = {"submitted_at": now, "submitted_by": actor.email, "sha256": check.sha256}
        if conn.execute(update(t_).where(key).values(**values)).rowcount == 0:
            conn.execute(insert(t_).values(agency_code=r.agency_code, family=check.kind, month=r.month, **values))


def problems_frame(problems: list[ImportProblem], lang: str = "vi") -> pd.DataFrame:
    """The problems as a table: row, column, value, problem (in the language)."""
    rows = [{t("ac_col_row", lang): p.row, t("ac_col_column", lang): p.column, t("ac_col_value", lang): p.value,
             t("ac_col_problem", lang): (p.message_en or p.message) if lang == "en" else p.message}
            for p in problems]
    frame = pd.DataFrame(rows, columns=[t(k, lang) for k in ("ac_col_row", "ac_col_column", "ac_col_value",
                                                             "ac_col_problem")])
    frame[t("ac_col_row", lang)] = frame[t("ac_col_row", lang)].astype("Int64")  # 3, not 3.0, beside a file-level problem
    return frame


def problems_csv(problems: list[ImportProblem], lang: str = "vi") -> bytes:
    """The problems as a formula-safe UTF-8 CSV (with BOM, so spreadsheets read the Vietnamese)."""
    return csv_bytes(problems_frame(problems, lang))


def _dry_run(data: bytes, file_name: str, kind: str | None, today: date | None) -> tuple[ImportReport, list[dict] | None]:
    """The importer's report on an in-memory copy of the tables, and the rows it would write."""
    from data.importer import import_bytes
    scratch = create_engine("sqlite://", poolclass=StaticPool)
    try:
        schema.metadata.create_all(scratch, tables=[*schema.COUNT_TABLES.values(), schema.tasks, schema.import_log])
        report = import_bytes(scratch, data, file_name, kind=kind, today=today)
        if not report.applied:
            return report, None
        table = schema.tasks if report.kind == "tasks" else schema.COUNT_TABLES[report.kind]
        with scratch.connect() as conn:
            staged = [dict(r) for r in conn.execute(select(table)).mappings()]
        return report, staged
    finally:
        scratch.dispose()


def _audit_details(check: UploadCheck) -> dict:
    agencies = sorted(set(check.changes["agency_code"])) if len(check.changes) else []
    months = sorted(set(check.changes["month"])) if len(check.changes) else []
    return {"kind": check.kind, "rows": check.rows, "sha256": check.sha256, **check.totals(),
            "problems": check.problem_count, "agencies": agencies[:50], "agencies_count": len(agencies),
            "months": [months[0], months[-1]] if months else []}
