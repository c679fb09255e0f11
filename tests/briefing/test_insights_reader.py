"""Findings read through `insights.RankedReader` (whole-kind values taken from the kind's ranking,
as the overview does to share its reads) are the findings read straight from the database: on small
hand-built fixtures, with the figures worked by hand beside the assertions, and on the demo data for
months, a quarter and a year on both sides of the 2025 boundary changes, in every kind of scope."""
from __future__ import annotations

import pytest

from data import schema
from metrics import insights
from metrics.periods import Period
from metrics.scope import Scope

from tests.briefing.test_insights import dossier, history_rows


def full(findings):
    """Findings with their facts (a Finding's equality leaves the facts out)."""
    return [(f, f.facts) for f in findings]


class CountingReader(insights.RankedReader):
    """A RankedReader that records which rankings it was asked for."""

    def __init__(self, engine):
        super().__init__(engine)
        self.asked = []

    def ranking(self, metric_id, kind, period, boundary, region):
        self.asked.append((metric_id, kind, period.start, boundary, region))
        return super().ranking(metric_id, kind, period, boundary, region)


def test_history_anomaly_from_the_ranking(engine, add_rows):
    add_rows(schema.dossiers, history_rows())
    jan = Period.month("2020-01")
    reader = CountingReader(engine)
    found = insights.history_anomalies(engine, "dossier_on_time_rate", jan, Scope.national(), reader=reader)
    # As in test_insights: Hà Nội's history mean 95.5 (six 95s, six 96s), sd sqrt(3/11) = 0.522;
    # 90 − 95.5 = −5.5 beyond 3 sd and 2 points → the one anomaly.
    assert [f.agency for f in found] == ["01"]
    assert found[0].facts["mean"] == pytest.approx(95.5)
    assert (found[0].value, found[0].numerator, found[0].denominator) == (90.0, 90, 100)
    # the values came from the provinces' and the ministries' rankings of the month (63 set, before the merger)
    assert ("dossier_on_time_rate", "province", "2020-01", "63", None) in reader.asked
    assert ("dossier_on_time_rate", "ministry", "2020-01", "auto", None) in reader.asked
    assert full(found) == full(insights.history_anomalies(engine, "dossier_on_time_rate", jan, Scope.national()))


def test_peer_anomaly_from_the_ranking(engine, add_rows):
    # Tây Nguyên: Kon Tum 96, Gia Lai 97, Đắk Lắk 95, Đắk Nông 96, Lâm Đồng 80 (% of 100).
    add_rows(schema.dossiers, [dossier("62", "2020-01", 96), dossier("64", "2020-01", 97),
                               dossier("66", "2020-01", 95), dossier("67", "2020-01", 96),
                               dossier("68", "2020-01", 80)])
    jan, scope = Period.month("2020-01"), Scope.of_kind("province", "63")
    reader = CountingReader(engine)
    found = insights.peer_anomalies(engine, "dossier_on_time_rate", jan, scope, reader=reader)
    # Lâm Đồng's peers 96, 97, 95, 96: median 96, MAD 0.5; 80 − 96 = −16 beyond 3 × 0.5 and 5 points.
    assert [f.agency for f in found] == ["68"]
    assert (found[0].facts["median"], found[0].facts["mad"], found[0].facts["peers"]) == (96.0, 0.5, 4)
    assert reader.asked == [("dossier_on_time_rate", "province", "2020-01", "63", None)]
    assert full(found) == full(insights.peer_anomalies(engine, "dossier_on_time_rate", jan, scope))


def test_missing_reports_from_the_ranking(engine, add_rows):
    # Three provinces report dossiers for January 2020, nobody else: every other province and
    # ministry that should report is missing, i.e. expected − 3.
    add_rows(schema.dossiers, [dossier(c, "2020-01", 95) for c in ("01", "02", "04")])
    jan = Period.month("2020-01")
    found = insights.missing_reports(engine, jan, Scope.national(), reader=insights.RankedReader(engine))
    dossiers = next(f for f in found if f.family == "dossiers")
    assert dossiers.numerator == dossiers.denominator - 3
    assert not {"01", "02", "04"} & {code for code, *_ in dossiers.facts["agencies"]}
    assert full(found) == full(insights.missing_reports(engine, jan, Scope.national()))


VIEWS = [(Period.month("2019-04"), Scope.national()),
         (Period.month("2025-06"), Scope.national()),
         (Period.month("2025-07"), Scope.national("63")),
         (Period.month("2026-10"), Scope.national()),
         (Period.month("2026-10"), Scope.of_kind("province", "auto")),
         (Period.month("2024-11"), Scope.of_kind("ministry", "auto")),
         (Period.month("2026-10"), Scope.of_region("TN", "34")),
         (Period.month("2026-10"), Scope.of_agency("01", "auto")),
         (Period.between("2025-07", "2025-09"), Scope.national()),
         (Period.between("2025-01", "2025-12"), Scope.national())]


@pytest.mark.parametrize("period,scope", VIEWS, ids=[f"{p.start}-{p.end}-{s.key}" for p, s in VIEWS])
def test_collect_through_the_ranked_reader_is_identical(demo_engine, period, scope):
    direct = insights.collect(demo_engine, period, scope, "prev")
    ranked = insights.collect(demo_engine, period, scope, "prev", reader=insights.RankedReader(demo_engine))
    assert direct  # every view has findings to compare (at least its headlines)
    assert full(ranked) == full(direct)


@pytest.mark.parametrize("month", ["2020-03", "2025-07", "2026-10"])
def test_drivers_read_both_months_in_one_query(demo_engine, month):
    """drivers() reads a month and the one before (or two task windows) with one grouped query; those
    sums are each month's `agency_sums`, for every family's headline (a stock and a task KPI among them)."""
    from dataclasses import replace

    from metrics import catalog
    from metrics.periods import add_months, task_window
    from metrics.queries import agency_sums, monthly_agency_sums
    from metrics.scope import ministry_view, province_view

    cur, before = Period.month(month), Period.month(add_months(month, -1))
    national = Scope.national()
    pinned = replace(national, boundary=province_view(national, cur), ministry_set=ministry_view(cur, national))
    for fam in catalog.FAMILIES:
        m = catalog.get(fam.headline)
        both = monthly_agency_sums(demo_engine, m, [before.start, month], pinned)
        for p in (cur, before):
            period = task_window(p) if m.table == "tasks" else p
            one = both[both["month"] == p.start].drop(columns="month").reset_index(drop=True)
            expected = agency_sums(demo_engine, m, period, pinned)
            assert one[list(expected.columns)].sort_values("agency").reset_index(drop=True).equals(
                expected.sort_values("agency").reset_index(drop=True)), (m.id, p.start)
        cur_period = task_window(cur) if m.table == "tasks" else cur
        found = insights.drivers(demo_engine, m.id, cur_period, task_window(before) if m.table == "tasks" else before,
                                 national)
        now = agency_sums(demo_engine, m, cur_period, pinned)
        for f in found:  # the totals quoted are the summed counts of the month
            assert f.facts["total_numerator"] == float(now[list(m.numerator)].sum().sum())
            assert f.facts["total_denominator"] == float(now[list(m.denominator)].sum().sum())
