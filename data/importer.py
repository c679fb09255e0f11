"""Validated import of monthly counts and task records from CSV/XLSX files into the warehouse.

A file is applied whole, in one transaction, as an upsert keyed by agency and month (task id for
tasks), or refused whole with its problems listed by row, column and value (the first 200; the
others are counted by column). Every attempt is logged in `import_log`. Row numbers count as a
spreadsheet does: the header is row 1, the first data row is row 2. `import_bytes` is the entry
point for any caller (command line, upload page); its report holds the problems as rows.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from data.cell_safety import restore
from data.import_formats import (HEADER_MAPS, KIND_LABELS, KINDS, column_names, distinctive_columns,
                                 normalise_header, spec)
from data.import_limits import MAX_PROBLEMS, ImportLimits, size_text
from data.import_reading import RawTable, ReadError, cell_text, open_table
from data.import_validation import OPTIONAL_COLUMNS, Issue, shown_value, validate
from data.import_writing import DatabaseBusy, apply_rows, log_refusal, short_reason, write_log, writing
from i18n import t

__all__ = ["KINDS", "ImportProblem", "ImportReport", "import_file", "import_bytes"]


@dataclass
class ImportProblem:
    """One reason a file was refused; row is the spreadsheet row (header = 1), None for the whole file."""
    row: int | None
    column: str | None
    value: str | None
    message: str
    message_en: str = ""

    def text(self, lang: str = "vi") -> str:
        return (self.message_en or self.message) if lang == "en" else self.message

    def render(self, lang: str = "vi") -> str:
        where = []
        if self.row is not None:
            where.append(t("imp_where_row", lang, row=self.row))
        if self.column is not None:
            where.append(t("imp_where_column" if where else "imp_where_column_first", lang, column=self.column))
        if not where:
            return self.text(lang)
        prefix = ", ".join(where)
        if self.value not in (None, ""):
            return t("imp_where_value", lang, where=prefix, value=self.value, text=self.text(lang))
        return f"{prefix}: {self.text(lang)}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message, "message_en": self.message_en}


@dataclass
class ImportReport:
    """What happened to one file: applied (with counts) or refused (with its problems as rows)."""
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
    problems_unlisted: int = 0
    """Problems found beyond the first MAX_PROBLEMS (not listed, not stored)."""
    unlisted_by_column: dict = field(default_factory=dict)

    @property
    def applied(self) -> bool:
        return self.outcome == "applied"

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_unlisted

    def problem_rows(self, lang: str = "vi") -> list[dict]:
        """The problems as table rows (row, column, value, message), e.g. to show or download."""
        return [{"row": p.row, "column": p.column, "value": p.value, "message": p.text(lang)} for p in self.problems]

    def more_text(self, lang: str = "vi") -> str:
        parts = [t("imp_report_more_column", lang, column=c, count=n) if c else
                 t("imp_report_more_file", lang, count=n)
                 for c, n in sorted(self.unlisted_by_column.items(), key=lambda kv: (-kv[1], kv[0] or ""))]
        return t("imp_report_more", lang, more=self.problems_unlisted, by_column="; ".join(parts))

    def render(self, lang: str = "vi") -> str:
        """A human-readable report, one line per problem (Vietnamese, or English with lang="en")."""
        en = lang == "en"
        kind = (f"{KIND_LABELS[self.kind][1 if en else 0]} ({self.kind})" if self.kind in KIND_LABELS
                else t("imp_report_kind_unknown", lang))
        lines = [t("imp_report_head", lang, file=self.file_name, kind=kind, rows=self.rows)]
        if self.applied:
            lines.append(t("imp_report_applied", lang, inserted=self.inserted, updated=self.updated,
                           unchanged=self.unchanged))
        else:
            lines.append(t("imp_report_refused", lang, count=self.problem_count))
        for w in (self.warnings_en or self.warnings) if en else self.warnings:
            lines.append(t("imp_report_warning", lang, text=w))
        lines += [p.render(lang) for p in self.problems]
        if self.problems_unlisted:
            lines.append(self.more_text(lang))
        if any(p.row is not None for p in self.problems):
            lines.append(t("imp_row_numbering", lang))
        return "\n".join(lines)

    def add(self, key: str, /, row: int | None = None, column: str | None = None, value: str | None = None,
            **values) -> None:
        """Add a problem whose messages come from the catalogue (`column` also fills a `{column}` in it)."""
        values.setdefault("column", column)
        self.problems.append(ImportProblem(row, column, value, t(key, "vi", **values), t(key, "en", **values)))


def _sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(engine: Engine, path, kind: str | None = None, today: date | None = None,
                limits: ImportLimits | None = None) -> ImportReport:
    """Import one CSV/XLSX file from disk (see import_bytes); a file over the size limit is refused unread."""
    path = Path(path)
    limits = limits or ImportLimits.from_env()
    report = ImportReport(path.name, kind if kind in KINDS else None, 0, "refused")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            report.sha256 = _sha256_of_path(path)
            report.add("imp_read_too_large", size=size_text(size), limit=limits.max_size_text)
            log_refusal(engine, report, limits.lock_wait_s)
            return report
        data = path.read_bytes()
    except OSError as exc:
        report.add("imp_read_cannot_open", reason=exc.strerror or str(exc))
        report.sha256 = hashlib.sha256(b"").hexdigest()
        log_refusal(engine, report, limits.lock_wait_s)
        return report
    return import_bytes(engine, data, path.name, kind=kind, today=today, limits=limits)


def import_bytes(engine: Engine, data: bytes, file_name: str, kind: str | None = None,
                 today: date | None = None, limits: ImportLimits | None = None) -> ImportReport:
    """Validate the bytes of a CSV/XLSX file and apply it in one transaction, or refuse it whole.

    Never raises for a bad file or a busy database: the report says what happened (and the attempt is
    logged). `limits` defaults to the environment's settings (`data.import_limits`).
    """
    today = today or date.today()
    limits = limits or ImportLimits.from_env()
    file_name = shown_value(file_name) or ""
    report = ImportReport(file_name, kind if kind in KINDS else None, 0, "refused",
                          sha256=hashlib.sha256(data).hexdigest())
    typed, issues = None, []
    try:
        typed, issues = _prepare(data, kind, today, limits, report)
    except Exception as exc:  # a report, never a traceback
        report.add("imp_unexpected", reason=f"{type(exc).__name__}: {str(exc)[:200]}")
    _list_problems(report, issues)
    if report.problems or typed is None:
        report.outcome = "refused"
        log_refusal(engine, report, limits.lock_wait_s)
        return report
    try:
        with writing(engine, limits.lock_wait_s) as conn:
            report.inserted, report.updated, report.unchanged = apply_rows(conn, report.kind, typed)
            report.outcome = "applied"
            write_log(conn, report)
    except Exception as exc:
        report.inserted = report.updated = report.unchanged = 0
        report.outcome = "refused"
        if isinstance(exc, DatabaseBusy):
            report.add("imp_db_busy", seconds=f"{limits.lock_wait_s:g}")
        else:
            report.add("imp_db_refused", reason=short_reason(exc))
        log_refusal(engine, report, limits.lock_wait_s)
    return report


def _list_problems(report: ImportReport, issues: list[Issue]) -> None:
    """The first MAX_PROBLEMS problems (file-level first, then by row) are listed; the rest counted."""
    listed = [ImportProblem(i.row, i.column, i.value, i.vi, i.en) for i in issues[:MAX_PROBLEMS]]
    room = MAX_PROBLEMS - len(report.problems)
    report.problems += listed[:max(room, 0)]
    rest = listed[max(room, 0):] + issues[MAX_PROBLEMS:]
    if rest:
        report.problems_unlisted = len(rest)
        report.unlisted_by_column = dict(Counter(p.column for p in rest))


# ---------------------------------------------------------------- reading and validation

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
            report.add("imp_kind_unknown_arg", kind=shown_value(kind), kinds=", ".join(KINDS))
            return None
        if kind not in complete:
            others = [k for k in (complete or KINDS) if k != kind and (k in complete or score[k] > 0)]
            if others and (complete or score[kind] == 0):
                other = max(others, key=lambda k: (k in complete, score[k]))
                for_lang = {lang: dict(other_label=KIND_LABELS[other][i], kind_label=KIND_LABELS[kind][i])
                            for i, lang in enumerate(("vi", "en"))}
                report.problems.append(ImportProblem(
                    None, None, None, t("imp_kind_mismatch", "vi", other=other, kind=kind, **for_lang["vi"]),
                    t("imp_kind_mismatch", "en", other=other, kind=kind, **for_lang["en"])))
                return None
        return kind
    if len(complete) == 1:
        return complete[0]
    candidates = complete or list(KINDS)
    best = max(score[k] for k in candidates)
    top = [k for k in candidates if score[k] == best]
    if best > 0 and len(top) == 1:
        return top[0]
    report.add("imp_kind_unclear", expected="; ".join(f"{k}: {', '.join(column_names(k))}" for k in KINDS))
    return None


def _prepare(data: bytes, kind: str | None, today: date, limits: ImportLimits,
             report: ImportReport) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Read the header, choose the kind, then read and validate the rows.

    Returns the typed frame (None when refused) and the cell and row issues; file-level problems go
    straight into the report.
    """
    try:
        table = open_table(data, limits)
        normed = [normalise_header(h) for h in table.header]
        chosen = _choose_kind(normed, kind, report)
        if chosen is None:
            return None, []
        report.kind = chosen
        table.load_frame()
    except ReadError as exc:
        report.problems.append(ImportProblem(exc.row, None, exc.value, exc.vi, exc.en))
        return None, []
    report.rows = len(table.frame)
    if not report.rows:
        report.add("imp_header_only")
        return None, []
    raw = _raw_frame(table, normed, chosen, report)
    if report.problems:
        return None, []
    result = validate(chosen, raw, table.header_row, today, limits)
    report.warnings += result.warnings_vi
    report.warnings_en += result.warnings_en
    return (None if result.issues else result.typed), result.issues


def _text_frame(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Every cell of the body as trimmed text (XLSX values written as the contract reads them)."""
    if source == "csv":
        return frame
    return pd.DataFrame({c: pd.Series([cell_text(v) for v in frame[c]], index=frame.index, dtype="str")
                         for c in frame.columns}, index=frame.index)


def _raw_frame(table: RawTable, normed: list[str], kind: str, report: ImportReport) -> pd.DataFrame:
    """The contract columns of a kind as trimmed text, indexed by row number; extras become a warning."""
    body = table.load_frame()
    text = _text_frame(body, table.source)
    filled = {c: text[c].str.strip() != "" for c in text.columns}
    hm = HEADER_MAPS[kind]
    positions: dict[str, int] = {}
    extras: list[str] = []
    for i, n in enumerate(normed):
        col = hm.get(n)
        if col is None:
            if n:
                extras.append(shown_value(table.header[i]))
            elif filled[i].any():
                extras.append(f"#{i + 1}")
            continue
        if col in positions:
            report.add("imp_column_twice", row=table.header_row, column=col, value=shown_value(table.header[i]),
                       first=positions[col] + 1, second=i + 1)
            continue
        positions[col] = i
    if extras:
        names = ", ".join(f"'{e}'" for e in extras)
        report.warnings.append(t("imp_extra_columns", "vi", names=names))
        report.warnings_en.append(t("imp_extra_columns", "en", names=names))
    width = len(table.header)
    beyond = [c for c in text.columns if c >= width]
    if beyond:
        wide = pd.concat([filled[c] for c in beyond], axis=1).any(axis=1)
        wide_rows = list(text.index[wide])
        for number in wide_rows[:MAX_PROBLEMS]:
            cells = [c for c in beyond if filled[c][number]]
            report.add("imp_row_too_wide", row=int(number), value=shown_value(text.at[number, cells[0]].strip()),
                       cells=cells[-1] + 1, width=width)
        if len(wide_rows) > MAX_PROBLEMS:
            report.problems_unlisted = len(wide_rows) - MAX_PROBLEMS
            report.unlisted_by_column = {None: len(wide_rows) - MAX_PROBLEMS}
    data = {}
    for col, i in positions.items():
        role = spec(kind, col).role
        if table.source == "csv":
            values = text[i].str.strip()
        else:
            values = pd.Series([cell_text(v, role) for v in body[i]], index=body.index, dtype="str")
        if role in ("text", "note"):
            prefixed = values.str.startswith("'")
            if prefixed.any():  # undo the formula-safe prefix of an exported file
                values = values.where(~prefixed, values[prefixed].map(restore))
        data[col] = values
    return pd.DataFrame(data, index=text.index)
