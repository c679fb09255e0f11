"""The overdue task list and the status counts per agency, on a small hand-built set of tasks.

Review date 31/12/2019, tasks assigned in 2019. By hand:

| task | agency | assigned   | due        | completed  | status on 31/12/2019         |
|------|--------|------------|------------|------------|------------------------------|
| T1   | BTP    | 01/03/2019 | 30/04/2019 | 20/04/2019 | done on time                 |
| T2   | BTP    | 01/05/2019 | 30/06/2019 | 15/07/2019 | done late                    |
| T3   | BTP    | 01/10/2019 | 31/01/2020 | –          | in progress                  |
| T4   | BTP    | 01/06/2019 | 30/09/2019 | –          | overdue, 92 days (31+30+31)  |
| T5   | BYT    | 10/08/2019 | 30/11/2019 | 10/01/2020 | overdue, 31 days (done later)|
| T6   | BYT    | 01/12/2019 | 31/12/2019 | –          | in progress (due on the day) |
| T9   | BTP    | 01/02/2019 | 01/03/2019 | 01/03/2019 | done on time (on the day)    |
| T7   | BYT    | 20/12/2018 | 31/01/2019 | –          | not in 2019                  |
| T8   | 68     | 01/05/2019 | 01/06/2019 | –          | overdue, but a province      |
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from data import schema
from metrics.periods import Period
from metrics.queries import metric_value
from metrics.scope import Scope
from metrics.task_lists import OVERDUE_COLUMNS, overdue_tasks, task_status_by_agency

AS_OF = date(2019, 12, 31)
YEAR = Period.year(2019)
MINISTRIES = Scope.of_kind("ministry")


def task(task_id, code, assigned, due, completed=None, title=None):
    return {"task_id": task_id, "agency_code": code, "title": title or f"Nhiệm vụ {task_id}",
            "assigned_on": assigned, "assigned_month": f"{assigned:%Y-%m}", "due_on": due,
            "completed_on": completed}


@pytest.fixture
def tasks(add_rows):
    add_rows(schema.tasks, [
        task("T1", "BTP", date(2019, 3, 1), date(2019, 4, 30), date(2019, 4, 20)),
        task("T2", "BTP", date(2019, 5, 1), date(2019, 6, 30), date(2019, 7, 15)),
        task("T3", "BTP", date(2019, 10, 1), date(2020, 1, 31)),
        task("T4", "BTP", date(2019, 6, 1), date(2019, 9, 30), title="Xây dựng Trung tâm điều hành"),
        task("T5", "BYT", date(2019, 8, 10), date(2019, 11, 30), date(2020, 1, 10)),
        task("T6", "BYT", date(2019, 12, 1), date(2019, 12, 31)),
        task("T9", "BTP", date(2019, 2, 1), date(2019, 3, 1), date(2019, 3, 1)),
        task("T7", "BYT", date(2018, 12, 20), date(2019, 1, 31)),
        task("T8", "68", date(2019, 5, 1), date(2019, 6, 1)),
    ])


def test_overdue_list_has_the_open_tasks_past_due_most_overdue_first(engine, tasks):
    df = overdue_tasks(engine, YEAR, MINISTRIES, AS_OF)
    assert list(df.columns) == list(OVERDUE_COLUMNS)
    assert list(df["task_id"]) == ["T4", "T5"]
    assert list(df["days_overdue"]) == [92, 31]  # 30/09 → 31/12: 31+30+31; 30/11 → 31/12: 31
    assert list(df["agency"]) == ["BTP", "BYT"]
    assert df.loc[0, "name_vi"] == "Bộ Tư pháp" and df.loc[1, "name_en"] == "Ministry of Health"
    assert df.loc[0, "title"] == "Xây dựng Trung tâm điều hành"
    assert df.loc[0, "assigned_on"] == date(2019, 6, 1) and df.loc[0, "due_on"] == date(2019, 9, 30)


def test_overdue_list_has_as_many_rows_as_the_overdue_count(engine, tasks):
    r = metric_value(engine, "task_overdue_rate", YEAR, MINISTRIES, AS_OF)
    # 2 overdue of 7 ministry tasks assigned in 2019 (T1–T6, T9) = 28.57%
    assert (r.numerator, r.denominator) == (2, 7)
    assert len(overdue_tasks(engine, YEAR, MINISTRIES, AS_OF)) == r.numerator


def test_as_of_defaults_to_the_end_of_the_period(engine, tasks):
    assert list(overdue_tasks(engine, YEAR, MINISTRIES)["task_id"]) == ["T4", "T5"]


def test_a_task_due_on_the_review_date_is_not_yet_overdue(engine, tasks):
    df = overdue_tasks(engine, Period.month("2019-12"), MINISTRIES, AS_OF)
    assert df.empty  # T6, due 31/12/2019, is still within its deadline on 31/12/2019
    assert list(df.columns) == list(OVERDUE_COLUMNS)


def test_earlier_review_date_changes_the_list(engine, tasks):
    # On 30/09/2019 (tasks assigned Jan–Sep): T2 was completed on 15/07, after its due date 30/06,
    # so it is done late, not overdue; T4 is due that very day → in progress. Nothing is overdue.
    assert overdue_tasks(engine, Period.between("2019-01", "2019-09"), MINISTRIES, date(2019, 9, 30)).empty
    # On 01/10/2019, T4 is one day overdue.
    df = overdue_tasks(engine, Period.between("2019-01", "2019-09"), MINISTRIES, date(2019, 10, 1))
    assert list(df["task_id"]) == ["T4"] and list(df["days_overdue"]) == [1]


def test_scope_of_one_agency_and_of_provinces(engine, tasks):
    assert list(overdue_tasks(engine, YEAR, Scope.of_agency("BYT"), AS_OF)["task_id"]) == ["T5"]
    provinces = overdue_tasks(engine, YEAR, Scope.of_kind("province"), AS_OF)
    assert list(provinces["task_id"]) == ["T8"]
    assert provinces.loc[0, "days_overdue"] == 213  # 01/06 → 31/12/2019: 29+31+31+30+31+30+31


def test_old_province_tasks_are_listed_under_the_merged_province_in_the_34_set(engine, add_rows):
    # Hà Giang (02) was merged into Tuyên Quang (08) on 1 Jul 2025.
    add_rows(schema.tasks, [task("HG1", "02", date(2020, 3, 2), date(2020, 4, 1))])
    in_34 = overdue_tasks(engine, Period.year(2020), Scope.of_kind("province", "34"), date(2020, 12, 31))
    assert (in_34.loc[0, "agency"], in_34.loc[0, "source_agency"], in_34.loc[0, "name_vi"]) == ("08", "02", "Tuyên Quang")
    in_63 = overdue_tasks(engine, Period.year(2020), Scope.of_kind("province", "63"), date(2020, 12, 31))
    assert (in_63.loc[0, "agency"], in_63.loc[0, "name_vi"]) == ("02", "Hà Giang")
    assert in_34.loc[0, "days_overdue"] == in_63.loc[0, "days_overdue"] == 274  # 01/04 → 31/12/2020


def test_status_by_agency_counts_and_rates(engine, tasks):
    df = task_status_by_agency(engine, YEAR, MINISTRIES, AS_OF).set_index("agency")
    assert len(df) == 22  # every ministry of the 22-ministry set, with or without tasks
    btp, byt = df.loc["BTP"], df.loc["BYT"]
    assert (btp.done_on_time, btp.done_late, btp.in_progress, btp.overdue, btp.assigned) == (2, 1, 1, 1, 5)
    assert (byt.done_on_time, byt.done_late, byt.in_progress, byt.overdue, byt.assigned) == (0, 0, 1, 1, 2)
    assert btp.completion_rate == pytest.approx(60.0)  # (2 + 1) / 5
    assert btp.overdue_rate == pytest.approx(20.0)  # 1 / 5
    assert byt.overdue_rate == pytest.approx(50.0)  # 1 / 2
    assert byt.completion_rate == pytest.approx(0.0)
    # A ministry with no task assigned has zero counts and no rate (N/A), not 0%.
    bqp = df.loc["BQP"]
    assert bqp.assigned == 0 and math.isnan(bqp.overdue_rate) and math.isnan(bqp.completion_rate)


def test_status_counts_sum_to_the_metric_layer(engine, tasks):
    df = task_status_by_agency(engine, YEAR, MINISTRIES, AS_OF)
    r = metric_value(engine, "task_completion_rate", YEAR, MINISTRIES, AS_OF)
    assert int(df["assigned"].sum()) == r.denominator == 7
    assert int((df["done_on_time"] + df["done_late"]).sum()) == r.numerator == 3


def test_a_province_gone_after_the_merger_has_no_counts_and_its_tasks_stay_counted(engine, add_rows):
    # 2026: Hà Nội (01, unchanged) has one overdue task, merged Tuyên Quang (08) one overdue task
    add_rows(schema.tasks, [task("A1", "01", date(2026, 1, 5), due=date(2026, 2, 1)),
                            task("A2", "08", date(2026, 1, 5), due=date(2026, 3, 1))])
    jan_jun = Period.between("2026-01", "2026-06")
    provinces63 = Scope.of_kind("province", "63")
    # the overdue list is the overdue count: both tasks, whichever set is asked for (the 63 view
    # alone would list Hà Nội's only)
    listed = overdue_tasks(engine, jan_jun, provinces63)
    assert list(listed["task_id"]) == ["A1", "A2"]
    assert metric_value(engine, "tasks_assigned", jan_jun, provinces63).value == 2
    # per agency of the 63 set: Hà Giang (02) no longer exists: no counts (not 0), its successor named
    status = task_status_by_agency(engine, jan_jun, provinces63).set_index("agency")
    assert status.loc["01", "overdue"] == 1 and pd.isna(status.loc["01", "merged_into"])
    assert math.isnan(status.loc["02", "overdue"]) and math.isnan(status.loc["02", "assigned"])
    assert status.loc["02", "merged_into"] == "08"
    assert math.isnan(status.loc["02", "overdue_rate"])
