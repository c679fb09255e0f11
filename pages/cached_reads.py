"""Every cached read of the pages: the engine per database URL, and each metric query cached on
public hashable values (URL, metric id, period bounds, `Scope.key`). Pages call the functions
without an underscore with the view context; the cached functions behind them take plain values."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data.agencies import agency_rows
from data.database import dataset_facts, ensure_ready
from data.engine import is_embedded_default, make_engine
from metrics import catalog
from metrics.periods import Period, task_window
from metrics.queries import (agency_sums, agency_values, kpi_trend, metric_value, shares_task_span, task_span,
                             task_trend_of_counts, window_counts, window_tasks, with_values)
from metrics.ranking import rank_agencies
from metrics.scope import Scope, ministry_view
from metrics.targets import current_target, target_status, targets_for, trend_months
from metrics.task_lists import overdue_tasks, task_status_by_agency
from pages.memo import generation, kept
from pages.view_context import Ctx, from_first_report, last_months

CACHE_TTL = 3600  # seconds; new data shows at once (every run compares the data stamp, `pages.memo.follow`)


@st.cache_resource(show_spinner=False)
def engine_for(url: str):
    """One shared engine per database URL; the embedded default is created and filled on first use."""
    engine = make_engine(url)
    ensure_ready(engine, fill_demo=is_embedded_default(url))
    return engine


@kept(CACHE_TTL, 20)
def facts(url: str) -> dict:
    """First and last month with data, and whether the data is the illustrative demo set."""
    return dataset_facts(engine_for(url))


@kept(CACHE_TTL, 4000)
def _value(url, metric_id, start, end, scope_key, as_of, lang):
    r = metric_value(engine_for(url), metric_id, Period.between(start, end), Scope.from_key(scope_key), as_of, lang)
    return {"value": r.value, "numerator": r.numerator, "denominator": r.denominator,
            "rows_reported": r.rows_reported, "rows_expected": r.rows_expected,
            "missing": r.missing, "scope_label": r.scope_label, "notes": r.notes,
            "status": r.status, "detail_notes": r.detail_notes, "region_notes": r.region_notes,
            "rows_not_yet_reported": r.rows_not_yet_reported, "data_through": r.data_through}


def value(ctx: Ctx, metric_id: str, period: Period | None = None, scope: Scope | None = None,
          as_of: date | None = None) -> dict:
    """One metric over a period and scope (the view's by default), as a plain dict."""
    period = period or ctx.period
    return _value(ctx.url, metric_id, period.start, period.end, (scope or ctx.scope).key, as_of, ctx.lang)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _trend(url, gen, metric_id, start, end, scope_key):
    period = Period.between(start, end)
    if catalog.get(metric_id).table == "tasks":  # the task KPIs of a view share one count of their windows
        return task_trend_of_counts(metric_id, period, _window_counts(url, start, end, scope_key))
    return kpi_trend(engine_for(url), metric_id, period, Scope.from_key(scope_key))


@kept(CACHE_TTL, 200)
def _window_counts(url, start, end, scope_key) -> pd.DataFrame:
    """The task windows of each month of the period (`metrics.queries.window_counts`), shared by
    every task KPI's trend. A nationwide or kind scope counts them from its tasks of every month,
    read once (`_span_tasks`), so a period nobody asked for yet needs no query. Shared: never modified."""
    period = Period.between(start, end)
    scope = Scope.from_key(scope_key)
    tasks = _span_tasks(url, scope_key) if shares_task_span(scope) else None
    if tasks is None:
        tasks = window_tasks(engine_for(url), period, scope)
    return window_counts(tasks, period.months)


@kept(CACHE_TTL, 50)
def _span_tasks(url, scope_key) -> pd.DataFrame | None:
    """`window_tasks` of a nationwide or kind scope over every month with tasks (`task_span`); None
    without tasks. Shared: never modified."""
    engine = engine_for(url)
    span = task_span(engine)
    return None if span is None else window_tasks(engine, span, Scope.from_key(scope_key))


def trend(ctx: Ctx, metric_id: str, period: Period, scope: Scope | None = None) -> pd.DataFrame:
    """Monthly values; task metrics month by month over their 12-month window, as of each month's end."""
    return _trend(ctx.url, generation(), metric_id, period.start, period.end, (scope or ctx.scope).key)


def recent_trend(ctx: Ctx, metric_id: str, months: int = 24, scope: Scope | None = None) -> pd.DataFrame:
    """Monthly values over the last `months` months, from the first month with any report."""
    return from_first_report(trend(ctx, metric_id, last_months(ctx, months), scope))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _ranking(url, gen, metric_id, kind, start, end, boundary, region):
    return rank_agencies(engine_for(url), metric_id, kind, Period.between(start, end), boundary, region)


def ranking(ctx: Ctx, metric_id: str, kind: str, region: str | None = None,
            period: Period | None = None) -> pd.DataFrame:
    """Ranking of provinces (in the view's boundary set) or ministries for the period."""
    period = period or ctx.period
    return _ranking(ctx.url, generation(), metric_id, kind, period.start, period.end, ctx.ranked_in(kind), region)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _agency_values(url, gen, metric_id, start, end, scope_key):
    return agency_values(engine_for(url), metric_id, Period.between(start, end), Scope.from_key(scope_key))


def values_by_agency(ctx: Ctx, metric_id: str, scope: Scope, period: Period | None = None) -> pd.DataFrame:
    """One row per agency of the scope: value, numerator, denominator, names."""
    period = period or ctx.period
    return _agency_values(ctx.url, generation(), metric_id, period.start, period.end, scope.key)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _agency_months(url, gen, metric_id, start, end, scope_key) -> pd.DataFrame:
    metric = catalog.get(metric_id)
    sums = agency_sums(engine_for(url), metric, Period.between(start, end), Scope.from_key(scope_key), by_month=True)
    return with_values(metric, sums)[["agency", "month", "value", "numerator", "denominator"]]


def agency_months(ctx: Ctx, metric_id: str, scope: Scope, period: Period) -> pd.DataFrame:
    """Long frame agency, month, value: one row per agency-month that reported."""
    return _agency_months(ctx.url, generation(), metric_id, period.start, period.end, scope.key)


@kept(CACHE_TTL, 20)
def target_rows(url: str) -> pd.DataFrame:
    """Every target (`metrics.targets.targets_for`), read once: the target in force for a period is
    chosen from them (`current_target`). Shared: never modified."""
    return targets_for(engine_for(url))


@kept(CACHE_TTL, 1000)
def _target(url, metric_id, start, end, lang):
    period = Period.between(start, end)
    row = current_target(engine_for(url), metric_id, period, target_rows(url))
    if row is None:
        return None
    months = trend_months(period)
    trend = _trend(url, generation(), metric_id, months.start, months.end, Scope.national().key)
    value = _value(url, metric_id, start, end, Scope.national().key, None, lang)["value"]  # as the card reads it
    s = target_status(engine_for(url), metric_id, period, row["value"], row["deadline"], source=row.get("source"),
                      trend=trend, value=value)
    return s.__dict__


def target(ctx: Ctx, metric_id: str, period: Period | None = None) -> dict | None:
    """The national target in force for the period, with gap and trend verdict."""
    period = period or ctx.period
    return _target(ctx.url, metric_id, period.start, period.end, ctx.lang)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _task_status(url, gen, start, end, scope_key) -> pd.DataFrame:
    return task_status_by_agency(engine_for(url), Period.between(start, end), Scope.from_key(scope_key))


def task_status(ctx: Ctx, scope: Scope) -> pd.DataFrame:
    """Tasks assigned in the view's task window by status at its end, per agency of the scope."""
    window = task_window(ctx.period)
    return _task_status(ctx.url, generation(), window.start, window.end, scope.key)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _overdue(url, gen, start, end, scope_key) -> pd.DataFrame:
    return overdue_tasks(engine_for(url), Period.between(start, end), Scope.from_key(scope_key))


def overdue(ctx: Ctx, scope: Scope | None = None) -> pd.DataFrame:
    """Tasks assigned in the view's task window, unfinished and past their deadline at its end."""
    window = task_window(ctx.period)
    return _overdue(ctx.url, generation(), window.start, window.end, (scope or ctx.scope).key)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _agencies(view_sets: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame([r for r in agency_rows() if r["set_id"] in view_sets])


def agencies_in_view(ctx: Ctx, kinds=("province", "ministry")) -> pd.DataFrame:
    """Reference rows of the agencies in force for the view (provinces in the chosen set)."""
    sets = []
    if "province" in kinds:
        sets.append(ctx.view)
    if "ministry" in kinds:
        sets.append(ministry_view(ctx.period))
    return _agencies(tuple(sets))


def ranking_in(ctx: Ctx, metric_id: str, kind: str, period: Period, boundary: str, region: str | None = None):
    """A ranking in a given province set (`metrics.ranking.rank_agencies`), from `ranking`'s cache."""
    return _ranking(ctx.url, generation(), metric_id, kind, period.start, period.end, boundary, region)
