"""Targets: the latest value against each target, the gap, and whether the trend gets there in time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from data import schema
from metrics import catalog
from metrics.periods import Period, month_index, month_of
from metrics.queries import kpi_trend, metric_value
from metrics.scope import Scope


@dataclass
class TargetStatus:
    metric: str
    scope: str
    target: float
    deadline: date
    value: float | None
    gap: float | None  # how far from the target, in the metric's unit (0 when reached)
    reached: bool | None
    on_track: bool | None  # does the linear trend of the last 12 months reach it by the deadline?
    projected: float | None
    source: str | None


def targets_for(engine: Engine, metric_id: str | None = None) -> pd.DataFrame:
    stmt = select(schema.targets)
    if metric_id:
        stmt = stmt.where(schema.targets.c.metric == metric_id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(schema.targets.c.metric, schema.targets.c.deadline)).mappings().all()
    return pd.DataFrame(rows, columns=list(schema.targets.c.keys()))  # its columns even when empty


def trend_projection(months: list[str], values: list[float], at: date) -> float | None:
    """Least-squares line through monthly values, evaluated at the month of `at`."""
    pts = [(month_index(m), v) for m, v in zip(months, values) if v is not None and v == v]
    if len(pts) < 3:
        return None
    x, y = np.array([p[0] for p in pts], float), np.array([p[1] for p in pts], float)
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope * month_index(month_of(at)) + intercept)


def trend_months(period: Period) -> Period:
    """The 12 months up to the period's end whose trend `target_status` projects."""
    return Period(Period.month(period.end).shifted(-11).start, period.end)


READ = object()
"""`target_status`'s value when the caller has none: read it."""


def target_status(engine: Engine, metric_id: str, period: Period, target: float, deadline: date,
                  scope: Scope | None = None, source: str | None = None,
                  trend: pd.DataFrame | None = None, value=READ) -> TargetStatus:
    """Where a metric stands against one target at the end of `period` (for a task metric, pass its
    12-month window, as the cards do): the value, the gap, and whether the linear trend of the last
    12 months, drawn as the charts draw it, reaches the target by the deadline. `trend`: that
    trend (`kpi_trend` over `trend_months(period)` and the scope) when the caller already has it;
    `value`: the metric's value over the period and scope (`metric_value(...).value`), likewise."""
    metric = catalog.get(metric_id)
    scope = scope or Scope.national()
    if value is READ:
        value = metric_value(engine, metric_id, period, scope).value
    higher = metric.higher_is_better
    if value is None:
        gap = reached = None
    else:
        gap = max(0.0, target - value) if higher else max(0.0, value - target)
        reached = gap == 0
    if trend is None:  # tasks: each month's window, not raw cohorts
        trend = kpi_trend(engine, metric_id, trend_months(period), scope)
    projected = trend_projection(list(trend["month"]), list(trend["value"]), deadline)
    if reached:
        on_track = True
    elif projected is None or period.end_date > deadline:
        on_track = None if projected is None else False
    else:
        on_track = projected >= target if higher else projected <= target
    return TargetStatus(metric_id, "national" if scope.level == "national" else str(scope.agency or scope.kind),
                        target, deadline, value, gap, reached, on_track, projected, source)


def current_target(engine: Engine, metric_id: str, period: Period, targets: pd.DataFrame | None = None) -> dict | None:
    """The nearest national target whose deadline is not before the period's end (else the last one).
    `targets`: every target (`targets_for(engine)`) when the caller already holds them."""
    t = targets_for(engine, metric_id) if targets is None else targets[targets["metric"] == metric_id]
    if t.empty:
        return None
    t = t[t["scope"] == "national"]
    upcoming = t[pd.to_datetime(t["deadline"]) >= pd.Timestamp(period.end_date)]
    row = (upcoming.iloc[0] if not upcoming.empty else t.iloc[-1]) if not t.empty else None
    return None if row is None else row.to_dict()
