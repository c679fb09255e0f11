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

import pytest

from data import schema
from factories import task
from metrics.periods import Period, task_window
from metrics.queries import kpi_trend, metric_trend, metric_value, task_window_trend
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
