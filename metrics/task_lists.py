"""Task lists behind the task KPIs: the overdue tasks themselves, and the status counts per agency.

Both reuse the scoped task query of `metrics.queries` (the same rollup join, period and status
rules), so a list always has exactly as many rows as the overdue count on the cards.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from metrics import catalog
from metrics.catalog import TASK_STATUS_COLUMNS
from metrics.periods import Period
from metrics.queries import R, agency_sums, joined, with_values
from metrics.scope import Scope, target_agencies

OVERDUE_COLUMNS = ("task_id", "title", "agency", "name_vi", "name_en", "source_agency",
                   "assigned_on", "due_on", "days_overdue")


def _reference(scope: Scope, period: Period) -> pd.DataFrame:
    kinds = catalog.get("tasks_assigned").kinds
    rows = target_agencies(scope, period, kinds=kinds)
    ref = pd.DataFrame(rows, columns=["code", "name_vi", "name_en", "kind", "region"])
    return ref.rename(columns={"code": "agency"})[["agency", "name_vi", "name_en", "kind", "region"]]


def overdue_tasks(engine: Engine, period: Period, scope: Scope, as_of: date | None = None) -> pd.DataFrame:
    """Tasks assigned in the period that are unfinished and past their deadline on `as_of`.

    A task is overdue when it is not completed by `as_of` (never completed, or completed after it)
    and `as_of` is after its due date. `days_overdue` = as_of − due_on in days. `agency` is the
    agency of the view (a merged province for old provinces' history); `source_agency` the code stored.
    Sorted most overdue first.
    """
    as_of = as_of or period.end_date
    metric = catalog.get("tasks_assigned")
    t, join, _month, cols, where = joined(metric, period, scope, as_of)
    stmt = (select(t.c.task_id, t.c.title, R.c.target_code.label("agency"),
                   t.c.agency_code.label("source_agency"), t.c.assigned_on, t.c.due_on)
            .select_from(join).where(*where, cols["overdue"] == 1)
            .order_by(t.c.due_on, t.c.task_id))
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all(),
                          columns=["task_id", "title", "agency", "source_agency", "assigned_on", "due_on"])
    for c in ("assigned_on", "due_on"):
        df[c] = pd.to_datetime(df[c]).dt.date
    df["days_overdue"] = pd.Series([(as_of - d).days for d in df["due_on"]], index=df.index, dtype="int64")
    df = df.merge(_reference(scope, period)[["agency", "name_vi", "name_en"]], on="agency", how="left")
    df = df.sort_values(["days_overdue", "agency", "task_id"], ascending=[False, True, True])
    return df[list(OVERDUE_COLUMNS)].reset_index(drop=True)


def task_status_by_agency(engine: Engine, period: Period, scope: Scope, as_of: date | None = None) -> pd.DataFrame:
    """Per agency of the scope: tasks assigned in the period by status on `as_of`.

    Columns: agency, name_vi, name_en, kind, region, done_on_time, done_late, in_progress, overdue,
    assigned, completion_rate, overdue_rate (rates in %, from the catalog's own formulas). Agencies
    with no task assigned in the period keep zero counts and no rates (N/A).
    """
    sums = agency_sums(engine, catalog.get("tasks_assigned"), period, scope, as_of)
    out = _reference(scope, period).merge(sums.drop(columns="rows"), on="agency", how="left")
    for c in TASK_STATUS_COLUMNS:
        out[c] = out[c].fillna(0).astype("int64")
    out["assigned"] = out[list(TASK_STATUS_COLUMNS)].sum(axis=1).astype("int64")
    for metric_id, col in (("task_completion_rate", "completion_rate"), ("task_overdue_rate", "overdue_rate")):
        out[col] = with_values(catalog.get(metric_id), out[list(TASK_STATUS_COLUMNS)])["value"].to_numpy()
    return out.reset_index(drop=True)
