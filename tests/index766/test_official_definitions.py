"""The official definitions beside ours, computed on hand-built rows: the 766 index's dossier
rate counts pending-within-deadline as on time; the Government Office's task figure is
"completed among tasks due"."""
from __future__ import annotations

from datetime import date

import pytest

from data import schema
from metrics.periods import Period
from metrics.queries import metric_value
from metrics.scope import Scope


def test_dossiers_pending_within_deadline_count_as_on_time_in_the_official_rate(engine, add_rows):
    add_rows(schema.dossiers, [{"agency_code": "19", "month": "2025-08", "received": 200, "received_online": 0,
                                "resolved_on_time": 150, "resolved_late": 10,
                                "pending_in_time": 36, "pending_overdue": 4}])
    scope, month = Scope.of_agency("19"), Period.month("2025-08")
    ours = metric_value(engine, "dossier_on_time_rate", month, scope)
    official = metric_value(engine, "dossier_handled_on_time_rate", month, scope)
    # ours: 150 / (150 + 10) = 93.75%
    assert (ours.numerator, ours.denominator) == (150, 160) and ours.value == pytest.approx(93.75)
    # official: (150 + 36) / (150 + 10 + 36 + 4) = 186 / 200 = 93.0%
    assert (official.numerator, official.denominator) == (186, 200) and official.value == pytest.approx(93.0)


def test_tasks_completed_among_tasks_due(engine, add_rows):
    def task(n, due, completed=None):
        return {"task_id": f"T{n}", "agency_code": "BTC", "title": "x", "assigned_on": date(2025, 6, 1),
                "assigned_month": "2025-06", "due_on": due, "completed_on": completed}
    add_rows(schema.tasks, [
        task(1, date(2025, 6, 20), date(2025, 6, 18)),   # due, done on time
        task(2, date(2025, 6, 20), date(2025, 6, 25)),   # due, done late
        task(3, date(2025, 6, 25)),                      # due, open: overdue
        task(4, date(2025, 8, 30)),                      # not yet due, open
        task(5, date(2025, 8, 30), date(2025, 6, 29)),   # not yet due, already done
    ])
    scope, period, as_of = Scope.of_agency("BTC"), Period.month("2025-06"), date(2025, 6, 30)
    due = metric_value(engine, "task_due_completion_rate", period, scope, as_of)
    # due before 30/06: tasks 1, 2, 3; done among them: 1, 2 → 2/3 = 66.67%
    assert (due.numerator, due.denominator) == (2, 3) and due.value == pytest.approx(200 / 3)
    ours = metric_value(engine, "task_completion_rate", period, scope, as_of)
    # ours: done (1, 2, 5) among all assigned (5) = 60%
    assert (ours.numerator, ours.denominator) == (3, 5) and ours.value == pytest.approx(60.0)
