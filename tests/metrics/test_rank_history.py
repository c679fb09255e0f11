"""A rank history from one grouped query over the months (`metrics.ranking.monthly_ranks`) is each
month's own ranking (`rank_agencies`): the same ranks, ties, counts and gaps, for flows, stocks,
task windows and the composite, across the 2025 province merger and ministry restructure."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from data import schema
from metrics.periods import Period
from metrics.ranking import month_rankings, monthly_ranks, rank_agencies, rankings_of_months
from metrics.scorecard import rank_history, rank_history_of, rankable_metrics, ranked_period
from tests.factories import document, dossier, service, task

ON_TIME = "dossier_on_time_rate"


def _per_month(engine, metric, kind, months, boundary):
    return {m: rank_agencies(engine, metric, kind, ranked_period(metric, Period.month(m)), boundary) for m in months}


def _same(engine, metric, kind, months, boundary="auto"):
    """Each month of the grouped frame equals that month's own ranking (agencies, value, rank, of)."""
    grouped = monthly_ranks(engine, metric, kind, months, boundary)
    for m, ranking in _per_month(engine, metric, kind, months, boundary).items():
        g = grouped[grouped["month"] == m].set_index("agency")
        r = ranking.set_index("agency")
        assert sorted(g.index) == sorted(r.index), m
        g = g.loc[r.index]
        assert [None if v != v else v for v in g["value"]] == [None if v != v else v for v in r["value"]], m
        assert g["rank"].tolist() == r["rank"].tolist(), m
        assert set(g["of"]) == {int(r["of"].iloc[0])}, m
    return grouped


@pytest.fixture
def provinces(engine, add_rows):
    """Four provinces of the 63 set over 11/2019–01/2020, every composite component reported in
    01/2020 by Hà Nội (01), Hà Giang (02) and Cao Bằng (04); Bắc Kạn (06) reports dossiers only."""
    add_rows(schema.dossiers, [
        dossier("01", "2019-12", on_time=99, late=1), dossier("02", "2019-12", on_time=90, late=10),
        dossier("04", "2019-12", on_time=80, late=20),                       # 06 did not report
        dossier("01", "2020-01", on_time=90, late=10, received=200, online=100),
        dossier("02", "2020-01", on_time=100, late=0, received=100, online=80),
        dossier("04", "2020-01", on_time=95, late=5, received=100, online=100),
        dossier("06", "2020-01", on_time=45, late=5, received=100, online=100)])  # 90%: ties with Hà Nội
    add_rows(schema.documents, [document("01", "2020-01", sent=100, signed=80),
                                document("02", "2020-01", sent=100, signed=90),
                                document("04", "2020-01", sent=10, signed=10)])
    add_rows(schema.services, [service("01", "2019-12", procedures=1000, online=500, full=300),
                               service("01", "2020-01", procedures=1000, online=500, full=400),
                               service("02", "2020-01", procedures=1000, online=600, full=500),
                               service("04", "2020-01", procedures=100, online=95, full=90)])
    d = date
    add_rows(schema.tasks, [
        task("H1", "01", d(2019, 6, 1), d(2019, 7, 1), d(2019, 6, 20)),     # done
        task("H2", "01", d(2020, 1, 5), d(2020, 1, 20), d(2020, 1, 15)),    # done
        task("H3", "01", d(2020, 1, 5), d(2020, 1, 20)),                    # open past its due date: overdue
        task("G1", "02", d(2020, 1, 5), d(2020, 1, 20), d(2020, 1, 10)),    # done
        task("C1", "04", d(2019, 12, 5), d(2019, 12, 20)),                  # overdue from 12/2019 on
        task("C2", "04", d(2019, 12, 5), d(2020, 1, 30), d(2020, 1, 25))])  # open at 12/2019's end, done 01/2020
    return engine


MONTHS = ["2019-11", "2019-12", "2020-01"]


def test_flow_history_by_hand(provinces):
    grouped = _same(provinces, ON_TIME, "province", MONTHS, "63")
    jan = grouped[grouped["month"] == "2020-01"].set_index("agency")
    # 01/2020: Hà Giang 100%, Cao Bằng 95%, Hà Nội 90% and Bắc Kạn 90% (45/50) share 3rd; 4 of 63 ranked
    assert [jan.at[c, "rank"] for c in ("02", "04", "01", "06")] == [1, 2, 3, 3]
    assert jan["of"].iloc[0] == 4 and jan["rank"].isna().sum() == 63 - 4
    history = rank_history_of(grouped, "06", MONTHS)
    # Bắc Kạn: nothing in 11/2019 (none of 0), did not report in 12/2019 (of 3), 3rd of 4 in 01/2020
    assert history["rank"].tolist()[2] == 3 and history["rank"].isna().tolist() == [True, True, False]
    assert history["of"].tolist() == [0, 3, 4]
    assert math.isnan(history["value"].iloc[1]) and history["value"].iloc[2] == pytest.approx(90.0)
    per_month = rank_history(_per_month(provinces, ON_TIME, "province", MONTHS, "63"), "06")
    assert history.equals(per_month)


def test_composite_stock_and_task_history_equal_per_month_rankings(provinces):
    composite = _same(provinces, "composite", "province", MONTHS, "63")
    jan = composite[composite["month"] == "2020-01"].set_index("agency")
    # Cao Bằng 28.5 + 15 + 15 + 18 + 20 × (1 − 1/2) = 86.5 (C1 overdue of its 2 tasks); Hà Giang
    # 30 + 12 + 13.5 + 10 + 20 = 85.5; Hà Nội 27 + 7.5 + 12 + 8 + 20 × (1 − 1/3) = 67.83; Bắc Kạn none
    assert jan.at["04", "value"] == pytest.approx(86.5) and jan.at["02", "value"] == pytest.approx(85.5)
    assert jan.at["01", "value"] == pytest.approx(27 + 7.5 + 12 + 8 + 20 * (1 - 1 / 3))
    assert [jan.at[c, "rank"] for c in ("04", "02", "01")] == [1, 2, 3] and math.isnan(jan.at["06", "value"])
    # 12/2019: no documents anywhere, so no composite score for anyone
    assert composite[composite["month"] == "2019-12"]["of"].tolist()[0] == 0
    stock = _same(provinces, "services_full_online_share", "province", MONTHS, "63")
    dec = stock[stock["month"] == "2019-12"].set_index("agency")
    assert dec.at["01", "value"] == pytest.approx(30.0) and dec.at["01", "rank"] == 1  # 300/1000, alone
    tasks = _same(provinces, "task_overdue_rate", "province", MONTHS, "63")
    dec = tasks[tasks["month"] == "2019-12"].set_index("agency")
    # window 01–12/2019 as of 31/12/2019: Cao Bằng C1 overdue, C2 in progress → 50%; Hà Nội 0/1 → 0%
    assert dec.at["04", "value"] == pytest.approx(50.0) and dec.at["01", "value"] == pytest.approx(0.0)
    assert (dec.at["01", "rank"], dec.at["04", "rank"]) == (1, 2)  # lower overdue is better


def test_history_across_the_province_merger(engine, add_rows):
    # 06/2025 in the 34 set: Lâm Đồng sums Bình Thuận 60, Đắk Nông 60, Lâm Đồng 90 of 300 = 70%;
    # 07/2025: Lâm Đồng itself 75%. A stock (services) sums its former units' last months before.
    add_rows(schema.dossiers, [dossier("60", "2025-06", on_time=60, late=40), dossier("67", "2025-06", on_time=60, late=40),
                               dossier("68", "2025-06", on_time=90, late=10), dossier("01", "2025-06", on_time=80, late=20),
                               dossier("68", "2025-07", on_time=75, late=25), dossier("01", "2025-07", on_time=70, late=30)])
    add_rows(schema.services, [service("60", "2025-06", procedures=100, full=50), service("68", "2025-06", procedures=100, full=90),
                               service("68", "2025-07", procedures=200, full=100), service("01", "2025-07", procedures=10, full=9)])
    months = ["2025-06", "2025-07"]
    flows = _same(engine, ON_TIME, "province", months, "34").set_index(["month", "agency"])
    assert flows.at[("2025-06", "68"), "value"] == pytest.approx(70.0)  # (60 + 60 + 90) / 300
    assert (flows.at[("2025-06", "68"), "rank"], flows.at[("2025-07", "68"), "rank"]) == (2, 1)
    stock = _same(engine, "services_full_online_share", "province", months, "34").set_index(["month", "agency"])
    assert stock.at[("2025-06", "68"), "value"] == pytest.approx(70.0)  # (50 + 90) / 200: Đắk Nông missing
    assert stock.at[("2025-07", "68"), "value"] == pytest.approx(50.0)  # 100 / 200, itself only
    assert stock.at[("2025-07", "01"), "rank"] == 1  # 90% ahead of Lâm Đồng's 50%


def test_ministry_history_ranks_each_month_in_its_own_set(engine, add_rows):
    # 02/2025 (22 ministries): Tài chính 90%, Kế hoạch và Đầu tư 50%, Y tế 80%; 03/2025 (17): Tài chính 70%, Y tế 80%
    add_rows(schema.dossiers, [dossier("BTC", "2025-02", on_time=90, late=10), dossier("BKHDT", "2025-02", on_time=50, late=50),
                               dossier("BYT", "2025-02", on_time=80, late=20), dossier("BTC", "2025-03", on_time=70, late=30),
                               dossier("BYT", "2025-03", on_time=80, late=20)])
    grouped = _same(engine, ON_TIME, "ministry", ["2025-02", "2025-03"]).set_index(["month", "agency"])
    assert ("2025-02", "BKHDT") in grouped.index and ("2025-03", "BKHDT") not in grouped.index
    assert (grouped.at[("2025-02", "BTC"), "rank"], grouped.at[("2025-02", "BKHDT"), "rank"]) == (1, 3)
    assert (grouped.at[("2025-03", "BYT"), "rank"], grouped.at[("2025-03", "BTC"), "rank"]) == (1, 2)


def test_a_months_rankings_in_grouped_queries_are_the_rankings(provinces):
    metrics = rankable_metrics("province")
    both = rankings_of_months(provinces, metrics, "province", ["2020-01", "2019-01"], "63")
    for month, rankings in both.items():
        for metric in metrics:  # every column, every row, in the same order and types
            expected = rank_agencies(provinces, metric, "province", ranked_period(metric, Period.month(month)), "63")
            pd.testing.assert_frame_equal(rankings[metric], expected, check_exact=True)
    fast = both["2020-01"]
    on_time = fast[ON_TIME].set_index("agency")
    # Hà Nội: 1st in 12/2019 (99%), 3rd in 01/2020 (90%, tied with Bắc Kạn): two places down
    assert (on_time.at["01", "prev_rank"], on_time.at["01", "rank"], on_time.at["01", "rank_change"]) == (1, 3, -2)
    composite = fast["composite"].set_index("agency")
    # Cao Bằng first on 86.5 points; no composite in 12/2019 (no documents), so no previous rank
    assert composite.index[0] == "04" and composite.at["04", "rank"] == 1
    assert composite["prev_rank"].isna().all()


def test_ministry_rankings_of_a_month_keep_the_months_set_for_the_previous_one(engine, add_rows):
    add_rows(schema.dossiers, [dossier("BTC", "2025-02", on_time=90, late=10), dossier("BKHDT", "2025-02", on_time=50, late=50),
                               dossier("BYT", "2025-02", on_time=80, late=20), dossier("BTC", "2025-03", on_time=70, late=30),
                               dossier("BYT", "2025-03", on_time=80, late=20)])
    both = rankings_of_months(engine, [ON_TIME, "composite"], "ministry", ["2025-03", "2025-02"])
    for month, rankings in both.items():  # February is ranked in its own 22-ministry set
        for metric in (ON_TIME, "composite"):
            expected = rank_agencies(engine, metric, "ministry", Period.month(month))
            pd.testing.assert_frame_equal(rankings[metric], expected, check_exact=True)
    assert len(both["2025-02"][ON_TIME]) == 22 and len(both["2025-03"][ON_TIME]) == 17
    fast = month_rankings(engine, [ON_TIME, "composite"], "ministry", "2025-03")
    r = fast[ON_TIME].set_index("agency")
    # February in the 17-ministry set: Tài chính (90 + 50) / 200 = 70% behind Y tế's 80%: no change
    assert (r.at["BYT", "prev_rank"], r.at["BTC", "prev_rank"], r.at["BTC", "rank_change"]) == (1, 2, 0)
