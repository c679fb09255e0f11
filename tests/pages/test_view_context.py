"""The view context and the rules pages apply to it (Streamlit-free), checked by hand."""
from __future__ import annotations

from datetime import date

import pandas as pd

from metrics import catalog
from metrics.periods import Period
from metrics.scope import Scope
from pages.url_params import resolve
from pages.view_context import (build_context, card_periods, comparison, delta_color, drawn_period,
                                from_first_report, last_months, scope_of, target_verdict)


def ctx_of(**query):
    values = resolve(query, "2019-01", "2026-10", today=date(2026, 11, 30)).values
    return build_context("vi", values, "sqlite://", True, "2026-10")


def test_comparison_is_the_previous_period_or_the_same_one_a_year_earlier():
    q2 = Period("2020-04", "2020-06")
    assert comparison(q2, "prev") == Period("2020-01", "2020-03")
    assert comparison(q2, "yoy") == Period("2019-04", "2019-06")


def test_context_of_a_link():
    ctx = ctx_of(pk="year", to="2020-05", cmp="yoy", scope="agency", sa="68")
    assert ctx.period == Period.year(2020) and ctx.compare == Period.year(2019)
    assert ctx.scope == Scope.of_agency("68") and ctx.view == "63"  # 2020 is before the 07/2025 merger
    assert ctx_of(to="2025-07").view == "34"
    assert scope_of({"scope": "region", "region": "TN", "b": "34", "sa": None}) == Scope.of_region("TN", "34")


def test_task_cards_judge_the_twelve_month_window():
    ctx = ctx_of(pk="month", to="2020-10")
    tasks = catalog.get("task_completion_rate")
    # the window is the 12 months to the period's end: 11/2019–10/2020, compared with 10/2019–09/2020
    assert card_periods(ctx, tasks) == (Period("2019-11", "2020-10"), Period("2019-10", "2020-09"))
    assert card_periods(ctx, catalog.get("dossier_on_time_rate")) == (Period.month("2020-10"), Period.month("2020-09"))


def test_target_verdict():
    q4 = Period("2025-10", "2025-12")
    base = {"reached": False, "deadline": date(2025, 12, 31), "on_track": True}
    assert target_verdict({**base, "reached": True}, q4) == "reached"
    assert target_verdict({**base, "deadline": date(2025, 6, 30)}, q4) == "missed"  # deadline before 31/12/2025
    assert target_verdict(base, q4) == "on_track"  # deadline 31/12/2025 is not before the period's end
    assert target_verdict({**base, "on_track": False}, q4) == "off_track"
    assert target_verdict({**base, "on_track": None}, q4) is None  # no trend to judge by


def test_delta_color():
    on_time, overdue, received = (catalog.get(m) for m in ("dossier_on_time_rate", "task_overdue_rate",
                                                           "dossiers_received"))
    assert delta_color(on_time, 1.2) == "normal"  # higher is better: a rise is green
    assert delta_color(overdue, 1.2) == "inverse"  # lower is better: a rise is red
    assert delta_color(received, 500) == "off"  # counts are neither good nor bad
    assert delta_color(on_time, 0.04) == "off"  # shows as 0,0 points
    assert delta_color(on_time, None) == "off"


def test_trend_windows():
    ctx = ctx_of(pk="month", to="2020-10")
    assert last_months(ctx, 12) == Period("2019-11", "2020-10")
    df = pd.DataFrame({"month": ["2020-01", "2020-02", "2020-03"], "value": [None, 2.0, None]})
    drawn = from_first_report(df)
    assert list(drawn["month"]) == ["2020-02", "2020-03"]  # leading unreported months dropped, later kept
    assert drawn_period(drawn, Period.month("2020-10")) == Period("2020-02", "2020-03")
    assert drawn_period(df.iloc[0:0], Period.month("2020-10")) == Period.month("2020-10")


def test_scope_key_names_every_field_and_round_trips():
    s = Scope.of_region("TN", "34")
    assert Scope.from_key(s.key) == s and hash(s.key) == hash(Scope.of_region("TN", "34").key)
    assert dict(s.key)["region"] == "TN" and s.key != Scope.of_region("TN", "63").key
