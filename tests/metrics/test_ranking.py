"""Rankings (ties, direction, unranked agencies, rank change, composite index, bands, peers, gap to
the next place) and targets (gap, reached, trend projection), on small hand-built fixtures."""
from __future__ import annotations

import math
from datetime import date

import pytest

from data import schema
from metrics import catalog
from metrics.periods import Period
from metrics.ranking import band, composite_values, gap_to_next, peers, rank_agencies
from metrics.scope import Scope
from metrics.targets import current_target, target_status, targets_for, trend_projection

P = Period.between


def dossier(code, month, on_time=0, late=0, received=None, online=0):
    received = on_time + late if received is None else received
    return {"agency_code": code, "month": month, "received": received, "received_online": online,
            "resolved_on_time": on_time, "resolved_late": late, "pending_in_time": 0, "pending_overdue": 0}


def document(code, month, sent=0, signed=0):
    return {"agency_code": code, "month": month, "sent": sent, "received": 0, "sent_signed": signed,
            "connected": 1}


def service(code, month, procedures=0, online=0, full=0):
    return {"agency_code": code, "month": month, "procedures": procedures, "services_online": online,
            "services_full_online": full, "services_on_portal": 0, "dossiers_synced": 0, "dossiers_online": 0}


def task(task_id, code, assigned, due, completed=None):
    return {"task_id": task_id, "agency_code": code, "title": task_id, "assigned_on": assigned,
            "assigned_month": f"{assigned:%Y-%m}", "due_on": due, "completed_on": completed}


def by_agency(ranking):
    return ranking.set_index("agency")


# --- ranks ---------------------------------------------------------------------------------------

def _ties(add_rows):
    add_rows(schema.dossiers, [dossier("04", "2020-01", on_time=95, late=5),   # 95%
                               dossier("01", "2020-01", on_time=90, late=10),  # 90%
                               dossier("02", "2020-01", on_time=45, late=5),   # 90% (45/50), a tie
                               dossier("06", "2020-01", on_time=80, late=20)])  # 80%


def test_ties_share_a_rank(engine, add_rows):
    _ties(add_rows)
    r = rank_agencies(engine, "dossier_on_time_rate", "province", Period.month("2020-01"), boundary="63")
    top = r.head(4)
    # competition ranking: 95 → 1, 90 and 90 → 2 and 2, 80 → 4 (there is no 3rd)
    assert list(top["agency"]) == ["04", "01", "02", "06"]
    assert list(top["rank"]) == [1, 2, 2, 4]


def test_agencies_without_data_are_unranked_and_listed_last(engine, add_rows):
    _ties(add_rows)
    r = rank_agencies(engine, "dossier_on_time_rate", "province", Period.month("2020-01"), boundary="63")
    assert len(r) == 63
    # `of` counts the four ranked provinces only, on every row
    assert set(r["of"]) == {4}
    assert r["rank"].iloc[:4].notna().all()
    assert r["rank"].iloc[4:].isna().all()
    assert r["value"].iloc[4:].isna().all()  # missing, not 0
    # no previous data (12/2019): no previous rank and no change
    assert r["prev_rank"].isna().all() and r["rank_change"].isna().all()


def test_lower_is_better_ranks_the_smallest_first(engine, add_rows):
    d = date
    add_rows(schema.tasks, [
        # Hà Nội: 2 tasks, both done on time → 0% overdue
        task("A1", "01", d(2020, 1, 5), d(2020, 2, 1), d(2020, 1, 20)),
        task("A2", "01", d(2020, 2, 5), d(2020, 3, 1), d(2020, 2, 20)),
        # Hà Giang: 4 tasks, one open past its 2020-03-01 deadline → 1/4 = 25%
        task("B1", "02", d(2020, 1, 5), d(2020, 3, 1)),
        task("B2", "02", d(2020, 1, 5), d(2020, 3, 1), d(2020, 2, 1)),
        task("B3", "02", d(2020, 1, 5), d(2020, 3, 1), d(2020, 2, 1)),
        task("B4", "02", d(2020, 1, 5), d(2020, 9, 1)),
        # Cao Bằng: 4 tasks, two open past their deadline → 2/4 = 50%
        task("C1", "04", d(2020, 1, 5), d(2020, 3, 1)),
        task("C2", "04", d(2020, 1, 5), d(2020, 3, 1)),
        task("C3", "04", d(2020, 1, 5), d(2020, 9, 1)),
        task("C4", "04", d(2020, 1, 5), d(2020, 9, 1)),
    ])
    assert not catalog.get("task_overdue_rate").higher_is_better
    r = rank_agencies(engine, "task_overdue_rate", "province", P("2020-01", "2020-06"), boundary="63",
                      as_of=date(2020, 6, 30))
    top = r.head(3)
    assert list(top["agency"]) == ["01", "02", "04"]
    assert list(top["value"]) == pytest.approx([0.0, 25.0, 50.0])
    assert list(top["rank"]) == [1, 2, 3]
    assert top["of"].iloc[0] == 3


def test_rank_change_against_the_previous_period_of_equal_length(engine, add_rows):
    # previous period 01–02/2020: Hà Nội 95% (50/50 + 45/50), Hà Giang 90%, Cao Bằng 85%
    # current period 03–04/2020:  Cao Bằng 99%, Hà Nội 90%, Hà Giang 80%, Bắc Kạn 70% (new)
    add_rows(schema.dossiers, [
        dossier("01", "2020-01", on_time=50, late=0), dossier("01", "2020-02", on_time=45, late=5),
        dossier("02", "2020-02", on_time=90, late=10), dossier("04", "2020-02", on_time=85, late=15),
        dossier("06", "2019-12", on_time=100, late=0),  # before both periods: ignored
        dossier("04", "2020-04", on_time=99, late=1), dossier("01", "2020-03", on_time=90, late=10),
        dossier("02", "2020-04", on_time=80, late=20), dossier("06", "2020-04", on_time=70, late=30),
    ])
    r = by_agency(rank_agencies(engine, "dossier_on_time_rate", "province", P("2020-03", "2020-04"), boundary="63"))
    assert [r.loc[c, "rank"] for c in ("04", "01", "02", "06")] == [1, 2, 3, 4]
    assert [r.loc[c, "prev_rank"] for c in ("04", "01", "02")] == [3, 1, 2]
    # positive = moved up: Cao Bằng 3 → 1 (+2), Hà Nội 1 → 2 (−1), Hà Giang 2 → 3 (−1)
    assert [r.loc[c, "rank_change"] for c in ("04", "01", "02")] == [2, -1, -1]
    # Bắc Kạn had no data in Jan–Feb: no previous rank, no change
    assert r["prev_rank"].isna()["06"] and r["rank_change"].isna()["06"]


def test_ministry_rank_change_across_the_2025_restructure_compares_like_with_like(engine, add_rows):
    # 02/2025 (22 ministries): Tài chính 90/100, Kế hoạch và Đầu tư 50/100, Y tế 80/100
    # 03/2025 (17 ministries): Tài chính 70/100, Y tế 80/100
    add_rows(schema.dossiers, [dossier("BTC", "2025-02", on_time=90, late=10),
                               dossier("BKHDT", "2025-02", on_time=50, late=50),
                               dossier("BYT", "2025-02", on_time=80, late=20),
                               dossier("BTC", "2025-03", on_time=70, late=30),
                               dossier("BYT", "2025-03", on_time=80, late=20)])
    r = by_agency(rank_agencies(engine, "dossier_on_time_rate", "ministry", Period.month("2025-03")))
    assert len(r) == 17
    assert (r.loc["BYT", "rank"], r.loc["BTC", "rank"]) == (1, 2)
    # In the 17-ministry set February's Tài chính includes Kế hoạch và Đầu tư: (90 + 50) / 200 = 70%,
    # behind Y tế's 80%. So both kept their places: previous ranks 1 (BYT) and 2 (BTC), change 0.
    assert (r.loc["BYT", "prev_rank"], r.loc["BTC", "prev_rank"]) == (1, 2), \
        "the previous period is ranked in the 22-ministry set, not the current 17-ministry set"
    assert (r.loc["BYT", "rank_change"], r.loc["BTC", "rank_change"]) == (0, 0)


def test_province_rank_change_across_the_merger_stays_in_one_boundary_set(engine, add_rows):
    # 06/2025, old provinces: Bình Thuận 60/100, Đắk Nông 60/100, Lâm Đồng 90/100; Hà Nội 80/100
    # 07/2025, 34 provinces: Lâm Đồng 75/100, Hà Nội 80/100
    add_rows(schema.dossiers, [dossier("60", "2025-06", on_time=60, late=40),
                               dossier("67", "2025-06", on_time=60, late=40),
                               dossier("68", "2025-06", on_time=90, late=10),
                               dossier("01", "2025-06", on_time=80, late=20),
                               dossier("68", "2025-07", on_time=75, late=25),
                               dossier("01", "2025-07", on_time=80, late=20)])
    r = by_agency(rank_agencies(engine, "dossier_on_time_rate", "province", Period.month("2025-07")))
    assert len(r) == 34
    # June in the 34 set: Lâm Đồng = (60 + 60 + 90) / 300 = 70% → 2nd behind Hà Nội's 80%
    assert (r.loc["01", "prev_rank"], r.loc["68", "prev_rank"]) == (1, 2)
    assert (r.loc["01", "rank_change"], r.loc["68", "rank_change"]) == (0, 0)


# --- the composite index -------------------------------------------------------------------------

def _composite_fixture(add_rows):
    d = date
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10, received=200, online=100),
                               dossier("02", "2020-01", on_time=100, late=0, received=100, online=80),
                               dossier("04", "2020-01", on_time=95, late=5, received=100, online=100),
                               dossier("06", "2020-01", on_time=99, late=1, received=100, online=100)])
    add_rows(schema.documents, [document("01", "2020-01", sent=100, signed=80),
                                document("02", "2020-01", sent=100, signed=90),
                                document("04", "2020-01", sent=10, signed=10)])
    add_rows(schema.services, [service("01", "2020-01", procedures=1000, online=500, full=400),
                               service("02", "2020-01", procedures=1000, online=600, full=500),
                               service("04", "2020-01", procedures=100, online=95, full=90)])
    add_rows(schema.tasks, [
        # the task component covers tasks assigned 02/2019–01/2020, status at 2020-01-31
        task("H0", "01", d(2019, 1, 15), d(2019, 2, 15)),                  # 01/2019: outside the 12 months
        task("H1", "01", d(2019, 6, 1), d(2019, 7, 1), d(2019, 6, 20)),     # done
        task("H2", "01", d(2020, 1, 5), d(2020, 1, 20), d(2020, 1, 15)),    # done
        task("H3", "01", d(2020, 1, 5), d(2020, 1, 20)),                    # open past its due date: overdue
        task("G1", "02", d(2020, 1, 5), d(2020, 1, 20), d(2020, 1, 10)),    # done
        task("C1", "04", d(2019, 12, 5), d(2020, 1, 20), d(2020, 1, 25)),   # done (late still counts)
    ])


# Weights from the catalog: on-time 30, online share 15, signed share 15, level-4 share 20, and
# 20 × (1 − overdue rate) for tasks (a task still within its deadline costs nothing)
HANOI = 30 * 0.90 + 15 * 0.50 + 15 * 0.80 + 20 * 0.40 + 20 * (1 - 1 / 3)  # 27 + 7.5 + 12 + 8 + 13.333 = 67.833
HA_GIANG = 30 * 1.00 + 15 * 0.80 + 15 * 0.90 + 20 * 0.50 + 20 * (1 - 0)  # 30 + 12 + 13.5 + 10 + 20 = 85.5
CAO_BANG = 30 * 0.95 + 15 * 1.00 + 15 * 1.00 + 20 * 0.90 + 20 * (1 - 0)  # 28.5 + 15 + 15 + 18 + 20 = 96.5


def test_composite_weights_are_the_catalogs():
    assert catalog.composite_weights() == {"dossier_on_time_rate": 30, "dossier_online_share": 15,
                                           "documents_signed_share": 15, "services_full_online_share": 20,
                                           "task_overdue_rate": 20}


def test_composite_points_on_a_hand_computed_example(engine, add_rows):
    _composite_fixture(add_rows)
    c = by_agency(composite_values(engine, "province", Period.month("2020-01"), boundary="63"))
    assert HANOI == pytest.approx(67.8333, abs=1e-4)
    assert c.loc["01", "value"] == pytest.approx(HANOI)
    assert c.loc["02", "value"] == pytest.approx(HA_GIANG)
    assert c.loc["04", "value"] == pytest.approx(CAO_BANG)
    # Hà Nội's components, one by one
    assert c.loc["01", "points_dossier_on_time_rate"] == pytest.approx(27.0)
    assert c.loc["01", "points_dossier_online_share"] == pytest.approx(7.5)
    assert c.loc["01", "points_documents_signed_share"] == pytest.approx(12.0)
    assert c.loc["01", "points_services_full_online_share"] == pytest.approx(8.0)
    assert c.loc["01", "points_task_overdue_rate"] == pytest.approx(40 / 3)  # 20 × (1 − 1/3)
    # Bắc Kạn reports dossiers only: no partial score
    assert math.isnan(c.loc["06", "value"])


def test_composite_ranking(engine, add_rows):
    _composite_fixture(add_rows)
    r = rank_agencies(engine, "composite", "province", Period.month("2020-01"), boundary="63")
    assert list(r["agency"].head(3)) == ["04", "02", "01"]
    assert list(r["rank"].head(3)) == [1, 2, 3]
    assert r["of"].iloc[0] == 3
    assert r.loc[r["agency"] == "06", "rank"].isna().all()


@pytest.mark.parametrize("points, vi, en", [
    (96.5, "Xuất sắc", "Excellent"), (90.0, "Xuất sắc", "Excellent"), (89.99, "Tốt", "Good"),
    (85.5, "Tốt", "Good"), (80.0, "Tốt", "Good"), (70.0, "Khá", "Fair"), (67.83, "Trung bình", "Average"),
    (50.0, "Trung bình", "Average"), (49.99, "Yếu", "Weak"), (0.0, "Yếu", "Weak"),
])
def test_bands(points, vi, en):
    assert band(points) == vi
    assert band(points, "en") == en


def test_no_band_without_a_score():
    assert band(None) is None
    assert band(float("nan")) is None


def test_peers_are_the_same_region_in_rank_order(engine, add_rows):
    _composite_fixture(add_rows)
    r = rank_agencies(engine, "composite", "province", Period.month("2020-01"), boundary="63")
    p = peers(r, "02")
    # Hà Giang (02) and Cao Bằng (04) are in the Northern Midlands and Mountains (14 provinces);
    # Hà Nội (Red River Delta) is not
    assert len(p) == 14
    assert set(p["region"]) == {"TDMN"}
    assert list(p["agency"].head(2)) == ["04", "02"]
    assert "01" not in set(p["agency"])
    assert peers(r, "ZZ").empty


def test_gap_to_next(engine, add_rows):
    _composite_fixture(add_rows)
    r = rank_agencies(engine, "composite", "province", Period.month("2020-01"), boundary="63")
    assert gap_to_next(r, "04") is None  # first
    assert gap_to_next(r, "02") == pytest.approx(CAO_BANG - HA_GIANG)  # 96.5 − 85.5 = 11
    # between the values as shown (two decimals for points): 85,50 − 67,83 = 17,67
    assert gap_to_next(r, "01") == pytest.approx(17.67)
    assert gap_to_next(r, "06") is None  # unranked


def test_gap_to_next_with_ties(engine, add_rows):
    _ties(add_rows)
    r = rank_agencies(engine, "dossier_on_time_rate", "province", Period.month("2020-01"), boundary="63")
    # ranks 95 (1), 90 (2), 90 (2), 80 (4): the 4th is 10 points behind the tied 2nd places
    assert gap_to_next(r, "06") == pytest.approx(10.0)
    assert gap_to_next(r, "01") == pytest.approx(5.0)
    assert gap_to_next(r, "02") == pytest.approx(5.0)


# --- targets -------------------------------------------------------------------------------------

def test_trend_projection_of_a_linear_series():
    months = [f"2020-{m:02d}" for m in range(1, 13)]
    values = [80.0 + k for k in range(12)]  # +1 point a month: 80 in 01/2020, 91 in 12/2020
    # 06/2021 is 17 months after 01/2020: 80 + 17 = 97
    assert trend_projection(months, values, date(2021, 6, 30)) == pytest.approx(97.0)
    # 12/2020 itself: 91
    assert trend_projection(months, values, date(2020, 12, 1)) == pytest.approx(91.0)
    # missing months are skipped, not read as 0
    gappy = [v if k % 2 else float("nan") for k, v in enumerate(values)]
    assert trend_projection(months, gappy, date(2021, 6, 30)) == pytest.approx(97.0)
    # fewer than three points: no projection
    assert trend_projection(months[:2], values[:2], date(2021, 6, 30)) is None


def _linear_on_time(add_rows):
    # Hà Nội resolves 100 dossiers a month in 2020; on time 80 in January, one more each month: 91 in December
    add_rows(schema.dossiers, [dossier("01", f"2020-{m:02d}", on_time=79 + m, late=21 - m) for m in range(1, 13)])


def test_target_gap_reached_and_projection(engine, add_rows):
    _linear_on_time(add_rows)
    year, hanoi = Period.year(2020), Scope.of_agency("01")
    # the year's value from summed counts: (80 + 81 + ... + 91) / 1200 = 1026/1200 = 85.5%
    s = target_status(engine, "dossier_on_time_rate", year, 95.0, date(2021, 6, 30), hanoi)
    assert s.value == pytest.approx(85.5)
    assert s.gap == pytest.approx(9.5)  # 95 − 85.5
    assert s.reached is False
    # the monthly rate climbs 1 point a month: 97 by 06/2021 ≥ 95 → on track
    assert s.projected == pytest.approx(97.0)
    assert s.on_track is True
    assert s.scope == "01"
    # the same verdict from a value the caller already read (the card's): nothing read twice
    given = target_status(engine, "dossier_on_time_rate", year, 95.0, date(2021, 6, 30), hanoi, value=85.5)
    assert given == s
    # a value given is the one judged: 96 has reached 95
    assert target_status(engine, "dossier_on_time_rate", year, 95.0, date(2021, 6, 30), hanoi, value=96.0).reached is True
    # a target of 98 by 06/2021 is out of reach of that trend
    s = target_status(engine, "dossier_on_time_rate", year, 98.0, date(2021, 6, 30), hanoi)
    assert (s.gap, s.reached, s.on_track) == (pytest.approx(12.5), False, False)
    # 85 is already reached: no gap
    s = target_status(engine, "dossier_on_time_rate", year, 85.0, date(2021, 6, 30), hanoi)
    assert (s.gap, s.reached, s.on_track) == (0.0, True, True)
    # a deadline already past and not reached: not on track, whatever the trend says
    s = target_status(engine, "dossier_on_time_rate", year, 95.0, date(2020, 6, 30), hanoi)
    assert (s.reached, s.on_track) == (False, False)


def test_target_of_a_lower_is_better_metric(engine, add_rows):
    d = date
    # four tasks in 01/2020, one of them open past its deadline at the year's end: 25% overdue
    add_rows(schema.tasks, [task("T1", "01", d(2020, 1, 5), d(2020, 3, 1)),
                            task("T2", "01", d(2020, 1, 5), d(2020, 3, 1), d(2020, 2, 1)),
                            task("T3", "01", d(2020, 1, 5), d(2020, 3, 1), d(2020, 2, 1)),
                            task("T4", "01", d(2020, 1, 5), d(2020, 3, 1), d(2020, 2, 1))])
    s = target_status(engine, "task_overdue_rate", Period.year(2020), 2.0, date(2021, 12, 31), Scope.of_agency("01"))
    assert s.value == pytest.approx(25.0)
    assert s.gap == pytest.approx(23.0)  # 25 − 2: above the ceiling
    assert s.reached is False
    # the trend is the cards' series: each month's 12-month window as of its end. Jan and Feb 0%
    # (T1 is due on 01/03), Mar–Dec 25%. Least squares over x = 0..11: mean 250/12 = 20.83, slope
    # Σ(x − 5.5)·y / Σ(x − 5.5)² = 25 × 10 / 143 = 1.748 a month; at 12/2021 (x = 23):
    # 20.83 + 1.748 × 17.5 = 51.43, far above the 2% ceiling
    assert s.projected == pytest.approx(250 / 12 + 250 / 143 * 17.5)
    assert s.on_track is False
    s = target_status(engine, "task_overdue_rate", Period.year(2020), 30.0, date(2021, 12, 31), Scope.of_agency("01"))
    assert (s.gap, s.reached, s.on_track) == (0.0, True, True)


def test_no_value_no_gap(engine):
    s = target_status(engine, "dossier_on_time_rate", Period.year(2020), 95.0, date(2021, 6, 30), Scope.of_agency("01"))
    assert (s.value, s.gap, s.reached, s.projected, s.on_track) == (None, None, None, None, None)


def test_current_target_is_the_nearest_deadline_not_before_the_period_end(engine):
    # level-4 services: 30% by end 2020, 80% by end 2025 (Resolution 17/NQ-CP)
    t = current_target(engine, "services_full_online_share", Period.year(2020))
    assert (t["value"], str(t["deadline"])[:10]) == (30.0, "2020-12-31")
    t = current_target(engine, "services_full_online_share", Period.year(2021))
    assert (t["value"], str(t["deadline"])[:10]) == (80.0, "2025-12-31")
    # after the last deadline: the last target
    t = current_target(engine, "services_full_online_share", Period.year(2026))
    assert t["value"] == 80.0
    assert current_target(engine, "dossiers_received", Period.year(2020)) is None
    # chosen the same way from every target read once (as the pages keep them)
    every = targets_for(engine)
    for metric_id in ("services_full_online_share", "dossier_on_time_rate", "dossiers_received"):
        for period in (Period.year(2020), Period.year(2021), Period.year(2026), Period.month("2025-12")):
            assert current_target(engine, metric_id, period, every) == current_target(engine, metric_id, period)
    assert current_target(engine, "services_full_online_share", Period.year(2020), every.iloc[0:0]) is None  # none held
