"""The overview's rankings of a month read together (`pages.month_rankings`) are the rankings
`rank_agencies` gives for the same metric, kind, month and province set, on the demo data before and
after the 2025 boundary changes; other periods and metrics go to the ordinary cached read."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.ranking import rank_agencies
from pages import month_rankings
from pages.url_params import resolve
from pages.view_context import build_context


def ctx_of(url, **query):
    values = resolve(query, "2019-01", "2026-10", today=date(2026, 11, 30)).values
    return build_context("vi", values, url, True, "2026-10")


@pytest.mark.parametrize("query", [{"to": "2026-10"}, {"to": "2025-02"}, {"to": "2025-09", "b": "63"}],
                         ids=["2026-10", "2025-02", "2025-09-63"])
def test_a_month_read_together_equals_each_ranking(demo_url, demo_engine, query):
    ctx = ctx_of(demo_url, **query)
    assert ctx.period.start == ctx.period.end  # a one-month view
    for metric_id in month_rankings.TOGETHER:
        for kind in ("province", "ministry"):
            boundary = ctx.view if kind == "province" else "auto"
            expected = rank_agencies(demo_engine, metric_id, kind, ctx.period, boundary)
            got = month_rankings.ranking(ctx, metric_id, kind)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                          check_dtype=False, obj=f"{metric_id} {kind}")


def test_task_kpis_and_longer_periods_are_ranked_as_before(demo_url, demo_engine):
    # A task KPI's month ranking counts the tasks assigned in the month, not the 12-month window
    # month_rankings ranks, so it is not read together.
    assert "task_completion_rate" not in month_rankings.TOGETHER
    ctx = ctx_of(demo_url, pk="quarter", to="2026-09")
    got = month_rankings.ranking(ctx, "dossier_on_time_rate", "province")
    expected = rank_agencies(demo_engine, "dossier_on_time_rate", "province", ctx.period, ctx.view)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
