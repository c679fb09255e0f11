"""The rankings a one-month view shows, computed together: the composite index and each monthly
reported family's headline, for provinces or ministries, from one grouped query per metric
(`metrics.ranking.month_rankings`, equal to `rank_agencies` of the month) instead of two queries per
ranking and ten for the composite. The overview's map and tables of the weakest agencies and the
findings behind its highlights all read them here."""
from __future__ import annotations

import pandas as pd

from metrics.insights import ANOMALY_METRICS
from metrics.periods import Period
from metrics.ranking import month_rankings
from pages import cached_reads as reads
from pages.cached_reads import CACHE_TTL
from pages.memo import kept
from pages.view_context import Ctx

TOGETHER = ("composite", *ANOMALY_METRICS)
"""Read together for a month. Task KPIs are not: a month's ranking of them counts the tasks assigned
in that month, while `month_rankings` ranks their 12-month window."""


@kept(CACHE_TTL, 200)
def _together(url: str, kind: str, month: str, boundary: str) -> dict[str, pd.DataFrame]:
    return month_rankings(reads.engine_for(url), list(TOGETHER), kind, month, boundary)


def ranking(ctx: Ctx, metric_id: str, kind: str, period: Period | None = None, boundary: str | None = None,
            region: str | None = None) -> pd.DataFrame:
    """`cached_reads.ranking` (the view's period and province set by default); for one month and a
    metric read together, from the month's set. Shared: never modify it."""
    period = period or ctx.period
    boundary = boundary or ctx.ranked_in(kind)
    if region is None and period.start == period.end and metric_id in TOGETHER:
        return _together(ctx.url, kind, period.start, boundary)[metric_id]
    return reads.ranking_in(ctx, metric_id, kind, period, boundary, region)
