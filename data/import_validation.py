"""Validation of an imported table: pandera schemas for the cells, then the cross-field rules.

Stage one checks every text cell (required columns, no control characters, counts that are
non-negative whole numbers, months and dates within the accepted range, codes, flags, title length);
stage two checks what needs several cells of a row (agency valid for the month, parts within their
whole, task date order) and one row per key, on the typed rows. Every failure becomes an Issue with
its row number; a duplicated key is one Issue, at its first row, listing its first few rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import pandas as pd

from data import agencies as agency_ref
from data import schema
from data.import_formats import COLUMNS, FLAG_VALUES, KEYS, PARTS_WITHIN_WHOLE, spec
from data.import_limits import MAX_PROBLEMS, ROWS_PER_DUPLICATE, ImportLimits
from data.months import month_label, month_of, parse_month
from i18n import t

if TYPE_CHECKING:
    import pandera.pandas as pa
# pandera (about a second to import) is imported where a schema is built or run, not above: the
# web app imports this module through the upload page when it starts, and most visits never upload.

INT_RE = r"\d+"
THOUSANDS_RE = r"\d{1,3}(?:\.\d{3})+"
NEGATIVE_RE = r"[-\u2212]\s*[\d.,]*\d[\d.,]*"
NUMBERISH_RE = r"[\d.,]*\d[\d.,]*"
CODE_RE = r"[A-Za-z0-9]{1,16}"
POINTS_RE = r"\d{1,3}(?:[.,]\d+)?"
POINTS_TOLERANCE = 0.03
"""How far a published total may be from the sum of its six groups (each rounded to 0.01)."""
MAX_TASK_ID = 64
CONTROL_RE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
"""Characters refused in any cell: C0 controls (tab, line feed and carriage return are text), DEL, C1
controls and the two non-characters. XLSX cannot hold them and PostgreSQL refuses NUL."""
_CONTROL = re.compile(CONTROL_RE)
MAX_SHOWN_VALUE = 80

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


def issue(row, column, value, key: str, /, **values) -> Issue:
    """An Issue whose two messages come from the catalogue (`i18n/import_messages.py`)."""
    return Issue(row, column, shown_value(value), t(key, "vi", **values), t(key, "en", **values))


def shown_value(value: str | None) -> str | None:
    """A cell as quoted in a message: control characters spelled out, long text cut at 80 characters."""
    if value is None:
        return None
    s = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02X}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04X}",
                     value)
    return s if len(s) <= MAX_SHOWN_VALUE else s[:MAX_SHOWN_VALUE - 1] + "…"


@dataclass
class Validated:
    """The outcome of validation: typed rows (index = row number), problems and warnings."""
    typed: pd.DataFrame
    issues: list[Issue]
    warnings_vi: list[str]
    warnings_en: list[str]


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


def _date_verdict(v: str, today: date, limits: ImportLimits, column: str, optional: bool) -> str | None:
    """None when a date cell is acceptable, else the CELL message it earns."""
    if v == "":
        return None if optional else "imp_cell_missing_value"
    d = parse_date(v)
    if d is None:
        return "imp_cell_bad_date"
    if column in ("assigned_on", "completed_on") and d > today:
        return "imp_cell_future_date"
    if column == "assigned_on" and month_of(d) < limits.earliest_month:
        return "imp_cell_early_date"
    return None


def _month_verdict(v: str, today: date, limits: ImportLimits) -> str | None:
    if v == "":
        return "imp_cell_missing_value"
    m = month_or_none(v)
    if m is None:
        return "imp_cell_bad_month"
    if m > month_of(today):
        return "imp_cell_future_month"
    if m < limits.earliest_month:
        return "imp_cell_early_month"
    return None


def _column_check(c, today: date, limits: ImportLimits) -> Callable[[pd.Series], pd.Series]:
    """The vectorised validity test of one column's text cells, by the column's role."""
    if c.role == "count":
        return _valid_count
    if c.role == "code":
        return lambda s: s.str.fullmatch(CODE_RE)
    if c.role == "month":
        return lambda s: _mapped(s, lambda v: _month_verdict(v, today, limits) is None).astype(bool)
    if c.role == "flag":
        return lambda s: s.str.lower().isin(FLAG_VALUES.keys())
    if c.role in ("date", "optional_date"):
        optional = c.role == "optional_date"
        return lambda s: _mapped(s, lambda v: _date_verdict(v, today, limits, c.name, optional) is None).astype(bool)
    if c.role in ("points", "optional_points"):
        empty_ok = c.role == "optional_points"
        return lambda s: _mapped(s, parse_points).notna() | ((s == "") & empty_ok)
    if c.role == "note":
        return lambda s: pd.Series(True, index=s.index)
    if c.name == "task_id":
        return lambda s: (s != "") & (s.str.len() <= MAX_TASK_ID)
    if c.name == "title":
        return lambda s: (s != "") & (s.str.len() <= limits.max_title)
    return lambda s: s != ""


def cell_schema(kind: str, today: date, limits: ImportLimits) -> pa.DataFrameSchema:
    """The pandera schema of one kind's text cells (before any type conversion): one check per column.

    A failing cell is then classified (empty, negative, fractional, future...) by `classify`.
    """
    import pandera.pandas as pa
    columns = {c.name: pa.Column(checks=pa.Check(_column_check(c, today, limits), name=c.role),
                                 required=c.name not in OPTIONAL_COLUMNS, nullable=False)
               for c in COLUMNS[kind]}
    return pa.DataFrameSchema(columns, strict=False, name=f"{kind}_cells")


def classify(role: str, column: str, value: str, today: date, limits: ImportLimits) -> tuple[str, dict]:
    """Which catalogue message (and its values) explains why a cell failed its column's check."""
    fmt = {"today_month": month_label(month_of(today)), "today": today.strftime("%d/%m/%Y"),
           "earliest": month_label(limits.earliest_month)}
    if value == "":
        return ("imp_cell_empty_title" if column == "title" else "imp_cell_missing_value"), {}
    if role == "count":
        if re.fullmatch(NEGATIVE_RE, value):
            return "imp_cell_negative", {}
        return ("imp_cell_fractional" if re.fullmatch(NUMBERISH_RE, value) else "imp_cell_not_number"), {}
    if role == "code":
        return "imp_cell_bad_code", {}
    if role == "month":
        key = _month_verdict(value, today, limits) or "imp_cell_bad_month"
        return key, {k: v for k, v in fmt.items() if k in ("today_month", "earliest")}
    if role == "flag":
        return "imp_cell_bad_flag", {}
    if role in ("date", "optional_date"):
        key = _date_verdict(value, today, limits, column, role == "optional_date") or "imp_cell_bad_date"
        return key, {k: v for k, v in fmt.items() if k in ("today", "earliest")}
    if role in ("points", "optional_points"):
        return "imp_cell_bad_points", {}
    if column == "task_id":
        return "imp_cell_id_too_long", {"limit": MAX_TASK_ID}
    if column == "title":
        return "imp_cell_title_too_long", {"limit": limits.max_title, "length": len(value)}
    return "imp_cell_missing_value", {}


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    from pandera.errors import SchemaErrors
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["column", "check", "failure_case", "index"])


def control_issues(raw: pd.DataFrame) -> list[Issue]:
    """A cell holding a control character, wherever it is, named by row, column and position."""
    issues = []
    for col in raw.columns:
        s = raw[col]
        hit = s.str.contains(CONTROL_RE, regex=True)
        for row in raw.index[hit.fillna(False).astype(bool)]:
            value = raw.at[row, col]
            m = _CONTROL.search(value)
            issues.append(issue(int(row), col, value, "imp_cell_control", char=f"U+{ord(m.group()):04X}",
                                position=m.start() + 1))
    return issues


def check_cells(kind: str, raw: pd.DataFrame, header_row: int, today: date,
                limits: ImportLimits | None = None) -> list[Issue]:
    """Stage one: every cell-level problem of a text frame (index = row numbers)."""
    limits = limits or ImportLimits()
    issues = control_issues(raw)
    reported = {(i.row, i.column) for i in issues}
    fails = _failures(cell_schema(kind, today, limits), raw)
    for f in fails.itertuples(index=False):
        check = str(f.check)
        if check == "column_in_dataframe":
            col = str(f.failure_case)
            issues.append(issue(header_row, col, None, "imp_cell_missing_column", column=col,
                                label=spec(kind, col).label_vi))
            continue
        row = None if pd.isna(f.index) else int(f.index)
        col = None if f.column is None or pd.isna(f.column) else str(f.column)
        if (row, col) in reported:
            continue
        value = raw.at[row, col] if row is not None and col in raw.columns else None
        if value is None:
            issues.append(issue(row, col, None, "imp_cell_invalid", check=check))
            continue
        key, values = classify(check, col, value, today, limits)
        issues.append(issue(row, col, value, key, **values))
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
            padded = s.str.fullmatch(r"\d").fillna(False).astype(bool)
            if padded.any():
                rows = list(raw.index[padded])
                example = s[padded].iloc[0]
                for lang, out in (("vi", warn_vi), ("en", warn_en)):
                    out.append(t("imp_warn_padded_codes", lang, example=example, padded=example.zfill(2),
                                 rows=rows_text(rows, lang)))
            lower = (s.str.fullmatch(CODE_RE) & (s != s.str.upper())).fillna(False).astype(bool)
            if lower.any():
                rows = list(raw.index[lower])
                warn_vi.append(t("imp_warn_lower_codes", "vi", rows=rows_text(rows, "vi")))
                warn_en.append(t("imp_warn_lower_codes", "en", rows=rows_text(rows, "en")))
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
        typed["assigned_month"] = _mapped(typed["assigned_on"],
                                          lambda d: month_of(d) if isinstance(d, date) else None)
    return typed, warn_vi, warn_en


def rows_text(rows: list[int], lang: str, shown: int = 10) -> str:
    """`dòng 2, 3, 4` / `rows 2, 3, 4`, cut after `shown` rows with the count of the others."""
    listed = ", ".join(str(r) for r in rows[:shown])
    more = len(rows) - shown
    if more > 0:
        return t("imp_rows_more", lang, rows=listed, more=more)
    return t("imp_rows", lang, rows=listed)


# ---------------------------------------------------------------- stage two: rows (pandera)

@dataclass(frozen=True)
class RowRule:
    """A cross-field rule: the failing rows are reported on `column`, with a message built per row."""
    name: str
    column: str
    test: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[int, dict], Issue]


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


@lru_cache(maxsize=4096)
def agency_hint(code: str, month: str, kind: str | None, lang: str) -> str:
    """Why a code is not valid in a month: unknown, valid only before/after a reorganization, or an
    agency that does not report this kind of file."""
    rows = [r for r in agency_ref.agency_rows() if r["code"] == code]
    if not rows:
        return t("imp_hint_not_listed", lang)
    name_key = "name_en" if lang == "en" else "name_vi"
    if kind and code in agency_ref.codes_valid_in(month) and code not in _valid_codes(month, kind):
        return t("imp_hint_not_reporting", lang, code=code, name=rows[0][name_key])
    by_code = {(r["code"], r["set_id"]): r for r in agency_ref.agency_rows()}
    parts = []
    for r in rows:
        if r["valid_to"] and r["valid_to"] < month:
            text = t("imp_hint_until", lang, code=code, name=r[name_key], until=month_label(r["valid_to"]))
            succ = r["successor_code"]
            if succ:
                new_set = {"63": "34", "M22": "M17"}.get(r["set_id"])
                text += t("imp_hint_successor", lang, successor=succ,
                          successor_name=by_code.get((succ, new_set), {}).get(name_key, ""))
            parts.append(text)
        elif r["valid_from"] > month:
            parts.append(t("imp_hint_from", lang, code=code, name=r[name_key], since=month_label(r["valid_from"])))
    return "; ".join(parts)


def _unknown_agency(month_col: str, kind: str, raw: pd.DataFrame) -> Callable[[int, dict], Issue]:
    def message(row: int, r: dict) -> Issue:
        month = r[month_col]
        vi, en = (t("imp_row_agency_invalid", lang, month=month_label(month),
                    hint=agency_hint(r["agency_code"], month, kind, lang)) for lang in ("vi", "en"))
        return Issue(row, "agency_code", shown_value(raw.at[row, "agency_code"]), vi, en)
    return message


def _part_rule(kind: str, part: str, whole: str, raw: pd.DataFrame) -> RowRule:
    p, w = spec(kind, part), spec(kind, whole)

    def test(df: pd.DataFrame) -> pd.Series:
        return ~(df[part] > df[whole]).fillna(False).astype(bool)

    def message(row: int, r: dict) -> Issue:
        vi, en = (t("imp_row_part_exceeds", lang, part=part, part_label=p.label_en if lang == "en" else p.label_vi,
                    part_value=r[part], whole=whole, whole_label=w.label_en if lang == "en" else w.label_vi,
                    whole_value=r[whole]) for lang in ("vi", "en"))
        return Issue(row, part, shown_value(raw.at[row, part]), vi, en)

    return RowRule(f"{part}<={whole}", part, test, message)


def _day_numbers(dates: pd.Series) -> pd.Series:
    """Dates as day numbers (NaN when missing), converted once per distinct date."""
    return pd.to_numeric(_mapped(dates, lambda d: d.toordinal() if isinstance(d, date) else None),
                         errors="coerce")


def _date_order_rule(column: str, key: str, raw: pd.DataFrame) -> RowRule:
    def test(df: pd.DataFrame) -> pd.Series:
        day, assigned = _day_numbers(df[column]), _day_numbers(df["assigned_on"])
        return ~(day < assigned).fillna(False).astype(bool)  # a missing date is stage one's business

    def message(row: int, r: dict) -> Issue:
        return issue(row, column, raw.at[row, column], key, day=r[column].strftime("%d/%m/%Y"),
                     assigned=r["assigned_on"].strftime("%d/%m/%Y"))

    return RowRule(f"{column}>=assigned_on", column, test, message)


def _points_max_rule(group: str, top: float, raw: pd.DataFrame) -> RowRule:
    g = spec("index766_scores", group)

    def test(df: pd.DataFrame) -> pd.Series:
        return ~(df[group] > top).fillna(False).astype(bool)

    def message(row: int, r: dict) -> Issue:
        vi, en = (t("imp_row_points_above_max", lang, group=group, label=g.label_en if lang == "en" else g.label_vi,
                    points=f"{r[group]:g}", top=f"{top:g}") for lang in ("vi", "en"))
        return Issue(row, group, shown_value(raw.at[row, group]), vi, en)

    return RowRule(f"{group}<={top:g}", group, test, message)


def _total_rule(raw: pd.DataFrame) -> RowRule:
    groups = list(schema.INDEX_GROUP_MAX)

    def test(df: pd.DataFrame) -> pd.Series:
        gap = (df["total"] - df[groups].sum(axis=1, min_count=len(groups))).abs()
        return ~(gap > POINTS_TOLERANCE).fillna(False).astype(bool)

    def message(row: int, r: dict) -> Issue:
        parts = sum(float(r[g]) for g in groups)
        return issue(row, "total", raw.at[row, "total"], "imp_row_total_mismatch", total=f"{r['total']:g}",
                     parts=f"{parts:.2f}")

    return RowRule("total=sum(groups)", "total", test, message)


def row_rules(kind: str, raw: pd.DataFrame) -> list[RowRule]:
    month_col = "assigned_month" if kind == "tasks" else "month"
    rules = [RowRule("agency_known", "agency_code", _agency_known(month_col, kind),
                     _unknown_agency(month_col, kind, raw))]
    rules += [_part_rule(kind, part, whole, raw) for part, whole in PARTS_WITHIN_WHOLE[kind]]
    if kind == "index766_scores":
        rules += [_points_max_rule(group, top, raw) for group, top in schema.INDEX_GROUP_MAX.items()]
        rules.append(_total_rule(raw))
    if kind == "tasks":
        rules.append(_date_order_rule("due_on", "imp_row_due_before", raw))
        rules.append(_date_order_rule("completed_on", "imp_row_completed_before", raw))
    return rules


def row_schema(kind: str, rules: list[RowRule]) -> pa.DataFrameSchema:
    """The pandera schema of typed rows: the cross-field rules (cell rules were stage one's job)."""
    import pandera.pandas as pa
    return pa.DataFrameSchema(checks=[pa.Check(rule.test, name=rule.name) for rule in rules],
                              strict=False, name=f"{kind}_rows")


def duplicate_issues(kind: str, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Issue]:
    """One Issue per key that occurs more than once, at its first row, listing its first rows."""
    keys = list(KEYS[kind])
    keyed = typed[keys].dropna()
    repeated = keyed[keyed.duplicated(keep=False)]
    if repeated.empty:
        return []
    groups: dict[tuple, list] = {}
    for row, *key in repeated.itertuples(name=None):
        entry = groups.setdefault(tuple(key), [0, []])
        entry[0] += 1
        if len(entry[1]) < ROWS_PER_DUPLICATE:
            entry[1].append(row)
    out = []
    for key, (count, first) in groups.items():
        messages = []
        for lang in ("vi", "en"):
            listed = rows_text(first, lang, ROWS_PER_DUPLICATE) if count <= ROWS_PER_DUPLICATE else \
                t("imp_rows_more", lang, rows=", ".join(map(str, first)), more=count - len(first))
            if kind == "tasks":
                messages.append(t("imp_dup_task", lang, task_id=key[0], count=count, rows=listed))
            else:
                messages.append(t("imp_dup_agency_month", lang, code=key[0], month=month_label(key[1]),
                                  count=count, rows=listed))
        out.append(Issue(first[0], keys[0], shown_value(raw.at[first[0], keys[0]]), *messages))
    return out


def check_rows(kind: str, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Issue]:
    """Stage two: cross-field rules and duplicate keys, on the typed frame."""
    issues: list[Issue] = []
    rules = row_rules(kind, raw)
    fails = _failures(row_schema(kind, rules), typed)
    by_name = {r.name: r for r in rules}
    for name, group in fails.groupby("check", sort=False):
        rule = by_name[str(name)]
        rows = sorted({int(i) for i in group["index"].dropna()})
        # Only the first rows of a rule can be among the problems listed (they are listed by row), so
        # the others are counted without building their messages.
        listed = typed.loc[rows[:MAX_PROBLEMS]].to_dict("index")
        issues += [rule.message(row, listed[row]) for row in rows[:MAX_PROBLEMS]]
        issues += [Issue(row, rule.column, None, "", "") for row in rows[MAX_PROBLEMS:]]
    return issues + duplicate_issues(kind, typed, raw)


def validate(kind: str, raw: pd.DataFrame, header_row: int, today: date,
             limits: ImportLimits | None = None) -> Validated:
    """Both stages on a text frame whose columns are contract names and whose index is row numbers."""
    issues = check_cells(kind, raw, header_row, today, limits)
    required = [c.name for c in COLUMNS[kind] if c.name not in OPTIONAL_COLUMNS]
    if any(c not in raw.columns for c in required):
        return Validated(pd.DataFrame(), issues, [], [])
    typed, warn_vi, warn_en = to_typed(kind, raw)
    issues += check_rows(kind, typed, raw)
    order = {c.name: i for i, c in enumerate(COLUMNS[kind])}
    issues.sort(key=lambda i: (i.row if i.row is not None else -1, order.get(i.column, -1)))
    return Validated(typed, issues, warn_vi, warn_en)
