"""Scoped metric queries: counts are summed in SQL per agency (and month); rates come from the sums.

The same SQLAlchemy Core statements run on SQLite and PostgreSQL. A month an agency did not
report is missing, not zero: results carry how many agency-months reported and how many should
have, name the parts that did not report, and tell apart months after the latest data ("not yet
reported") from months an agency skipped ("did not report").
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import Date, Engine, String, and_, case, cast, func, literal, select, union_all

from data import schema
from i18n import t
from metrics import catalog
from metrics.boundary_breaks import Break, breaks, former_units_in
from metrics.catalog import Metric
from metrics.periods import Period, month_end, month_label, task_window
from metrics.scope import (Scope, expected_rows, label as scope_label, merged_agency, name_in_force, pieces,
                           region_notes, rollup_in, stock_sources, target_agencies, views)

R = schema.agency_rollup
MAX_NAMED = 5
"""How many missing parts a note names before it says "and N more"."""


def _task_columns(as_of: date):
    t_ = schema.tasks
    done = and_(t_.c.completed_on.is_not(None), t_.c.completed_on <= as_of)
    open_ = ~done
    one = literal(1)
    zero = literal(0)
    return {
        "done_on_time": case((and_(done, t_.c.completed_on <= t_.c.due_on), one), else_=zero),
        "done_late": case((and_(done, t_.c.completed_on > t_.c.due_on), one), else_=zero),
        "in_progress": case((and_(open_, t_.c.due_on >= as_of), one), else_=zero),
        "overdue": case((and_(open_, t_.c.due_on < as_of), one), else_=zero),
        "due": case((t_.c.due_on < as_of, one), else_=zero),
        "done_due": case((and_(done, t_.c.due_on < as_of), one), else_=zero),
    }


def _source(metric: Metric, as_of: date | None):
    """(table, month column, {column name: SQL expression}) for a metric's inputs."""
    if metric.table == "tasks":
        t_ = schema.tasks
        cols = _task_columns(as_of)
        return t_, t_.c.assigned_month, {c: cols[c] for c in dict.fromkeys(metric.numerator + metric.denominator)}
    t_ = schema.COUNT_TABLES[metric.table]
    cols = {c: t_.c[c] for c in dict.fromkeys(metric.numerator + metric.denominator) if c != "reporting"}
    if "reporting" in metric.denominator:
        cols["reporting"] = literal(1)
    return t_, t_.c.month, cols


def _targets(metric: Metric, period: Period, scope: Scope) -> tuple[list[str], list[str]]:
    vs = views(scope, period, metric.national_row, metric.kinds)
    return vs, [a["code"] for a in target_agencies(scope, period, metric.national_row, metric.kinds)]


def joined(metric: Metric, period: Period, scope: Scope, as_of: date | None):
    """(table, join of its rows to the scope's rollup rows, month column, input expressions, where
    clauses): the one scoped selection every query here (and the task lists) builds on."""
    t_, month_col, cols = _source(metric, as_of)
    vs, targets = _targets(metric, period, scope)
    join = t_.join(R, and_(R.c.source_code == t_.c.agency_code,
                           month_col >= R.c.month_from, month_col <= R.c.month_to,
                           R.c.view.in_(vs)))
    where = [month_col >= period.start, month_col <= period.end, R.c.target_code.in_(targets)]
    if metric.table == "tasks":
        where.append(t_.c.assigned_on <= as_of)
    return t_, join, month_col, cols, where


def _last_reported(metric: Metric, period: Period, scope: Scope, join, month_col, where):
    """Restrict a stock to each source agency's last reported month, within the latest era of its
    target valid in the period: a merged province sums its old parts' last months before the
    merger, and only itself after it (a reused code such as 68 is one source in two eras). A part
    that did not report in that era is missing; an earlier era's figures never stand in for it."""
    vs, targets = _targets(metric, period, scope)
    latest = (select(R.c.target_code.label("t"), func.max(R.c.month_from).label("era"))
              .where(R.c.view.in_(vs), R.c.target_code.in_(targets),
                     R.c.month_from <= period.end, R.c.month_to >= period.start)
              .group_by(R.c.target_code).subquery())
    last = (select(R.c.target_code.label("t"), R.c.source_code.label("s"), R.c.month_from.label("era"),
                   func.max(month_col).label("last_month"))
            .select_from(join).where(*where)
            .group_by(R.c.target_code, R.c.source_code, R.c.month_from).subquery())
    return (join.join(last, and_(last.c.t == R.c.target_code, last.c.s == R.c.source_code,
                                 last.c.era == R.c.month_from, last.c.last_month == month_col))
                .join(latest, and_(latest.c.t == R.c.target_code, latest.c.era == R.c.month_from)))


def _rows(engine: Engine, stmt) -> tuple[list[str], list]:
    """(column names, rows) of a statement; rows are read by position."""
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return list(result.keys()), result.all()


def _frame(engine: Engine, stmt, columns: list[str], counts: list[str]) -> pd.DataFrame:
    """The statement's rows as a frame, its count columns as int64. The frame is built column by
    column from plain tuples (SQLAlchemy rows make pandas probe each row for attributes)."""
    names, rows = _rows(engine, stmt)
    if not rows:
        return _empty(columns, counts)
    wanted = set(counts)
    return pd.DataFrame({n: np.array(v, dtype="int64") if n in wanted else list(v)
                         for n, v in zip(names, zip(*rows))}, columns=names)


def _empty(columns: list[str], counts: list[str]) -> pd.DataFrame:
    """A frame without rows with these columns, the count columns typed int64."""
    df = pd.DataFrame(columns=columns)
    for c in counts:
        df[c] = pd.to_numeric(df[c]).astype("int64")
    return df


def _stock_statement(metric: Metric, period: Period, scope: Scope, as_of: date):
    """A stock's last reported row per source agency: agency (target), source, month, inputs (in
    `_source` order)."""
    _t, join, month_col, cols, where = joined(metric, period, scope, as_of)
    join = _last_reported(metric, period, scope, join, month_col, where)
    return (select(R.c.target_code.label("agency"), R.c.source_code.label("source"), month_col.label("month"),
                   *[func.sum(e).label(n) for n, e in cols.items()])
            .select_from(join).where(*where)
            .group_by(R.c.target_code, R.c.source_code, month_col)
            .order_by(R.c.target_code, R.c.source_code))


def _flow_statement(metric: Metric, period: Period, scope: Scope, as_of: date):
    """A flow summed per source agency and era (a reused code such as 68 is one source before the
    merger and another after it): agency (target), source, era, inputs (in `_source` order), rows
    (months reported)."""
    _t, join, _month, cols, where = joined(metric, period, scope, as_of)
    return (select(R.c.target_code.label("agency"), R.c.source_code.label("source"), R.c.month_from.label("era"),
                   *[func.sum(e).label(n) for n, e in cols.items()], func.count().label("rows"))
            .select_from(join).where(*where).group_by(R.c.target_code, R.c.source_code, R.c.month_from))


def agency_sums(engine: Engine, metric: Metric, period: Period, scope: Scope,
                as_of: date | None = None, by_month: bool = False) -> pd.DataFrame:
    """Summed input counts per target agency (and month): columns agency, [month], inputs, rows.

    For a stock over a period, `rows` is the number of source agencies whose last month was summed.
    """
    as_of = as_of or period.end_date
    if metric.time_agg == "last" and not by_month:
        cols = list(_source(metric, as_of)[2])
        _names, rows = _rows(engine, _stock_statement(metric, period, scope, as_of))
        if not rows:
            return _empty(["agency", *cols, "rows"], [*cols, "rows"])
        totals: dict[str, list[int]] = {}
        for r in rows:  # each source's last month, summed per target agency
            acc = totals.setdefault(r[0], [0] * (len(cols) + 1))
            for j in range(len(cols)):
                acc[j] += int(r[3 + j])
            acc[-1] += 1
        agencies = sorted(totals)
        return pd.DataFrame({"agency": agencies,
                             **{c: np.array([totals[a][j] for a in agencies], dtype="int64")
                                for j, c in enumerate([*cols, "rows"])}})
    _t, join, month_col, cols, where = joined(metric, period, scope, as_of)
    keys = [R.c.target_code.label("agency")]
    if by_month:
        keys.append(month_col.label("month"))
    stmt = (select(*keys, *[func.sum(e).label(n) for n, e in cols.items()],
                   func.count().label("rows"))
            .select_from(join).where(*where).group_by(*keys).order_by(*keys))
    return _frame(engine, stmt, [k.name for k in keys] + list(cols) + ["rows"], list(cols) + ["rows"])


def _monthly_statement(metric: Metric, period: Period, scope: Scope, as_of: date | None):
    """Summed input counts per month over the whole scope: month, inputs, rows."""
    as_of = as_of or period.end_date
    _t, join, month_col, cols, where = joined(metric, period, scope, as_of)
    return (select(month_col.label("month"), *[func.sum(e).label(n) for n, e in cols.items()],
                   func.count().label("rows"))
            .select_from(join).where(*where).group_by(month_col).order_by(month_col))


def data_through(engine: Engine, metric: Metric) -> str | None:
    """The latest month with any row in the metric's table (None when the table is empty): a later
    month is "not yet reported", an earlier one an agency skipped "did not report"."""
    col = schema.tasks.c.assigned_month if metric.table == "tasks" else schema.COUNT_TABLES[metric.table].c.month
    with engine.connect() as conn:
        return conn.execute(select(func.max(col))).scalar()


def compute_value(metric: Metric, sums) -> tuple[float | None, int, int | None]:
    """(value, numerator, denominator) from summed counts; no value when the denominator is 0."""
    num = int(sum(int(sums[c]) for c in metric.numerator))
    den = int(sum(int(sums[c]) for c in metric.denominator)) if metric.denominator else None
    if metric.kind == "simple":
        return float(num), num, den
    if not den:
        return None, num, den
    return 100.0 * num / den, num, den


def with_values(metric: Metric, sums: pd.DataFrame) -> pd.DataFrame:
    """Add value, numerator and denominator columns to a frame of summed counts."""
    num, den, value = _values(metric, {c: sums[c].to_numpy() for c in {*metric.numerator, *metric.denominator}},
                              len(sums))
    return sums.assign(numerator=num, denominator=pd.NA if den is None else den, value=value)


def _values(metric: Metric, counts: dict[str, np.ndarray], n: int):
    """(numerator, denominator or None, value) arrays from count arrays of n rows: int64, int64,
    float (NaN where the denominator is not positive)."""
    num = _summed(counts, metric.numerator, n)
    den = _summed(counts, metric.denominator, n) if metric.denominator else None
    if metric.kind == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan)
    else:
        value = num.astype(float)
    return num, den, value


def _with_value_arrays(metric: Metric, counts: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """The count arrays of n rows followed by numerator, denominator (NA for a metric without one) and
    value arrays (`_values`), as the columns of a frame of values."""
    num, den, value = _values(metric, counts, n)
    return {**counts, "numerator": num, "denominator": np.full(n, pd.NA, dtype=object) if den is None else den,
            "value": value}


def _summed(counts: dict[str, np.ndarray], columns, n: int) -> np.ndarray:
    """The row-wise sum of count columns, as int64."""
    total = np.zeros(n, dtype="int64")
    for c in columns:
        total = total + counts[c].astype("int64")
    return total


STATUSES = ("reported", "reported_so_far", "incomplete", "no_data", "not_yet_reported", "merged")


@dataclass
class MetricResult:
    """One number with everything needed to read it honestly.

    `numerator`/`denominator` are None when nothing reported (missing is never 0). `status`:
    reported (every expected row), reported_so_far (every row up to the latest data; later months
    not yet reported), incomplete (some rows missing, value from the rest), no_data (nothing
    reported), not_yet_reported (every month is after the latest data), merged (the agency no
    longer exists in the period; `merged_into` names its successor). Months after
    `data_through` count in `rows_not_yet_reported`, not in `missing`. `breaks` lists the boundary
    breaks inside the period; `former_units` names the units a stock before the break sums.
    """
    metric: str
    value: float | None
    numerator: int | None
    denominator: int | None
    unit: str
    period: Period
    scope: Scope
    scope_label: str
    rows_reported: int
    rows_expected: int
    notes: list[str] = field(default_factory=list)
    rows_not_yet_reported: int = 0
    data_through: str | None = None
    missing_parts: list[str] = field(default_factory=list)
    merged_into: dict | None = None
    breaks: list[Break] = field(default_factory=list)
    former_units: list[str] = field(default_factory=list)
    region_notes: list[str] = field(default_factory=list)
    missing_note: str | None = None

    @property
    def card_notes(self) -> list[str]:
        """The notes about this number itself (a page shows the region notes once, not per card)."""
        return [n for n in self.notes if n not in self.region_notes]

    @property
    def detail_notes(self) -> list[str]:
        """The card notes besides the count of missing rows: who did not report, months not yet
        reported, the unit merged into, a stock summing former units, a zero denominator."""
        return [n for n in self.card_notes if n != self.missing_note]

    @property
    def missing(self) -> int:
        return max(self.rows_expected - self.rows_reported - self.rows_not_yet_reported, 0)

    @property
    def status(self) -> str:
        if self.rows_reported == 0:
            if self.merged_into is not None:
                return "merged"
            if self.rows_not_yet_reported and not self.missing:
                return "not_yet_reported"
            return "no_data"
        if self.missing:
            return "incomplete"
        return "reported_so_far" if self.rows_not_yet_reported else "reported"

    def as_json(self) -> dict:
        return {"metric": self.metric, "value": self.value, "numerator": self.numerator,
                "denominator": self.denominator, "unit": self.unit, "from": self.period.start,
                "to": self.period.end, "scope": self.scope_label, "status": self.status,
                "rows_reported": self.rows_reported, "rows_expected": self.rows_expected,
                "rows_not_yet_reported": self.rows_not_yet_reported, "data_through": self.data_through,
                "missing_parts": self.missing_parts, "merged_into": self.merged_into,
                "breaks": [b.month for b in self.breaks], "former_units": self.former_units,
                "notes": self.notes}


def _names(items: list[str], lang: str) -> str:
    if len(items) <= MAX_NAMED:
        return ", ".join(items)
    return ", ".join(items[:MAX_NAMED]) + ", " + t("mn_more", lang, n=len(items) - MAX_NAMED)


def _months_after(period: Period, through: str | None) -> list[str]:
    return [m for m in period.months if through is None or m > through]


def metric_value(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None,
                 as_of: date | None = None, lang: str = "vi") -> MetricResult:
    """One metric over a period and scope, computed from summed counts."""
    metric = catalog.get(metric_id)
    scope = scope or Scope.national()
    through = data_through(engine, metric)
    later = _months_after(period, through)
    kw = dict(national_row=metric.national_row, kinds=metric.kinds)
    parts = pieces(scope, period)
    stock = metric.time_agg == "last"
    if stock:  # a stock is the state at the period's end
        parts = parts[-1:]
    totals: dict[str, int] = {}
    reported = expected = not_yet = 0
    missing_parts: list[str] = []
    former: list[str] = []
    for piece_period, piece_scope in parts:
        if stock:
            names, rows = _rows(engine, _stock_statement(metric, piece_period, piece_scope,
                                                         as_of or piece_period.end_date))
            sources = stock_sources(piece_scope, piece_period, **kw)
            got = {(r[0], r[1]) for r in rows}
            n_expected = sum(len(v) for v in sources.values())
            expected += n_expected
            reported += len(rows)
            if not rows and len(later) == piece_period.length:
                not_yet += n_expected
            else:
                missing_parts += [name_in_force(s, piece_period.end, lang) for tgt, ss in sources.items()
                                  for s in ss if (tgt, s) not in got]
            former += former_units_in(sources, piece_period.end, lang)
        else:
            names, rows = _rows(engine, _flow_statement(metric, piece_period, piece_scope,
                                                        as_of or piece_period.end_date))
            n = sum(int(r[-1]) for r in rows)
            reported += n
            if metric.table == "tasks":  # a task is a record, not a monthly report: none is missing
                expected += n
            else:
                expected += expected_rows(piece_scope, piece_period, **kw)
                piece_later = [m for m in later if piece_period.start <= m <= piece_period.end]
                not_yet += expected_rows(piece_scope, piece_period, months=piece_later, **kw)
                missing_parts += _missing_flow_parts({(r[0], r[1], r[2]): int(r[-1]) for r in rows},
                                                     piece_scope, piece_period, through, lang, **kw)
        for j, c in enumerate(names):
            if c not in ("agency", "source", "era", "month", "rows"):
                totals[c] = totals.get(c, 0) + sum(int(r[j]) for r in rows)
    merged = merged_agency(scope, period)
    notes: list[str] = []
    if reported:
        value, num, den = compute_value(metric, totals)
    else:
        value, num, den = None, None, None
    result = MetricResult(metric.id, value, num, den, metric.unit(lang), period, scope,
                          scope_label(scope, period, lang), reported, expected, notes,
                          rows_not_yet_reported=not_yet, data_through=through,
                          missing_parts=missing_parts if (reported or not merged) else [],
                          merged_into=None if merged is None else
                          {"code": merged["successor"], "name": merged["successor_en" if lang == "en" else "successor_vi"],
                           "month": merged["month"]},
                          breaks=breaks(scope, period, metric.kinds, metric.national_row), former_units=former)
    if result.missing:
        key = "mn_missing_agencies" if stock else "mn_missing_rows"
        result.missing_note = t(key, lang, missing=result.missing, expected=expected)
        notes.append(result.missing_note)
        if result.missing_parts:
            notes.append(t("mn_missing_parts", lang, names=_names(result.missing_parts, lang)))
    if later:
        through_label = month_label(through) if through else "–"
        if reported or not_yet < expected or len(later) < period.length:
            notes.append(t("mn_not_yet_reported", lang, months=", ".join(month_label(m) for m in later[:3])
                           + ("…" if len(later) > 3 else ""), through=through_label))
        else:
            notes.append(t("mn_not_yet_reported_all", lang, through=through_label))
        if stock and reported:
            notes.append(t("mn_stock_as_of", lang, month=month_label(max(m for m in period.months if m <= through))))
    if merged is not None:
        notes.append(t("mn_merged_into", lang, name=merged["name_en" if lang == "en" else "name_vi"],
                       successor=merged["successor_en" if lang == "en" else "successor_vi"],
                       month=month_label(merged["month"])))
    if former:
        notes.append(t("mn_former_units", lang, names=_names(former, lang)))
    if reported and value is None and den == 0:
        notes.append(t("mn_zero_denominator", lang))
    if not reported and not later and merged is None:
        notes.append(t("mn_no_data", lang))
    result.region_notes.extend(region_notes(scope, period, lang))
    notes.extend(result.region_notes)
    return result


def _missing_flow_parts(got: dict[tuple[str, str, str], int], scope: Scope, period: Period, through: str | None,
                        lang: str, national_row: bool, kinds) -> list[str]:
    """Source agencies of a flow that skipped a month up to the latest data, with the count, named
    as they were in the months they skipped (Yên Bái before the merger, not Lào Cai). `got`: months
    reported per (agency, source, era), as `_flow_statement` counts them."""
    period_months = [m for m in period.months if through is None or m <= through]
    out = []
    for r in sorted(rollup_in(scope, period, national_row, kinds),
                    key=lambda r: (r["target_code"], r["source_code"], r["month_from"])):
        months = [m for m in period_months if r["month_from"] <= m <= r["month_to"]]
        skipped = len(months) - got.get((r["target_code"], r["source_code"], r["month_from"]), 0)
        if skipped > 0:
            name = name_in_force(r["source_code"], months[-1], lang)
            out.append(name if period.length == 1 else f"{name} ×{skipped}")
    return out


def metric_trend(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None,
                 as_of: date | None = None) -> pd.DataFrame:
    """Monthly values over the period for a scope: month, value, numerator, denominator, rows,
    rows_expected, not_yet_reported, before_break, former_units.

    Stocks are each month's value; flows each month's sum. For tasks, a month is the cohort of
    tasks assigned in it, with status as of `as_of` (default: the end of the period). A month with
    no data has NaN values (never 0); `not_yet_reported` marks months after the latest data;
    `before_break` months before a boundary break inside the period; `former_units` months whose
    stock sums units merged later (not comparable with the months after the break).
    """
    metric = catalog.get(metric_id)
    scope = scope or Scope.national()
    kw = dict(national_row=metric.national_row, kinds=metric.kinds)
    found: dict[str, tuple] = {}
    expected: dict[str, int] = {}
    for piece_period, piece_scope in pieces(scope, period):  # the pieces split the period's months
        names, rows = _rows(engine, _monthly_statement(metric, piece_period, piece_scope, as_of))
        found.update((r[0], r) for r in rows)
        if metric.table != "tasks":
            rows = rollup_in(piece_scope, piece_period, **kw)
            for m in piece_period.months:
                expected[m] = sum(1 for r in rows if r["month_from"] <= m <= r["month_to"])
    months = period.months
    counts = {c: np.array([int(r[j]) for r in found.values()], dtype="int64") for j, c in enumerate(names) if j}
    out = _by_months(metric, months, list(found), counts)
    out["rows_expected"] = [expected.get(m, pd.NA) for m in months]
    through = data_through(engine, metric)
    out["not_yet_reported"] = [through is None or m > through for m in months]
    brk = breaks(scope, period, metric.kinds, metric.national_row)
    out["before_break"] = [any(m < b.month for b in brk) for m in months]
    out["former_units"] = False
    if metric.time_agg == "last" and brk:
        out["former_units"] = [bool(before and _sums_former_units(scope, period, m, kw))
                               for m, before in zip(months, out["before_break"])]
    return pd.DataFrame(out)


def _by_months(metric: Metric, months: list[str], present: list[str], counts: dict[str, np.ndarray]) -> dict:
    """{column: array} of a trend over `months`: month, the counts of the `present` months (one per
    row of `counts`, in any order; NaN in the others, as a left join leaves them), numerator,
    denominator, value."""
    counts = _with_value_arrays(metric, counts, len(present))
    at_month = {m: i for i, m in enumerate(present)}
    at = np.array([at_month.get(m, -1) for m in months], dtype=np.intp)
    absent = at < 0
    return {"month": list(months), **{c: _taken(v, at, absent) for c, v in counts.items()}}


def task_window_trend(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None) -> pd.DataFrame:
    """A task metric month by month as the task cards judge it: for each month, the tasks assigned in
    its 12-month window (`metrics.periods.task_window`), with their status as of that month's last
    day. Columns: month, inputs, rows, numerator, denominator, value (NaN where no task).

    Monthly cohorts judged at the period's end (`metric_trend`) make recent months look unfinished;
    this is the series to draw and to project. One grouped query fetches the scope's tasks of the
    whole span (`window_tasks`, one row per distinct set of dates); each month's window is then
    counted from those rows (`window_counts`), the same rules as `_task_columns`.
    """
    if catalog.get(metric_id).table != "tasks":
        raise ValueError(f"{metric_id} is not a task metric")
    scope = scope or Scope.national()
    return task_trend_of_counts(metric_id, period, window_counts(window_tasks(engine, period, scope), period.months))


def task_trend_of_counts(metric_id: str, period: Period, counts: pd.DataFrame) -> pd.DataFrame:
    """`task_window_trend` from the period's `window_counts` (the same for every task metric of a
    scope and period, so they can be counted once and shared; not modified here)."""
    metric = catalog.get(metric_id)
    if metric.table != "tasks":
        raise ValueError(f"{metric_id} is not a task metric")
    inputs = [c for c in TASK_COUNTS if c in metric.numerator + metric.denominator]
    held = counts["rows"].to_numpy() > 0
    return pd.DataFrame(_by_months(metric, period.months, [m for m, h in zip(period.months, held) if h],
                                   {c: counts[c].to_numpy()[held] for c in [*inputs, "rows"]}))


TASK_COUNTS = ("done_on_time", "done_late", "in_progress", "overdue", "due", "done_due")
"""The task counts `_task_columns` defines, in its order."""


def window_tasks(engine: Engine, period: Period, scope: Scope) -> pd.DataFrame:
    """The scope's tasks assigned in the 12-month windows of the period's months, grouped by their
    dates: assigned_month, assigned_on, due_on, completed_on (NaT while open), tasks (how many).
    SQLite's dates are read as the ISO text they are stored as and parsed by numpy at once (much
    cheaper than row by row); PostgreSQL's driver returns them as dates."""
    metric = catalog.get("tasks_assigned")
    span = Period(task_window(Period.month(period.start)).start, period.end)
    columns = ["assigned_month", "assigned_on", "due_on", "completed_on", "tasks"]
    parts: list[list] = [[] for _ in columns]
    for piece_period, piece_scope in pieces(scope, span):
        t_, join, month_col, _cols, where = joined(metric, piece_period, piece_scope, piece_period.end_date)
        keys = [month_col, t_.c.assigned_on, t_.c.due_on, t_.c.completed_on]
        dates = [cast(k, String) for k in keys[1:]] if engine.dialect.name == "sqlite" else keys[1:]
        stmt = (select(month_col, *dates, func.count())
                .select_from(join).where(*where).group_by(*keys))
        with engine.connect() as conn:
            for part, values in zip(parts, zip(*conn.execute(stmt).all())):
                part.extend(values)
    return pd.DataFrame({"assigned_month": np.array(parts[0], dtype=object),
                         **{c: np.array(v, dtype="datetime64[D]") for c, v in zip(columns[1:4], parts[1:4])},
                         "tasks": np.array(parts[4], dtype="int64")}, columns=columns)


def task_span(engine: Engine) -> Period | None:
    """The months tasks were assigned in, first to last (None when there is no task)."""
    with engine.connect() as conn:
        first, last = conn.execute(select(func.min(schema.tasks.c.assigned_month),
                                          func.max(schema.tasks.c.assigned_month))).one()
    return None if first is None else Period.between(first, last)


def shares_task_span(scope: Scope) -> bool:
    """Whether the scope's `window_tasks` for any period are those of its whole span (`task_span`)
    restricted to the period's windows, which `window_counts` does by itself: a nationwide or kind
    total counts every agency of the kind whichever province set the period is read in. A region's
    provinces and an agency's own units depend on the period (the 63-set region before the merger,
    the 34-set one after), so theirs are read per period."""
    return scope.level in ("national", "kind")


def window_counts(tasks: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """For each month, the tasks of `window_tasks` assigned in its 12-month window up to its last day
    (`rows`), and their status counts as of that day (`TASK_COUNTS`, as `_task_columns` defines them)."""
    n = tasks["tasks"].to_numpy("int64")
    assigned = tasks["assigned_month"].to_numpy(str)
    assigned_on, due, done_on = (tasks[c].to_numpy("datetime64[D]") for c in ("assigned_on", "due_on", "completed_on"))
    finished = ~np.isnat(done_on)
    on_time = finished & (done_on <= due)
    late = finished & (done_on > due)
    rows = []
    for m in months:
        as_of = np.datetime64(month_end(m), "D")
        inside = (assigned >= task_window(Period.month(m)).start) & (assigned <= m) & (assigned_on <= as_of)
        done = finished & (done_on <= as_of)
        past_due = due < as_of
        flags = {"done_on_time": on_time & done, "done_late": late & done, "in_progress": ~done & ~past_due,
                 "overdue": ~done & past_due, "due": past_due, "done_due": done & past_due}
        rows.append({"month": m, **{c: int(n[inside & flags[c]].sum()) for c in TASK_COUNTS},
                     "rows": int(n[inside].sum())})
    out = pd.DataFrame(rows, columns=["month", *TASK_COUNTS, "rows"])
    out[[*TASK_COUNTS, "rows"]] = out[[*TASK_COUNTS, "rows"]].astype("int64")
    return out


def kpi_trend(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None) -> pd.DataFrame:
    """Monthly values as the charts draw them and targets project them: task metrics over each
    month's 12-month window as of its end (`task_window_trend`), every other metric month by month
    (`metric_trend`)."""
    if catalog.get(metric_id).table == "tasks":
        return task_window_trend(engine, metric_id, period, scope)
    return metric_trend(engine, metric_id, period, scope)


def _sums_former_units(scope: Scope, period: Period, month: str, kw: dict) -> bool:
    piece_scope = next(s for p, s in pieces(scope, period) if p.start <= month <= p.end)
    one = Period.month(month)
    return bool(former_units_in(stock_sources(piece_scope, one, **kw), month, "vi"))


def agency_values(engine: Engine, metric_id: str, period: Period, scope: Scope,
                  as_of: date | None = None) -> pd.DataFrame:
    """Per-agency values for every agency in the scope (NaN where it did not report).

    Besides the reference columns and the summed counts: rows_expected (agency-months, or for a
    stock the parts that should report), former_units (a stock summing units merged later) and
    merged_into (the successor of an agency that no longer exists at the period's end).
    """
    metric = catalog.get(metric_id)
    return values_of_sums(metric, agency_sums(engine, metric, period, scope, as_of), period, scope)


def values_of_sums(metric: Metric, sums: pd.DataFrame, period: Period, scope: Scope) -> pd.DataFrame:
    """`agency_values` from the period's summed counts per agency (`agency_sums`, or one month of
    `monthly_agency_sums` without its month column)."""
    agencies = sums["agency"].tolist()
    if len(set(agencies)) != len(agencies) or not all(sums[c].dtype.kind in "iufb" for c in sums.columns
                                                       if c != "agency"):
        frame, expected, former, merged = _reference(scope, period, metric.kinds, metric.time_agg == "last")
        out = frame.merge(with_values(metric, sums), on="agency", how="left")  # as a join does
        out["rows_expected"] = list(expected)
        out["former_units"] = list(former) if former is not None else False
        out["merged_into"] = list(merged)
        return out
    return values_of_counts(metric, agencies, {c: sums[c].to_numpy() for c in sums.columns if c != "agency"},
                            period, scope)


def values_of_counts(metric: Metric, agencies: list[str], counts: dict[str, np.ndarray], period: Period,
                     scope: Scope) -> pd.DataFrame:
    """`values_of_sums` from the sums as plain arrays: one agency code per row (each once) and
    {column: numeric array} of the other columns in their order."""
    columns, codes, tail = _reference_columns(scope, period, metric.kinds, metric.time_agg == "last")
    found = {a: i for i, a in enumerate(agencies)}
    counts = _with_value_arrays(metric, counts, len(agencies))
    at = np.array([found.get(a, -1) for a in codes], dtype=np.intp)
    absent = at < 0
    return pd.DataFrame({**columns, **{c: _taken(v, at, absent) for c, v in counts.items()}, **tail})


def _taken(column: np.ndarray, at: np.ndarray, absent: np.ndarray) -> np.ndarray:
    """column[at], missing (NaN) where `absent`: integers become floats then, as in a left join."""
    if not absent.any():
        return column[at]
    out = np.full(len(at), np.nan, dtype=float if column.dtype.kind in "iuf" else object)
    out[~absent] = column[at[~absent]]
    return out


@lru_cache(maxsize=1024)
def _reference_columns(scope: Scope, period: Period, kinds: tuple[str, ...], stock: bool):
    """`_reference` as arrays, copied into each new frame: {column: array} of the agencies' frame,
    their codes, and {column: array} of rows_expected, former_units and merged_into."""
    frame, expected, former, merged = _reference(scope, period, kinds, stock)
    arrays, codes = _agency_arrays(_agencies_key(scope, period, kinds))
    return arrays, codes, _tail_arrays(expected, former if former is not None else (False,) * len(frame), merged)


@lru_cache(maxsize=256)
def _agency_arrays(rows: tuple[tuple, ...]) -> tuple[dict, tuple[str, ...]]:
    """{column: array} of `_agencies_frame` and its agency codes."""
    frame = _agencies_frame(rows)
    return {c: frame[c].array for c in frame.columns}, tuple(frame["agency"].tolist())


@lru_cache(maxsize=256)
def _tail_arrays(expected: tuple, former: tuple, merged: tuple) -> dict:
    """{column: array} of rows_expected, former_units and merged_into, typed as columns set from lists."""
    tail = pd.DataFrame({"rows_expected": list(expected), "former_units": list(former), "merged_into": list(merged)})
    return {c: tail[c].array for c in tail.columns}


REFERENCE_KEYS = ("code", "name_vi", "name_en", "kind", "region", "lat", "lon")
"""The reference fields of an agency that per-agency values carry (`code` as `agency`)."""


def _agencies_key(scope: Scope, period: Period, kinds: tuple[str, ...]) -> tuple[tuple, ...]:
    """The `REFERENCE_KEYS` values of the scope's agencies in the period, as a hashable key."""
    return tuple(tuple(r[k] for k in REFERENCE_KEYS) for r in target_agencies(scope, period, kinds=kinds))


@lru_cache(maxsize=256)
def _agencies_frame(rows: tuple[tuple, ...]) -> pd.DataFrame:
    """The agencies' reference frame from their `REFERENCE_KEYS` values: made once per set of
    agencies (most months of a scope share one), shared by every period listing them."""
    frame = pd.DataFrame([dict(zip(REFERENCE_KEYS, r)) for r in rows])[list(REFERENCE_KEYS)]
    return frame.rename(columns={"code": "agency"})


@lru_cache(maxsize=1024)
def _reference(scope: Scope, period: Period, kinds: tuple[str, ...], stock: bool):
    """The reference part of `agency_values` (from the static reference data, so kept): the agencies'
    frame and, in its row order, rows_expected, former_units (None for a flow: all False) and
    merged_into. The frame is shared: `values_of_sums` only merges it into a new one."""
    ref_rows = target_agencies(scope, period, kinds=kinds)
    frame = _agencies_frame(_agencies_key(scope, period, kinds))
    codes = list(frame["agency"])
    kw = dict(national_row=False, kinds=kinds)
    rollup = rollup_in(scope, period, **kw)
    if stock:
        sources = stock_sources(scope, period, **kw)
        expected = tuple(len(sources.get(a, [])) for a in codes)
        former = tuple(len(sources.get(a, [])) > 1 for a in codes)
    else:
        due: dict[str, int] = {}
        months = period.months
        for r in rollup:
            due[r["target_code"]] = due.get(r["target_code"], 0) + sum(
                1 for m in months if r["month_from"] <= m <= r["month_to"])
        expected, former = tuple(due.get(a, 0) for a in codes), None
    alive = {r["target_code"] for r in rollup if r["month_from"] <= period.end <= r["month_to"]}
    successor = {r["code"]: r["successor_code"] for r in ref_rows}
    return frame, expected, former, tuple(None if a in alive else successor.get(a) for a in codes)


def monthly_agency_sums(engine: Engine, metric: Metric, months: list[str], scope: Scope) -> pd.DataFrame:
    """`agency_sums` for each of several months in one grouped query: columns agency, month, inputs,
    rows. A month stands for the period its rankings cover: the month itself, or for task metrics
    its 12-month task window with status as of the month's last day (`metrics.periods.task_window`).

    The scope's views must be the same in every month (an explicit boundary and ministry set; the
    caller splits months at a change of set). A stock keeps, per month, each source's row of that
    month within the latest era of its target valid then (as `agency_sums` does for one month).
    """
    months = sorted(months)
    first, last = Period.month(months[0]), Period.month(months[-1])
    if metric.table == "tasks":
        windows = union_all(*[select(literal(m, String).label("month"),
                                     literal(task_window(Period.month(m)).start, String).label("start"),
                                     literal(month_end(m), Date).label("as_of"))
                              for m in months]).subquery("windows")
        task_cols = _task_columns(windows.c.as_of)
        cols = {c: task_cols[c] for c in dict.fromkeys(metric.numerator + metric.denominator)}
        span = Period(task_window(first).start, last.end)
        t_, join, month_col, _cols, where = joined(metric, span, scope, span.end_date)
        join = join.join(windows, and_(month_col >= windows.c.start, month_col <= windows.c.month,
                                       t_.c.assigned_on <= windows.c.as_of))
        return _per_agency_month(engine, join, where, windows.c.month, cols)
    span = Period(first.start, last.end)
    _t, join, month_col, cols, where = joined(metric, span, scope, None)
    if metric.time_agg != "last":
        return _per_agency_month(engine, join, where, month_col, cols)
    keys = [R.c.target_code.label("agency"), R.c.source_code.label("source"), R.c.month_from.label("era"),
            month_col.label("month")]
    stmt = (select(*keys, *[func.sum(e).label(n) for n, e in cols.items()])
            .select_from(join).where(*where).group_by(*keys))
    parts = _frame(engine, stmt, ["agency", "source", "era", "month", *cols], list(cols))
    rollup = rollup_in(scope, span, national_row=metric.national_row, kinds=metric.kinds)
    latest = {(m, a): e for m in months for a, e in _latest_eras(rollup, m).items()}
    keep = [latest.get((m, a)) == e for m, a, e in zip(parts["month"], parts["agency"], parts["era"])]
    parts = parts[keep].assign(rows=1)
    if not len(parts):
        return _empty(["agency", "month", *cols, "rows"], [*cols, "rows"])
    out = parts.groupby(["agency", "month"], as_index=False)[[*cols, "rows"]].sum()
    for c in [*cols, "rows"]:
        out[c] = pd.to_numeric(out[c]).astype("int64")
    return out.sort_values(["agency", "month"]).reset_index(drop=True)


def _per_agency_month(engine: Engine, join, where, month, cols: dict) -> pd.DataFrame:
    """The inputs `cols` summed per target agency and month (`month`: the column giving a row's
    month) over the joined rows: agency, month, inputs, rows."""
    keys = [R.c.target_code.label("agency"), month.label("month")]
    stmt = (select(*keys, *[func.sum(e).label(n) for n, e in cols.items()], func.count().label("rows"))
            .select_from(join).where(*where).group_by(*keys).order_by(*keys))
    return _frame(engine, stmt, ["agency", "month", *cols, "rows"], [*cols, "rows"])


def monthly_agency_sums_of(engine: Engine, wanted: dict[str, list[str]], scope: Scope) -> dict[str, pd.DataFrame]:
    """`monthly_agency_sums` of several metrics (metric id → months) in as few grouped queries as
    their rows allow: metrics read from the same rows (table, time aggregation, national row and
    agency kinds alike, e.g. two dossier rates) share one query summing all their inputs over the
    union of their months, so a metric's frame may also hold months another metric asked for."""
    groups: dict[tuple, list[Metric]] = {}
    for metric_id in wanted:
        m = catalog.get(metric_id)
        groups.setdefault((m.table, m.time_agg, m.national_row, m.kinds), []).append(m)
    out: dict[str, pd.DataFrame] = {}
    for metrics in groups.values():
        months = sorted(set().union(*(wanted[m.id] for m in metrics)))
        if len(metrics) == 1:
            out[metrics[0].id] = monthly_agency_sums(engine, metrics[0], months, scope)
            continue
        inputs = tuple(dict.fromkeys(c for m in metrics for c in m.numerator + m.denominator))
        both = monthly_agency_sums(engine, replace(metrics[0], numerator=(), denominator=inputs), months, scope)
        for m in metrics:
            own = dict.fromkeys(m.numerator + m.denominator) if m.table == "tasks" else _source(m, None)[2]
            out[m.id] = both[["agency", "month", *own, "rows"]]
    return {metric_id: out[metric_id] for metric_id in wanted}


def _latest_eras(rollup: list[dict], month: str) -> dict[str, str]:
    """Target → the latest era (first month of its rollup rows) valid in the month."""
    eras: dict[str, str] = {}
    for r in rollup:
        if r["month_from"] <= month <= r["month_to"]:
            eras[r["target_code"]] = max(eras.get(r["target_code"], r["month_from"]), r["month_from"])
    return eras
