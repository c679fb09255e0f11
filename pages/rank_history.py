"""The rank history of the scorecard's trend: each month's ranking of one KPI from one grouped query
over the months (`metrics.ranking.monthly_ranks`), kept per view like the reads of
`pages.cached_reads` (shared between agencies and languages)."""
from __future__ import annotations

import pandas as pd

from metrics.ranking import monthly_ranks
from pages.cached_reads import CACHE_TTL, engine_for
from pages.memo import kept
from pages.view_context import Ctx


@kept(CACHE_TTL, 500)
def _monthly_ranks(url: str, metric_id: str, kind: str, months: tuple[str, ...], boundary: str) -> pd.DataFrame:
    return monthly_ranks(engine_for(url), metric_id, kind, list(months), boundary)


def monthly(ctx: Ctx, metric_id: str, kind: str, months: list[str]) -> pd.DataFrame:
    """Long frame month, agency, value, shown_value, rank, of: the ranking of provinces (in the view's
    boundary set) or ministries in each month. Shared: callers must not modify it."""
    boundary = ctx.view if kind == "province" else "auto"
    return _monthly_ranks(ctx.url, metric_id, kind, tuple(months), boundary)
