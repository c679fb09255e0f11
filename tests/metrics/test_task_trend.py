"""Task metrics month by month as the task cards judge them (each month's 12-month window, status
as of that month's end), and target projections drawn from that series, not from raw cohorts.

By hand, Hà Nội (01):

| task | assigned   | due        | completed  | 31/12/2019 | 31/01/2020  | 29/02/2020 | 31/03/2020 |
|------|------------|------------|------------|------------|-------------|------------|------------|
| T1   | 10/12/2019 | 20/12/2019 | 15/12/2019 | on time    | on time     | on time    | on time    |
| T2   | 15/01/2020 | 15/02/2020 | 10/03/2020 | –          | in progress | overdue    | late       |
| T3   | 20/02/2020 | 30/04/2020 | –          | –          | –           | in progress| in progress|
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from data import schema
from factories import task
from metrics.periods import Period, add_months, task_window
from metrics.queries import (kpi_trend, metric_trend, metric_value, shares_task_span, task_span, task_window_trend,
                             window_counts, window_tasks)
from metrics.scope import Scope
from metrics.targets import target_status

HANOI = Scope.of_agency("01")
TASKS = [task("T1", "01", date(2019, 12, 10), due=date(2019, 12, 20), completed=date(2019, 12, 15)),
         task("T2", "01", date(2020, 1, 15), due=date(2020, 2, 15), completed=date(2020, 3, 10)),
         task("T3", "01", date(2020, 2, 20), due=date(2020, 4, 30))]


def test_each_month_is_its_window_as_of_its_end(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    q = Period.between("2019-11", "2020-03")
    done = task_window_trend(engine, "task_completion_rate", q, HANOI).set_index("month")
    # 11/2019: no task yet; 12/2019: T1 done 1/1; 01/2020: T1 of T1, T2 = 1/2;
    # 02/2020: T1 of three = 1/3; 03/2020: T1 and T2 of three = 2/3
    assert math.isnan(done.loc["2019-11", "value"])
    assert [(done.loc[m, "numerator"], done.loc[m, "denominator"]) for m in ("2019-12", "2020-01", "2020-02", "2020-03")] \
        == [(1, 1), (1, 2), (1, 3), (2, 3)]
    overdue = task_window_trend(engine, "task_overdue_rate", q, HANOI).set_index("month")
    # only T2 at 29/02/2020: 1 of 3
    assert list(overdue.loc["2020-01":, "numerator"]) == [0, 1, 0]
    # the same numbers as the card of each month (its window, as of its end)
    for month in ("2020-01", "2020-02", "2020-03"):
        w = task_window(Period.month(month))
        r = metric_value(engine, "task_completion_rate", w, HANOI, w.end_date)
        assert (r.numerator, r.denominator) == (done.loc[month, "numerator"], done.loc[month, "denominator"])
    # monthly cohorts as of the period's end are another thing: 01/2020's cohort is T2 alone, done
    cohorts = metric_trend(engine, "task_completion_rate", q, HANOI).set_index("month")
    assert cohorts.loc["2020-01", "value"] == 100.0
    assert kpi_trend(engine, "task_completion_rate", q, HANOI).equals(
        task_window_trend(engine, "task_completion_rate", q, HANOI))


def test_a_task_target_is_projected_from_the_window_series(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    window = task_window(Period.month("2020-03"))  # the card's period: 04/2019–03/2020
    s = target_status(engine, "task_completion_rate", window, 80.0, date(2020, 6, 30), HANOI)
    # value: T1 and T2 done of three, as of 31/03/2020 = 66.67%
    assert s.value == pytest.approx(200 / 3)
    # the last 12 months' window series: 12/2019 100, 01/2020 50, 02/2020 33.33, 03/2020 66.67
    # (earlier windows hold no task). Least squares on x = 0..3: mean 62.5, slope
    # Σ(x − 1.5)(y − 62.5) / Σ(x − 1.5)² = −58.33 / 5 = −11.67 a month; at 06/2020 (x = 6):
    # 62.5 − 11.67 × 4.5 = 10.0. (The cohorts 100, 100, 0 would give −183.3.)
    assert s.projected == pytest.approx(10.0)
    assert s.on_track is False


# Across the merger (Hà Giang 02 joined Tuyên Quang 08 on 1 Jul 2025), nationwide, by hand:
#
# | task | agency | assigned   | due        | completed  | 31/05/2025 | 30/06/2025  | 31/07/2025  | 31/08/2025 |
# |------|--------|------------|------------|------------|------------|-------------|-------------|------------|
# | H1   | 01     | 01/08/2024 | 01/09/2024 | 20/08/2024 | on time    | on time     | on time     | – (window) |
# | G1   | 02     | 10/03/2025 | 31/05/2025 | 31/05/2025 | on time    | on time     | on time     | on time    |
# | G2   | 02     | 02/06/2025 | 30/06/2025 | –          | –          | in progress | overdue     | overdue    |
# | T1   | 08     | 15/07/2025 | 15/08/2025 | 20/08/2025 | –          | –           | in progress | late       |
#
# The windows: 05/2025 = 06/2024–05/2025, 06 = 07/2024–06/2025, 07 = 08/2024–07/2025, 08 = 09/2024–08/2025.
MERGER_TASKS = [task("H1", "01", date(2024, 8, 1), due=date(2024, 9, 1), completed=date(2024, 8, 20)),
                task("G1", "02", date(2025, 3, 10), due=date(2025, 5, 31), completed=date(2025, 5, 31)),
                task("G2", "02", date(2025, 6, 2), due=date(2025, 6, 30)),
                task("T1", "08", date(2025, 7, 15), due=date(2025, 8, 15), completed=date(2025, 8, 20))]
MAY_AUG = Period.between("2025-05", "2025-08")


def test_window_counts_across_the_merger(engine, add_rows):
    add_rows(schema.tasks, MERGER_TASKS)
    counts = window_counts(window_tasks(engine, MAY_AUG, Scope.national()), MAY_AUG.months).set_index("month")
    columns = ["rows", "done_on_time", "done_late", "in_progress", "overdue", "due", "done_due"]
    # due = due before the day (G1 due 31/05 is not yet due on 31/05, G2 not on 30/06);
    # done_due = done among those
    assert counts.loc["2025-05", columns].tolist() == [2, 2, 0, 0, 0, 1, 1]  # H1, G1; due: H1
    assert counts.loc["2025-06", columns].tolist() == [3, 2, 0, 1, 0, 2, 2]  # + G2 in progress; due: H1, G1
    assert counts.loc["2025-07", columns].tolist() == [4, 2, 0, 1, 1, 3, 2]  # + T1; G2 overdue; due: H1, G1, G2
    assert counts.loc["2025-08", columns].tolist() == [3, 1, 1, 0, 1, 3, 2]  # H1 left; T1 late; due: G1, G2, T1


def test_the_window_series_is_each_month_s_card_across_the_merger(engine, add_rows):
    add_rows(schema.tasks, MERGER_TASKS)
    for scope in (Scope.national(), Scope.national("34"), Scope.of_kind("province", "63")):
        done = task_window_trend(engine, "task_completion_rate", MAY_AUG, scope).set_index("month")
        overdue = task_window_trend(engine, "task_overdue_rate", MAY_AUG, scope).set_index("month")
        # completion: 2/2, 2/3, 2/4, 2/3 (done on time or late); overdue: 0/2, 0/3, 1/4, 1/3
        assert [(done.loc[m, "numerator"], done.loc[m, "denominator"]) for m in MAY_AUG.months] \
            == [(2, 2), (2, 3), (2, 4), (2, 3)]
        assert list(overdue["numerator"]) == [0, 0, 1, 1]
        assert overdue.loc["2025-07", "value"] == pytest.approx(25.0)  # 1 / 4
        # the grouped series equals one query per month (each month's card: its window, as of its end)
        for metric_id in ("task_completion_rate", "task_overdue_rate", "task_on_time_rate", "task_due_completion_rate"):
            series = task_window_trend(engine, metric_id, MAY_AUG, scope).set_index("month")
            for month in MAY_AUG.months:
                w = task_window(Period.month(month))
                r = metric_value(engine, metric_id, w, scope, w.end_date)
                assert (r.numerator, r.denominator) == (series.loc[month, "numerator"], series.loc[month, "denominator"])


def test_a_nationwide_or_kind_scope_counts_any_period_from_its_whole_span(engine, add_rows):
    """The tasks of every month, read once, counted for any period's windows: the same counts as the
    period's own read, including months after the last task and across the merger."""
    add_rows(schema.tasks, MERGER_TASKS)
    span = task_span(engine)
    assert (span.start, span.end) == ("2024-08", "2025-07")  # H1 assigned 08/2024 … T1 07/2025
    columns = ["rows", "done_on_time", "done_late", "in_progress", "overdue", "due", "done_due"]
    for scope in (Scope.national(), Scope.national("63"), Scope.national("34"), Scope.of_kind("province"),
                  Scope.of_kind("province", "63"), Scope.of_kind("province", "34"), Scope.of_kind("ministry")):
        assert shares_task_span(scope)
        whole = window_tasks(engine, span, scope)
        for period in (MAY_AUG, Period.month("2025-08"), Period.month("2024-07"), Period.between("2024-06", "2025-10")):
            pd.testing.assert_frame_equal(window_counts(whole, period.months),
                                          window_counts(window_tasks(engine, period, scope), period.months))
    # by hand (table above): 08/2025 from the whole span, after the last task's month
    counts = window_counts(window_tasks(engine, span, Scope.national()), MAY_AUG.months).set_index("month")
    assert counts.loc["2025-08", columns].tolist() == [3, 1, 1, 0, 1, 3, 2]
    assert counts.loc["2025-05", columns].tolist() == [2, 2, 0, 0, 0, 1, 1]
    # a region's and an agency's units depend on the period: read per period
    assert not shares_task_span(Scope.of_region("TDMN"))
    assert not shares_task_span(Scope.of_agency("08"))


def test_no_task_no_span(engine):
    assert task_span(engine) is None


def test_the_demo_s_whole_span_counts_every_window_as_its_own_read(demo_engine):
    """On the demo data, nationwide and per kind in each province set: every 24-month and one-month
    period from 2019 to 10/2026 (every fifth month) counted from the whole span equals its own read."""
    span = task_span(demo_engine)
    assert span.start <= "2019-01" and span.end >= "2026-10"
    for scope in (Scope.national(), Scope.national("63"), Scope.of_kind("province", "34"), Scope.of_kind("ministry")):
        whole = window_tasks(demo_engine, span, scope)
        for end in Period.between("2019-01", "2026-10").months[::5]:
            for period in (Period.month(end), Period.between(max("2019-01", add_months(end, -23)), end)):
                pd.testing.assert_frame_equal(window_counts(whole, period.months),
                                              window_counts(window_tasks(demo_engine, period, scope), period.months))


def test_a_scope_without_tasks_has_no_values(engine, add_rows):
    add_rows(schema.tasks, MERGER_TASKS)
    none = task_window_trend(engine, "task_completion_rate", MAY_AUG, Scope.of_kind("ministry"))
    assert list(none["month"]) == MAY_AUG.months
    assert none["value"].isna().all() and none["rows"].isna().all()  # missing, not 0


def test_every_task_kpi_trend_from_one_count_of_the_windows(engine, add_rows):
    """The window counts are the same for every task KPI of a scope and period: each KPI's trend from
    them is its own `task_window_trend`, and a target judged on that trend is the target judged
    without it."""
    from datetime import date as day

    import pandas as pd

    from metrics.queries import task_trend_of_counts
    from metrics.targets import target_status, trend_months
    add_rows(schema.tasks, MERGER_TASKS)
    counts = window_counts(window_tasks(engine, MAY_AUG, Scope.national()), MAY_AUG.months)
    for metric_id in ("task_completion_rate", "task_on_time_rate", "task_overdue_rate"):
        pd.testing.assert_frame_equal(task_trend_of_counts(metric_id, MAY_AUG, counts),
                                      task_window_trend(engine, metric_id, MAY_AUG, Scope.national()))
    # 07/2025: 4 tasks in the window, 1 overdue (G2) -> 25%; 08/2025: 3 tasks, 1 overdue (G2) -> 33.3%
    overdue = task_trend_of_counts("task_overdue_rate", MAY_AUG, counts).set_index("month")["value"]
    assert overdue["2025-07"] == 25.0 and round(overdue["2025-08"], 1) == 33.3
    window = Period.between("2024-09", "2025-08")
    months = trend_months(window)
    assert (months.start, months.end) == ("2024-09", "2025-08")
    trend = task_window_trend(engine, "task_overdue_rate", months, Scope.national())
    given = target_status(engine, "task_overdue_rate", window, 5.0, day(2026, 12, 31), trend=trend)
    assert given == target_status(engine, "task_overdue_rate", window, 5.0, day(2026, 12, 31))
