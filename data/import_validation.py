"""Validation of an imported table: pandera schemas for the cells, then the cross-field rules.

Stage one checks every text cell (required columns, counts that are non-negative whole numbers,
months, dates, codes, flags); stage two checks typed rows (agency valid for the month, parts within
their whole, task date order, one row per key). Every failure becomes an Issue with its row number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from data import agencies as agency_ref
from data import schema
from data.import_formats import COLUMNS, FLAG_VALUES, KEYS, PARTS_WITHIN_WHOLE, spec
from metrics.periods import month_label, month_of, parse_month

INT_RE = r"\d+"
THOUSANDS_RE = r"\d{1,3}(?:\.\d{3})+"
NEGATIVE_RE = r"[-\u2212]\s*[\d.,]*\d[\d.,]*"
NUMBERISH_RE = r"[\d.,]*\d[\d.,]*"
CODE_RE = r"[A-Za-z0-9]{1,16}"
POINTS_RE = r"\d{1,3}(?:[.,]\d+)?"
POINTS_TOLERANCE = 0.03
"""How far a published total may be from the sum of its six groups (each rounded to 0.01)."""
MAX_TASK_ID = 64

OPTIONAL_COLUMNS = {"completed_on", "source"}
"""Columns a file may leave out (all their cells are then empty)."""


@dataclass
class Issue:
    """One problem found in a file: where (row, column), the offending text, and what is wrong."""
    row: int | None
    column: str | None
    value: str | None
    vi: str
    en: str


@dataclass
class Validated:
    """The outcome of validation: typed rows (index = row number), problems and warnings."""
    typed: pd.DataFrame
    issues: list[Issue]
    warnings_vi: list[str]
    warnings_en: list[str]


CELL_MESSAGES = {
    "missing_value": ("ô trống, thiếu giá trị bắt buộc", "empty cell, a required value is missing"),
    "negative": ("là số âm; số liệu phải là số nguyên không âm",
                 "is negative; counts must be non-negative whole numbers"),
    "fractional": ("không phải số nguyên (số thập phân hoặc cách ghi hàng nghìn không rõ ràng; hãy ghi 1435 hoặc 1.435)",
                   "is not a whole number (a decimal or an ambiguous thousands grouping; write 1435 or 1.435)"),
    "not_number": ("không phải là số", "is not a number"),
    "bad_month": ("không phải tháng hợp lệ (ghi 2020-09, 09/2020 hoặc 9/2020)",
                  "is not a valid month (write 2020-09, 09/2020 or 9/2020)"),
    "future_month": ("là tháng trong tương lai (sau tháng {today_month})",
                     "is a month in the future (after {today_month})"),
    "bad_code": ("không phải mã đơn vị hợp lệ (chữ và số, tối đa 16 ký tự)",
                 "is not a valid agency code (letters and digits, at most 16)"),
    "bad_flag": ("không hợp lệ; ghi 1/0, có/không, true/false hoặc yes/no",
                 "is not valid; write 1/0, có/không, true/false or yes/no"),
    "bad_date": ("không phải ngày hợp lệ (ghi 2020-09-15 hoặc 15/09/2020)",
                 "is not a valid date (write 2020-09-15 or 15/09/2020)"),
    "future_date": ("là ngày trong tương lai (sau ngày {today})", "is a date in the future (after {today})"),
    "empty_title": ("tên nhiệm vụ trống", "the task title is empty"),
    "too_long": (f"dài quá {MAX_TASK_ID} ký tự", f"is longer than {MAX_TASK_ID} characters"),
    "bad_points": ("không phải số điểm hợp lệ (từ 0 đến 100, ví dụ 15,67 hoặc 15.67)",
                   "is not a valid number of points (0 to 100, e.g. 15.67 or 15,67)"),
    "missing_column": ("thiếu cột bắt buộc '{column}' (tiêu đề tiếng Việt: '{label}')",
                       "required column '{column}' is missing (Vietnamese header: '{label}')"),
}


# ---------------------------------------------------------------- parsing single values

def parse_count(text: str) -> int | None:
    """`1435` or Vietnamese thousands `1.435` / `1.234.567` → int; anything else → None."""
    if re.fullmatch(INT_RE, text) or re.fullmatch(THOUSANDS_RE, text):
        return int(text.replace(".", ""))
    return None


def parse_points(text: str) -> float | None:
    """`15,67` or `15.67` (points of an index, 0 to 100; either decimal sign) → float; else None."""
    if not re.fullmatch(POINTS_RE, text):
        return None
    value = float(text.replace(",", "."))
    return value if value <= 100 else None


def month_or_none(text: str) -> str | None:
    try:
        return parse_month(text)
    except ValueError:
        return None


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date | None:
    """`YYYY-MM-DD` or `DD/MM/YYYY` (day first, as in Vietnam) → date; anything else → None."""
    m = _ISO_DATE.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _VN_DATE.fullmatch(text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    if y < 1900:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def normalise_code(text: str) -> str:
    """Trimmed, upper-case; a one-digit numeric code gets its leading zero back (`8` → `08`)."""
    s = text.strip().upper()
    return s.zfill(2) if s.isdigit() and len(s) == 1 else s


def _mapped(series: pd.Series, fn: Callable) -> pd.Series:
    """Apply a parser once per distinct value (files repeat months, codes and dates a lot)."""
    uniques = series.unique()
    table = {u: fn(u) for u in uniques}
    return series.map(table)


# ---------------------------------------------------------------- stage one: cells (pandera)

def _valid_count(s: pd.Series) -> pd.Series:
    return s.str.fullmatch(INT_RE) | s.str.fullmatch(THOUSANDS_RE)


def _valid_date(today: date, not_after_today: bool, optional: bool) -> Callable[[pd.Series], pd.Series]:
    def ok(v: str) -> bool:
        if v == "":
            return optional
        d = parse_date(v)
        return d is not None and not (not_after_today and d > today)
    return lambda s: _mapped(s, ok).astype(bool)


def _column_check(c, today: date) -> Callable[[pd.Series], pd.Series]:
    """The vectorised validity test of one column's text cells, by the column's role."""
    today_month = month_of(today)
    if c.role == "count":
        return _valid_count
    if c.role == "code":
        return lambda s: s.str.fullmatch(CODE_RE)
    if c.role == "month":
        def month_ok(v: str) -> bool:
            m = month_or_none(v)
            return m is not None and m <= today_month
        return lambda s: _mapped(s, month_ok).astype(bool)
    if c.role == "flag":
        return lambda s: s.str.lower().isin(FLAG_VALUES.keys())
    if c.role in ("date", "optional_date"):
        return _valid_date(today, c.name in ("assigned_on", "completed_on"), c.role == "optional_date")
    if c.role in ("points", "optional_points"):
        empty_ok = c.role == "optional_points"
        return lambda s: _mapped(s, parse_points).notna() | ((s == "") & empty_ok)
    if c.role == "note":
        return lambda s: pd.Series(True, index=s.index)
    if c.name == "task_id":
        return lambda s: (s != "") & (s.str.len() <= MAX_TASK_ID)
    return lambda s: s != ""


def cell_schema(kind: str, today: date) -> pa.DataFrameSchema:
    """The pandera schema of one kind's text cells (before any type conversion): one check per column.

    A failing cell is then classified (empty, negative, fractional, future...) by `classify`.
    """
    columns = {c.name: pa.Column(checks=pa.Check(_column_check(c, today), name=c.role),
                                 required=c.name not in OPTIONAL_COLUMNS, nullable=False)
               for c in COLUMNS[kind]}
    return pa.DataFrameSchema(columns, strict=False, name=f"{kind}_cells")


def classify(role: str, column: str, value: str, today: date) -> str:
    """Which CELL_MESSAGES entry explains why a cell failed its column's check."""
    if value == "":
        return "empty_title" if column == "title" else "missing_value"
    if role == "count":
        if re.fullmatch(NEGATIVE_RE, value):
            return "negative"
        return "fractional" if re.fullmatch(NUMBERISH_RE, value) else "not_number"
    if role == "code":
        return "bad_code"
    if role == "month":
        return "bad_month" if month_or_none(value) is None else "future_month"
    if role == "flag":
        return "bad_flag"
    if role in ("date", "optional_date"):
        return "bad_date" if parse_date(value) is None else "future_date"
    if role in ("points", "optional_points"):
        return "bad_points"
    if column == "task_id":
        return "too_long"
    return "missing_value"


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["column", "check", "failure_case", "index"])


def check_cells(kind: str, raw: pd.DataFrame, header_row: int, today: date) -> list[Issue]:
    """Stage one: every cell-level problem of a text frame (index = row numbers)."""
    fails = _failures(cell_schema(kind, today), raw)
    issues = []
    fmt = {"today_month": month_label(month_of(today)), "today": today.strftime("%d/%m/%Y")}
    for f in fails.itertuples(index=False):
        check = str(f.check)
        if check == "column_in_dataframe":
            col = str(f.failure_case)
            vi, en = CELL_MESSAGES["missing_column"]
            label = spec(kind, col).label_vi
            issues.append(Issue(header_row, col, None, vi.format(column=col, label=label),
                                en.format(column=col, label=label)))
            continue
        row = None if pd.isna(f.index) else int(f.index)
        col = None if f.column is None or pd.isna(f.column) else str(f.column)
        value = raw.at[row, col] if row is not None and col in raw.columns else None
        code = classify(check, col, value, today) if value is not None else check
        vi, en = CELL_MESSAGES.get(code, (f"không hợp lệ ({code})", f"is not valid ({code})"))
        issues.append(Issue(row, col, value, vi.format(**fmt), en.format(**fmt)))
    return issues


# ---------------------------------------------------------------- conversion

def to_typed(kind: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Text frame → typed frame; a cell that does not parse becomes NA (stage one has reported it)."""
    typed = pd.DataFrame(index=raw.index)
    warn_vi: list[str] = []
    warn_en: list[str] = []
    for c in COLUMNS[kind]:
        s = raw[c.name] if c.name in raw.columns else pd.Series("", index=raw.index, dtype="str")
        if c.role == "count":
            whole = s.str.fullmatch(INT_RE) | s.str.fullmatch(THOUSANDS_RE)
            digits = s.where(whole).str.replace(".", "", regex=False)
            typed[c.name] = pd.to_numeric(digits, errors="coerce").astype("Int64")
        elif c.role == "code":
            wellformed = s.str.fullmatch(CODE_RE).fillna(False).astype(bool)
            typed[c.name] = _mapped(s, normalise_code).astype(object).where(wellformed, None)
            padded = s.str.fullmatch(r"\d")
            if padded.any():
                rows = list(raw.index[padded])
                warn_vi.append(f"Mã đơn vị một chữ số đã được thêm số 0 đứng trước (ví dụ '{s[padded].iloc[0]}' → "
                               f"'{s[padded].iloc[0].zfill(2)}'; Excel thường làm mất số 0 đầu): {_rows_text(rows, 'vi')}.")
                warn_en.append(f"One-digit agency codes were left-padded with a zero (e.g. '{s[padded].iloc[0]}' → "
                               f"'{s[padded].iloc[0].zfill(2)}'; Excel drops leading zeros): {_rows_text(rows, 'en')}.")
            lower = s.str.fullmatch(CODE_RE) & (s != s.str.upper())
            if lower.any():
                rows = list(raw.index[lower])
                warn_vi.append(f"Mã đơn vị viết thường đã được chuyển thành chữ hoa: {_rows_text(rows, 'vi')}.")
                warn_en.append(f"Lower-case agency codes were changed to upper case: {_rows_text(rows, 'en')}.")
        elif c.role == "month":
            typed[c.name] = _mapped(s, month_or_none)
        elif c.role == "flag":
            typed[c.name] = s.str.lower().map(FLAG_VALUES).astype("Int64")
        elif c.role in ("date", "optional_date"):
            typed[c.name] = _mapped(s, parse_date)
        elif c.role in ("points", "optional_points"):
            typed[c.name] = pd.to_numeric(_mapped(s, parse_points), errors="coerce").astype("Float64")
        else:
            typed[c.name] = s.where(s != "")
    if kind == "tasks":
        typed["assigned_month"] = typed["assigned_on"].map(lambda d: month_of(d) if isinstance(d, date) else None)
    return typed, warn_vi, warn_en


def _rows_text(rows: list[int], lang: str) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    more = len(rows) - 10
    if lang == "vi":
        return f"dòng {shown}" + (f" và {more} dòng khác" if more > 0 else "")
    return f"row{'s' if len(rows) > 1 else ''} {shown}" + (f" and {more} more" if more > 0 else "")


# ---------------------------------------------------------------- stage two: rows (pandera)

@dataclass(frozen=True)
class RowRule:
    """A cross-field rule: the failing rows are reported on `column`, with a message built per row."""
    name: str
    column: str
    needs: tuple[str, ...]
    test: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[pd.Series], tuple[str, str]]


@lru_cache(maxsize=None)
def _codes_of_sets(sets: tuple[str, ...]) -> frozenset[str]:
    return frozenset(r["code"] for r in agency_ref.agency_rows() if r["set_id"] in sets)


def _valid_codes(month: str, kind: str) -> frozenset[str]:
    """Codes that report this kind of file in a month, as agencies.codes_valid_in, cached per set."""
    kinds = agency_ref.REPORTING_KINDS[kind]
    sets = tuple(sorted({agency_ref.set_for_month(k, month) for k in kinds}))
    return _codes_of_sets(sets)


def _agency_known(month_col: str, kind: str) -> Callable[[pd.DataFrame], pd.Series]:
    def test(df: pd.DataFrame) -> pd.Series:
        valid = {m: _valid_codes(m, kind) for m in df[month_col].dropna().unique()}
        return pd.Series([m is None or m != m or c is None or c != c or c in valid[m]
                          for c, m in zip(df["agency_code"].astype(object), df[month_col].astype(object))],
                         index=df.index, dtype=bool)
    return test


def agency_hint(code: str, month: str, kind: str | None = None) -> tuple[str, str]:
    """Why a code is not valid in a month: unknown, valid only before/after a reorganization, or an
    agency that does not report this kind of file."""
    rows = [r for r in agency_ref.agency_rows() if r["code"] == code]
    if not rows:
        return ("mã này không có trong danh mục đơn vị", "the code is not in the list of agencies")
    if kind and code in agency_ref.codes_valid_in(month) and code not in _valid_codes(month, kind):
        return (f"'{code}' ({rows[0]['name_vi']}) không báo cáo loại số liệu này",
                f"'{code}' ({rows[0]['name_en']}) does not report this kind of data")
    by_code = {(r["code"], r["set_id"]): r for r in agency_ref.agency_rows()}
    vi_parts, en_parts = [], []
    for r in rows:
        name = r["name_vi"]
        if r["valid_to"] and r["valid_to"] < month:
            succ = r["successor_code"]
            new_set = {"63": "34", "M22": "M17"}.get(r["set_id"])
            succ_name = by_code.get((succ, new_set), {}).get("name_vi", "") if succ else ""
            vi = f"'{code}' ({name}) chỉ dùng đến {month_label(r['valid_to'])}"
            en = f"'{code}' ({r['name_en']}) is used only until {month_label(r['valid_to'])}"
            if succ:
                vi += f"; sau đó số liệu thuộc mã '{succ}' ({succ_name})"
                en += f"; after that its data belongs to code '{succ}'"
            vi_parts.append(vi)
            en_parts.append(en)
        elif r["valid_from"] > month:
            vi_parts.append(f"'{code}' ({name}) chỉ dùng từ {month_label(r['valid_from'])}")
            en_parts.append(f"'{code}' ({r['name_en']}) is used only from {month_label(r['valid_from'])}")
    return "; ".join(vi_parts), "; ".join(en_parts)


def _unknown_agency_message(month_col: str, kind: str) -> Callable[[pd.Series], tuple[str, str]]:
    def message(r: pd.Series) -> tuple[str, str]:
        month = r[month_col]
        hint_vi, hint_en = agency_hint(r["agency_code"], month, kind)
        return (f"mã đơn vị không hợp lệ cho tháng {month_label(month)} — {hint_vi}",
                f"agency code is not valid for {month_label(month)} — {hint_en}")
    return message


def _part_rule(kind: str, part: str, whole: str) -> RowRule:
    p, w = spec(kind, part), spec(kind, whole)

    def test(df: pd.DataFrame) -> pd.Series:
        return ~(df[part] > df[whole]).fillna(False).astype(bool)

    def message(r: pd.Series) -> tuple[str, str]:
        return (f"{part} ({p.label_vi}) = {r[part]} lớn hơn {whole} ({w.label_vi}) = {r[whole]}",
                f"{part} ({p.label_en}) = {r[part]} exceeds {whole} ({w.label_en}) = {r[whole]}")

    return RowRule(f"{part}<={whole}", part, (part, whole), test, message)


def _date_order_rule(column: str, vi_what: str, en_what: str) -> RowRule:
    def test(df: pd.DataFrame) -> pd.Series:
        both = df[column].notna() & df["assigned_on"].notna()
        bad = pd.Series(False, index=df.index)
        if both.any():
            bad[both] = [x < a for x, a in zip(df.loc[both, column], df.loc[both, "assigned_on"])]
        return ~bad

    def message(r: pd.Series) -> tuple[str, str]:
        x, a = r[column].strftime("%d/%m/%Y"), r["assigned_on"].strftime("%d/%m/%Y")
        return (f"{vi_what} {x} trước ngày giao {a}", f"{en_what} {x} is before the assignment date {a}")

    return RowRule(f"{column}>=assigned_on", column, (column, "assigned_on"), test, message)


def _points_max_rule(group: str, top: float) -> RowRule:
    g = spec("index766_published", group)

    def test(df: pd.DataFrame) -> pd.Series:
        return ~(df[group] > top).fillna(False).astype(bool)

    def message(r: pd.Series) -> tuple[str, str]:
        return (f"{group} ({g.label_vi}) = {r[group]:g} điểm, vượt điểm tối đa {top:g} của nhóm",
                f"{group} ({g.label_en}) = {r[group]:g} points, above the group's maximum of {top:g}")

    return RowRule(f"{group}<={top:g}", group, (group,), test, message)


def _total_rule() -> RowRule:
    groups = list(schema.INDEX_GROUP_MAX)

    def test(df: pd.DataFrame) -> pd.Series:
        gap = (df["total"] - df[groups].sum(axis=1, min_count=len(groups))).abs()
        return ~(gap > POINTS_TOLERANCE).fillna(False).astype(bool)

    def message(r: pd.Series) -> tuple[str, str]:
        parts = sum(float(r[g]) for g in groups)
        return (f"tổng điểm {r['total']:g} khác tổng các nhóm {parts:.2f}",
                f"the total {r['total']:g} differs from the sum of the groups, {parts:.2f}")

    return RowRule("total=sum(groups)", "total", ("total", *groups), test, message)


def row_rules(kind: str) -> list[RowRule]:
    month_col = "assigned_month" if kind == "tasks" else "month"
    rules = [RowRule("agency_known", "agency_code", ("agency_code", month_col), _agency_known(month_col, kind),
                     _unknown_agency_message(month_col, kind))]
    rules += [_part_rule(kind, part, whole) for part, whole in PARTS_WITHIN_WHOLE[kind]]
    if kind == "index766_published":
        rules += [_points_max_rule(group, top) for group, top in schema.INDEX_GROUP_MAX.items()]
        rules.append(_total_rule())
    if kind == "tasks":
        rules.append(_date_order_rule("due_on", "hạn hoàn thành", "the due date"))
        rules.append(_date_order_rule("completed_on", "ngày hoàn thành", "the completion date"))
    return rules


def row_schema(kind: str, rules: list[RowRule]) -> pa.DataFrameSchema:
    """The pandera schema of typed rows: non-negative integer counts, 0/1 flags, cross-field rules."""
    columns = {}
    for c in COLUMNS[kind]:
        if c.role == "count":
            columns[c.name] = pa.Column("Int64", pa.Check.ge(0), nullable=True)
        elif c.role == "flag":
            columns[c.name] = pa.Column("Int64", pa.Check.isin([0, 1]), nullable=True)
        elif c.role in ("points", "optional_points"):
            columns[c.name] = pa.Column("Float64", pa.Check.in_range(0, 100), nullable=True)
    checks = [pa.Check(rule.test, name=rule.name) for rule in rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=False, name=f"{kind}_rows")


def key_schema(kind: str) -> pa.DataFrameSchema:
    """One row per key (agency and month, or task id) in a file."""
    return pa.DataFrameSchema({k: pa.Column(object, nullable=False) for k in KEYS[kind]},
                              unique=list(KEYS[kind]), report_duplicates="all", name=f"{kind}_keys")


def check_rows(kind: str, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Issue]:
    """Stage two: cross-field rules and duplicate keys, on the typed frame."""
    issues: list[Issue] = []
    rules = row_rules(kind)
    fails = _failures(row_schema(kind, rules), typed)
    by_name = {r.name: r for r in rules}
    for name, group in fails.groupby("check", sort=False):
        rule = by_name.get(str(name))
        rows = sorted({int(i) for i in group["index"].dropna()})
        for row in rows:
            if rule is None:
                col = str(group["column"].iloc[0])
                issues.append(Issue(row, col, raw.at[row, col] if col in raw.columns else None,
                                    f"không hợp lệ ({name})", f"is not valid ({name})"))
                continue
            vi, en = rule.message(typed.loc[row])
            issues.append(Issue(row, rule.column, raw.at[row, rule.column] if rule.column in raw.columns else None,
                                vi, en))
    keys = list(KEYS[kind])
    keyed = typed[keys].dropna().astype(object)
    fails = _failures(key_schema(kind), keyed)
    dup_rows = sorted({int(i) for i in fails.loc[fails["check"] != "column_in_dataframe", "index"].dropna()})
    if dup_rows:
        groups: dict[tuple, list[int]] = {}
        for row in dup_rows:
            groups.setdefault(tuple(typed.loc[row, keys]), []).append(row)
        for key, rows in groups.items():
            listed = ", ".join(str(r) for r in rows)
            if kind == "tasks":
                vi = f"mã nhiệm vụ '{key[0]}' xuất hiện {len(rows)} lần trong tệp (dòng {listed})"
                en = f"task id '{key[0]}' appears {len(rows)} times in the file (rows {listed})"
            else:
                vi = (f"đơn vị '{key[0]}', tháng {month_label(key[1])} xuất hiện {len(rows)} lần trong tệp "
                      f"(dòng {listed})")
                en = f"agency '{key[0]}', month {month_label(key[1])} appears {len(rows)} times in the file (rows {listed})"
            for row in rows:
                issues.append(Issue(row, keys[0], raw.at[row, keys[0]], vi, en))
    return issues


def validate(kind: str, raw: pd.DataFrame, header_row: int, today: date) -> Validated:
    """Both stages on a text frame whose columns are contract names and whose index is row numbers."""
    issues = check_cells(kind, raw, header_row, today)
    required = [c.name for c in COLUMNS[kind] if c.name not in OPTIONAL_COLUMNS]
    if any(c not in raw.columns for c in required):
        return Validated(pd.DataFrame(), issues, [], [])
    typed, warn_vi, warn_en = to_typed(kind, raw)
    issues += check_rows(kind, typed, raw)
    issues.sort(key=lambda i: (i.row if i.row is not None else -1, _column_order(kind, i.column)))
    return Validated(typed, issues, warn_vi, warn_en)


def _column_order(kind: str, column: str | None) -> int:
    names = [c.name for c in COLUMNS[kind]]
    return names.index(column) if column in names else -1
