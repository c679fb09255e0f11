"""Rankings made in grouped queries, kept like the reads of `pages.cached_reads` (shared between
agencies and languages): a scorecard's rankings of one month on every KPI
(`metrics.ranking.rankings_of_months`), its rank trend over twelve months (`metrics.ranking.monthly_ranks`)
and the national targets its KPI table compares with."""
from __future__ import annotations

import pandas as pd

from metrics.periods import Period
from metrics.ranking import monthly_ranks, rankings_of_months
from metrics.scorecard import ranked_period
from metrics.targets import current_target
from pages import cached_reads as reads
from pages.cached_reads import CACHE_TTL, engine_for
from pages.memo import kept
from pages.view_context import Ctx


@kept(CACHE_TTL, 500)
def _monthly_ranks(url: str, metric_id: str, kind: str, months: tuple[str, ...], boundary: str) -> pd.DataFrame:
    return monthly_ranks(engine_for(url), metric_id, kind, list(months), boundary)


def monthly(ctx: Ctx, metric_id: str, kind: str, months: list[str]) -> pd.DataFrame:
    """Long frame month, agency, value, shown_value, rank, of: the ranking of provinces (in the view's
    boundary set) or ministries in each month. Shared: callers must not modify it."""
    return _monthly_ranks(ctx.url, metric_id, kind, tuple(months), ctx.ranked_in(kind))


@kept(CACHE_TTL, 200)
def _month_rankings(url: str, metric_ids: tuple[str, ...], kind: str, months: tuple[str, ...], boundary: str) -> dict:
    return rankings_of_months(engine_for(url), list(metric_ids), kind, list(months), boundary)


def rankings(ctx: Ctx, metric_ids: tuple[str, ...], kind: str, periods: tuple[Period, ...]) -> list[dict]:
    """For each period, metric → ranking over its ranked period (`metrics.scorecard.ranked_period`),
    as `cached_reads.ranking` gives it; single months from one grouped query per metric for all of
    them. Shared: callers must not modify them."""
    if all(p.start == p.end for p in periods):
        months = tuple(p.end for p in periods)
        got = _month_rankings(ctx.url, tuple(metric_ids), kind, months, ctx.ranked_in(kind))
        return [got[m] for m in months]
    return [{m: reads.ranking(ctx, m, kind, period=ranked_period(m, p)) for m in metric_ids} for p in periods]


@kept(CACHE_TTL, 200)
def _target_values(url: str, metric_ids: tuple[str, ...], start: str, end: str) -> dict:
    period = Period.between(start, end)
    rows = {m: current_target(engine_for(url), m, period, reads.target_rows(url)) for m in metric_ids}
    return {m: None if row is None else row["value"] for m, row in rows.items()}


def target_values(ctx: Ctx, metric_ids: tuple[str, ...]) -> dict:
    """Metric → the national target in force for the view's period (`cached_reads.target`'s
    "target"), without the trend behind its verdict (a KPI table shows only the target)."""
    return _target_values(ctx.url, tuple(metric_ids), ctx.period.start, ctx.period.end)
