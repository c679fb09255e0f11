"""Cached queries used by the KPI family pages (dossiers, documents, services, tasks) beyond those
of `pages.shell`: agency × month values, task status per agency, the overdue task list."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics import catalog
from metrics.periods import Period, add_months, task_window as _task_window
from metrics.queries import agency_sums, with_values
from metrics.scope import Scope
from metrics.task_lists import overdue_tasks, task_status_by_agency
from pages import shell
from pages.shell import CACHE_TTL, _scope_key, _scope_of, engine_for


def last_months(ctx: shell.Ctx, n: int) -> Period:
    """The n months up to the end of the view's period."""
    return Period.between(add_months(ctx.period.end, -(n - 1)), ctx.period.end)


def recent_trend(ctx: shell.Ctx, metric_id: str, months: int = 24, scope: Scope | None = None) -> pd.DataFrame:
    """Monthly values over the last `months` months, from the first month with any report."""
    df = shell.trend(ctx, metric_id, last_months(ctx, months), scope)
    reported = df["value"].notna().to_numpy().nonzero()[0]
    return df.iloc[reported[0]:].reset_index(drop=True) if len(reported) else df


def drawn_period(df: pd.DataFrame, fallback: Period) -> Period:
    """The months a trend frame actually covers (after leading months without reports are dropped)."""
    return Period.between(df["month"].iloc[0], df["month"].iloc[-1]) if len(df) else fallback


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _agency_months(url, metric_id, start, end, scope_key) -> pd.DataFrame:
    metric = catalog.get(metric_id)
    sums = agency_sums(engine_for(url), metric, Period.between(start, end), _scope_of(scope_key), by_month=True)
    return with_values(metric, sums)[["agency", "month", "value", "numerator", "denominator"]]


def agency_months(ctx: shell.Ctx, metric_id: str, scope: Scope, period: Period) -> pd.DataFrame:
    """Long frame agency, month, value: one row per agency-month that reported."""
    return _agency_months(ctx.url, metric_id, period.start, period.end, _scope_key(scope))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _task_status(url, start, end, scope_key) -> pd.DataFrame:
    return task_status_by_agency(engine_for(url), Period.between(start, end), _scope_of(scope_key))


def task_window(ctx: shell.Ctx) -> Period:
    """The tasks a view judges: those assigned in the task window of the period (as the cards do)."""
    return _task_window(ctx.period)


def task_status(ctx: shell.Ctx, scope: Scope) -> pd.DataFrame:
    """Tasks assigned in the view's task window by status at its end, per agency of the scope."""
    window = task_window(ctx)
    return _task_status(ctx.url, window.start, window.end, _scope_key(scope))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _overdue(url, start, end, scope_key) -> pd.DataFrame:
    return overdue_tasks(engine_for(url), Period.between(start, end), _scope_of(scope_key))


def overdue(ctx: shell.Ctx, scope: Scope | None = None) -> pd.DataFrame:
    """Tasks assigned in the view's task window, unfinished and past their deadline at its end."""
    window = task_window(ctx)
    return _overdue(ctx.url, window.start, window.end, _scope_key(scope or ctx.scope))
