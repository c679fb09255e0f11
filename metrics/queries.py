"""Scoped metric queries: counts are summed in SQL per agency (and month); rates come from the sums.

The same SQLAlchemy Core statements run on SQLite and PostgreSQL. A month an agency did not
report is missing, not zero: results carry how many agency-months reported and how many should have.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, select

from data import schema
from metrics import catalog
from metrics.catalog import Metric
from metrics.periods import Period
from metrics.scope import Scope, expected_rows, label as scope_label, target_agencies, views

R = schema.agency_rollup


def _task_columns(as_of: date):
    t = schema.tasks
    done = and_(t.c.completed_on.is_not(None), t.c.completed_on <= as_of)
    open_ = ~done
    one = literal(1)
    zero = literal(0)
    return {
        "done_on_time": case((and_(done, t.c.completed_on <= t.c.due_on), one), else_=zero),
        "done_late": case((and_(done, t.c.completed_on > t.c.due_on), one), else_=zero),
        "in_progress": case((and_(open_, t.c.due_on >= as_of), one), else_=zero),
        "overdue": case((and_(open_, t.c.due_on < as_of), one), else_=zero),
        "due": case((t.c.due_on < as_of, one), else_=zero),
        "done_due": case((and_(done, t.c.due_on < as_of), one), else_=zero),
    }


def _source(metric: Metric, as_of: date | None):
    """(table, month column, {column name: SQL expression}) for a metric's inputs."""
    if metric.table == "tasks":
        t = schema.tasks
        cols = _task_columns(as_of)
        return t, t.c.assigned_month, {c: cols[c] for c in dict.fromkeys(metric.numerator + metric.denominator)}
    t = schema.COUNT_TABLES[metric.table]
    cols = {c: t.c[c] for c in dict.fromkeys(metric.numerator + metric.denominator) if c != "reporting"}
    if "reporting" in metric.denominator:
        cols["reporting"] = literal(1)
    return t, t.c.month, cols


def _joined(metric: Metric, period: Period, scope: Scope, as_of: date | None):
    t, month_col, cols = _source(metric, as_of)
    vs = views(scope, period, metric.national_row, metric.kinds)
    targets = [a["code"] for a in target_agencies(scope, period, metric.national_row, metric.kinds)]
    join = t.join(R, and_(R.c.source_code == t.c.agency_code,
                          month_col >= R.c.month_from, month_col <= R.c.month_to,
                          R.c.view.in_(vs)))
    where = [month_col >= period.start, month_col <= period.end, R.c.target_code.in_(targets)]
    if metric.table == "tasks":
        where.append(t.c.assigned_on <= as_of)
    return t, join, month_col, cols, where


def _last_reported(join, month_col, where):
    """Restrict a stock to each source agency's last reported month, within the latest era of its
    target: a merged province sums its old parts' last months before the merger, and only itself
    after it (a reused code such as 68 is one source in two eras)."""
    last = (select(R.c.target_code.label("t"), R.c.source_code.label("s"), R.c.month_from.label("era"),
                   func.max(month_col).label("last_month"))
            .select_from(join).where(*where)
            .group_by(R.c.target_code, R.c.source_code, R.c.month_from).subquery())
    latest = (select(R.c.target_code.label("t"), func.max(R.c.month_from).label("era"))
              .select_from(join).where(*where).group_by(R.c.target_code).subquery())
    return (join.join(last, and_(last.c.t == R.c.target_code, last.c.s == R.c.source_code,
                                 last.c.era == R.c.month_from, last.c.last_month == month_col))
                .join(latest, and_(latest.c.t == R.c.target_code, latest.c.era == R.c.month_from)))


def agency_sums(engine: Engine, metric: Metric, period: Period, scope: Scope,
                as_of: date | None = None, by_month: bool = False) -> pd.DataFrame:
    """Summed input counts per target agency (and month): columns agency, [month], inputs, rows."""
    as_of = as_of or period.end_date
    t, join, month_col, cols, where = _joined(metric, period, scope, as_of)
    keys = [R.c.target_code.label("agency")]
    if by_month:
        keys.append(month_col.label("month"))
    if metric.time_agg == "last" and not by_month:
        join = _last_reported(join, month_col, where)
    stmt = (select(*keys, *[func.sum(e).label(n) for n, e in cols.items()],
                   func.count().label("rows"))
            .select_from(join).where(*where).group_by(*keys).order_by(*keys))
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        df = pd.DataFrame(columns=[k.name for k in keys] + list(cols) + ["rows"])
    for c in list(cols) + ["rows"]:
        df[c] = pd.to_numeric(df[c]).astype("int64")
    return df


def compute_value(metric: Metric, sums) -> tuple[float | None, int, int | None]:
    """(value, numerator, denominator) from summed counts; None when the denominator is 0 or absent."""
    num = int(sum(int(sums[c]) for c in metric.numerator))
    den = int(sum(int(sums[c]) for c in metric.denominator)) if metric.denominator else None
    if metric.kind == "simple":
        return float(num), num, den
    if not den:
        return None, num, den
    return 100.0 * num / den, num, den


def with_values(metric: Metric, sums: pd.DataFrame) -> pd.DataFrame:
    """Add value, numerator and denominator columns to a frame of summed counts."""
    out = sums.copy()
    num = out[list(metric.numerator)].sum(axis=1) if len(out) else pd.Series(dtype="int64")
    out["numerator"] = num.astype("int64")
    if metric.denominator:
        den = out[list(metric.denominator)].sum(axis=1).astype("int64")
        out["denominator"] = den
    else:
        out["denominator"] = pd.NA
    if metric.kind == "ratio":
        out["value"] = (100.0 * out["numerator"] / out["denominator"].where(out["denominator"] > 0)).astype(float)
    else:
        out["value"] = out["numerator"].astype(float)
    return out


@dataclass
class MetricResult:
    metric: str
    value: float | None
    numerator: int
    denominator: int | None
    unit: str
    period: Period
    scope: Scope
    scope_label: str
    rows_reported: int
    rows_expected: int
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.rows_expected - self.rows_reported, 0)

    def as_json(self) -> dict:
        return {"metric": self.metric, "value": self.value, "numerator": self.numerator,
                "denominator": self.denominator, "unit": self.unit, "from": self.period.start,
                "to": self.period.end, "scope": self.scope_label,
                "rows_reported": self.rows_reported, "rows_expected": self.rows_expected,
                "notes": self.notes}


def metric_value(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None,
                 as_of: date | None = None, lang: str = "vi") -> MetricResult:
    """One metric over a period and scope, computed from summed counts."""
    metric = catalog.get(metric_id)
    scope = scope or Scope.national()
    sums = agency_sums(engine, metric, period, scope, as_of)
    totals = {c: int(sums[c].sum()) for c in sums.columns if c != "agency"}
    if sums.empty:
        value, num, den = None, 0, None
    else:
        value, num, den = compute_value(metric, totals)
    notes = []
    if metric.table == "tasks":
        reported, expected = totals.get("rows", 0), totals.get("rows", 0)
    else:
        expected = (len(target_agencies(scope, period, metric.national_row, metric.kinds))
                    if metric.time_agg == "last"
                    else expected_rows(scope, period, metric.national_row, metric.kinds))
        reported = len(sums) if metric.time_agg == "last" else totals.get("rows", 0)
        if reported < expected:
            notes.append(f"missing: {expected - reported} of {expected} "
                         f"{'agencies' if metric.time_agg == 'last' else 'agency-months'} did not report")
    if sums.empty:
        notes.append("no data")
    return MetricResult(metric.id, value, num, den, metric.unit(lang), period, scope,
                        scope_label(scope, period, lang), reported, expected, notes)


def metric_trend(engine: Engine, metric_id: str, period: Period, scope: Scope | None = None,
                 as_of: date | None = None) -> pd.DataFrame:
    """Monthly values over the period for a scope: month, value, numerator, denominator, rows.

    Stocks are each month's value; flows each month's sum. For tasks, a month is the cohort of
    tasks assigned in it, with status as of `as_of` (default: the end of the period).
    """
    metric = catalog.get(metric_id)
    scope = scope or Scope.national()
    sums = agency_sums(engine, metric, period, scope, as_of, by_month=True)
    inputs = [c for c in sums.columns if c not in ("agency", "month")]
    monthly = sums.groupby("month", as_index=False)[inputs].sum() if len(sums) else sums.drop(columns="agency")
    out = with_values(metric, monthly)
    full = pd.DataFrame({"month": period.months})
    return full.merge(out, on="month", how="left")


def agency_values(engine: Engine, metric_id: str, period: Period, scope: Scope,
                  as_of: date | None = None) -> pd.DataFrame:
    """Per-agency values for every agency in the scope (NaN where it did not report)."""
    metric = catalog.get(metric_id)
    sums = with_values(metric, agency_sums(engine, metric, period, scope, as_of))
    ref = pd.DataFrame(target_agencies(scope, period, kinds=metric.kinds))[["code", "name_vi", "name_en", "kind", "region", "lat", "lon"]]
    out = ref.rename(columns={"code": "agency"}).merge(sums, on="agency", how="left")
    return out
