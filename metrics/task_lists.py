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
from metrics.scope import Scope, pieces, rollup_in, target_agencies

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
    frames, refs = [], []
    for piece_period, piece_scope in pieces(scope, period):  # the same pieces as the overdue count
        t, join, _month, cols, where = joined(metric, piece_period, piece_scope, as_of)
        stmt = (select(t.c.task_id, t.c.title, R.c.target_code.label("agency"),
                       t.c.agency_code.label("source_agency"), t.c.assigned_on, t.c.due_on)
                .select_from(join).where(*where, cols["overdue"] == 1)
                .order_by(t.c.due_on, t.c.task_id))
        with engine.connect() as conn:  # plain tuples: pandas would probe each SQLAlchemy row for attributes
            frames.append(pd.DataFrame([tuple(r) for r in conn.execute(stmt).all()],
                                       columns=["task_id", "title", "agency", "source_agency", "assigned_on", "due_on"]))
        refs.append(_reference(piece_scope, piece_period)[["agency", "name_vi", "name_en"]])
    df = pd.concat(frames, ignore_index=True) if any(len(f) for f in frames) else frames[0]
    for c in ("assigned_on", "due_on"):
        df[c] = pd.to_datetime(df[c]).dt.date
    df["days_overdue"] = pd.Series([(as_of - d).days for d in df["due_on"]], index=df.index, dtype="int64")
    names = pd.concat(refs, ignore_index=True).drop_duplicates("agency")
    df = df.merge(names, on="agency", how="left")
    df = df.sort_values(["days_overdue", "agency", "task_id"], ascending=[False, True, True])
    return df[list(OVERDUE_COLUMNS)].reset_index(drop=True)


def task_status_by_agency(engine: Engine, period: Period, scope: Scope, as_of: date | None = None) -> pd.DataFrame:
    """Per agency of the scope: tasks assigned in the period by status on `as_of`.

    Columns: agency, name_vi, name_en, kind, region, done_on_time, done_late, in_progress, overdue,
    assigned, completion_rate, overdue_rate (rates in %, from the catalog's own formulas),
    merged_into. Agencies with no task assigned in the period keep zero counts and no rates (N/A);
    an agency that no longer exists at the period's end (a 63-set province after 06/2025) has no
    counts at all (its tasks are its successor's, named in `merged_into`), not zeros.
    """
    metric = catalog.get("tasks_assigned")
    sums = agency_sums(engine, metric, period, scope, as_of)
    out = _reference(scope, period).merge(sums.drop(columns="rows"), on="agency", how="left")
    rollup = rollup_in(scope, period, kinds=metric.kinds)
    alive = {r["target_code"] for r in rollup if r["month_from"] <= period.end <= r["month_to"]}
    successor = {r["code"]: r["successor_code"] for r in target_agencies(scope, period, kinds=metric.kinds)}
    out["merged_into"] = [None if a in alive else successor.get(a) for a in out["agency"]]
    gone = out["merged_into"].notna() & out["done_on_time"].isna()
    for c in TASK_STATUS_COLUMNS:  # whole numbers, or floats with NaN where an agency is gone
        out[c] = out[c].fillna(0).astype("int64")
        if gone.any():
            out[c] = out[c].astype(float).where(~gone)
    out["assigned"] = out[list(TASK_STATUS_COLUMNS)].sum(axis=1, min_count=len(TASK_STATUS_COLUMNS))
    out["assigned"] = out["assigned"] if gone.any() else out["assigned"].astype("int64")
    counts = out[list(TASK_STATUS_COLUMNS)].fillna(0).astype("int64")
    for metric_id, col in (("task_completion_rate", "completion_rate"), ("task_overdue_rate", "overdue_rate")):
        out[col] = with_values(catalog.get(metric_id), counts)["value"].to_numpy()
        out.loc[gone, col] = float("nan")
    return out.reset_index(drop=True)
