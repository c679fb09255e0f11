"""One agency's scorecard (ranks, changes, gaps to the next place, the best, last year and the
target; rank history; peers; who a code is in a view) on a small hand-built fixture."""
from __future__ import annotations

import pytest

from data import schema
from metrics.periods import Period
from metrics.ranking import rank_agencies
from metrics.scorecard import (agency_profile, agency_rank, display_rows, neighbours, rank_history, rank_of,
                               rankable_metrics, ranked_period, region_peers, scorecard_rows, successor_profile,
                               target_gap, trend_months)

ON_TIME = "dossier_on_time_rate"
JAN, DEC = Period.month("2020-01"), Period.month("2019-12")


def dossier(code, month, on_time, late):
    return {"agency_code": code, "month": month, "received": on_time + late, "received_online": 0,
            "resolved_on_time": on_time, "resolved_late": late, "pending_in_time": 0, "pending_overdue": 0}


@pytest.fixture
def four_provinces(engine, add_rows):
    """01/2020: Đắk Nông 99%, Lâm Đồng 95%, Đắk Lắk 95% (a tie), Hà Nội 90%.
    12/2019: Hà Nội 99%, Lâm Đồng 90%, Đắk Nông 80%; Đắk Lắk did not report."""
    add_rows(schema.dossiers, [
        dossier("67", "2020-01", 99, 1), dossier("68", "2020-01", 95, 5),
        dossier("66", "2020-01", 190, 10), dossier("01", "2020-01", 90, 10),
        dossier("01", "2019-12", 99, 1), dossier("68", "2019-12", 90, 10), dossier("67", "2019-12", 80, 20),
    ])
    return engine


def _ranking(engine, period):
    return rank_agencies(engine, ON_TIME, "province", period, boundary="63")


def test_agency_rank_has_rank_change_gap_to_next_and_best(four_provinces):
    r = _ranking(four_provinces, JAN)
    lam_dong = agency_rank(r, "68")
    # 95% ties with Đắk Lắk (190/200) for rank 2 of the 4 that reported; it was 2nd in 12/2019 too.
    assert (lam_dong["rank"], lam_dong["of"], lam_dong["prev_rank"], lam_dong["rank_change"]) == (2, 4, 2, 0)
    assert lam_dong["value"] == pytest.approx(95.0)
    # Next place up is Đắk Nông at 99%: 4 points away; it is also the best performer.
    assert lam_dong["gap_next"] == pytest.approx(4.0)
    assert (lam_dong["best_agency"], lam_dong["best_name_vi"]) == ("67", "Đắk Nông")
    assert lam_dong["gap_best"] == pytest.approx(4.0)

    ha_noi = agency_rank(r, "01")
    # 90% is 4th (no 3rd after the tie); the place above holds 95%: 5 points; the best 99%: 9 points.
    assert (ha_noi["rank"], ha_noi["prev_rank"], ha_noi["rank_change"]) == (4, 1, -3)
    assert ha_noi["gap_next"] == pytest.approx(5.0)
    assert ha_noi["gap_best"] == pytest.approx(9.0)

    dak_nong = agency_rank(r, "67")
    assert (dak_nong["rank"], dak_nong["rank_change"], dak_nong["gap_next"]) == (1, 2, None)  # 3rd → 1st
    dak_lak = agency_rank(r, "66")
    assert (dak_lak["rank"], dak_lak["prev_rank"], dak_lak["rank_change"]) == (2, None, None)  # new


def test_agency_without_data_is_unranked_not_zero(four_provinces):
    kon_tum = agency_rank(_ranking(four_provinces, JAN), "62")
    assert kon_tum["value"] is None and kon_tum["rank"] is None and kon_tum["gap_next"] is None
    assert kon_tum["best_agency"] == "67"


def test_scorecard_rows_compare_with_last_year_and_the_target(four_provinces):
    current = {ON_TIME: _ranking(four_provinces, JAN)}
    last_year = {ON_TIME: _ranking(four_provinces, JAN.same_last_year())}  # 01/2019: nobody reported
    rows = scorecard_rows(current, last_year, "68", {ON_TIME: 98.0})
    r = rows.iloc[0]
    assert r["metric"] == ON_TIME and r["rank"] == 2 and r["ly_value"] is None and r["ly_rank"] is None
    assert r["target"] == 98.0 and r["target_gap"] == pytest.approx(3.0)  # 98 − 95
    shown = display_rows(rows, "vi").iloc[0]
    assert shown["value"] == "95,0%"
    assert shown["rank"] == "2/4"
    assert shown["change"] == "–"
    assert shown["gap_next"] == "4,00 điểm %"
    assert shown["best"] == "Đắk Nông · 99,0%"
    assert shown["last_year"] == "Không có số liệu · –"
    assert shown["target"] == "98,0%" and shown["target_gap"] == "3,00 điểm %"
    first = display_rows(scorecard_rows(current, last_year, "67", {ON_TIME: 98.0}), "en").iloc[0]
    assert first["gap_next"] == "In first place" and first["target_gap"] == "Reached" and first["rank"] == "1 of 4"


def test_target_gap_respects_direction():
    assert target_gap("dossier_on_time_rate", 95.0, 98.0) == pytest.approx(3.0)
    assert target_gap("dossier_on_time_rate", 99.0, 98.0) == 0.0
    assert target_gap("task_overdue_rate", 5.0, 2.0) == pytest.approx(3.0)  # lower is better
    assert target_gap("task_overdue_rate", 1.0, 2.0) == 0.0
    assert target_gap("dossier_on_time_rate", None, 98.0) is None
    assert target_gap("composite", 60.0, 98.0) is None


def test_rank_history_per_month(four_provinces):
    months = {m: _ranking(four_provinces, Period.month(m)) for m in ("2019-12", "2020-01")}
    lam_dong = rank_history(months, "68")
    assert list(lam_dong["month"]) == ["2019-12", "2020-01"]
    assert list(lam_dong["rank"]) == [2, 2] and list(lam_dong["of"]) == [3, 4]
    dak_lak = rank_history(months, "66")
    assert dak_lak["rank"].isna().tolist() == [True, False]  # not ranked in 12/2019: a gap, not 0
    assert trend_months("2020-01", 3) == ["2019-11", "2019-12", "2020-01"]
    assert len(trend_months("2020-10")) == 12


def test_region_peers_and_neighbours(four_provinces):
    r = _ranking(four_provinces, JAN)
    peers = region_peers(r, "68")
    # Tây Nguyên: Kon Tum 62, Gia Lai 64, Đắk Lắk 66, Đắk Nông 67, Lâm Đồng 68; ranked first, N/A last.
    assert list(peers["agency"][:3]) == ["67", "66", "68"]
    assert set(peers["agency"]) == {"62", "64", "66", "67", "68"}
    assert list(neighbours(r, "66", n=1)["agency"]) == ["67", "66", "68"]
    assert neighbours(r, "ZZ").empty


def test_agency_profile_follows_the_boundary_set_of_the_view():
    lam_dong_2020 = agency_profile("68", Period.year(2020))
    assert (lam_dong_2020["name_vi"], lam_dong_2020["kind"], lam_dong_2020["set_id"], lam_dong_2020["region"]) \
        == ("Lâm Đồng", "province", "63", "TN")
    assert agency_profile("68", Period.month("2025-08"))["set_id"] == "34"  # the merged Lâm Đồng
    assert agency_profile("68", Period.year(2020), boundary="34")["set_id"] == "34"
    assert agency_profile("67", Period.month("2025-08")) is None  # Đắk Nông no longer exists
    old, new = successor_profile("67", Period.month("2025-08"))
    assert (old["name_vi"], new["code"]) == ("Đắk Nông", "68")
    assert agency_profile("btc", Period.year(2020))["kind"] == "ministry"
    assert agency_profile("BKHDT", Period.month("2026-10")) is None  # merged into the Ministry of Finance
    assert successor_profile("BKHDT", Period.month("2026-10"))[1]["code"] == "BTC"
    assert agency_profile("ZZ", Period.year(2020)) is None and agency_profile(None, Period.year(2020)) is None
    assert successor_profile("ZZ", Period.year(2020)) is None


def test_rankable_metrics_and_ranked_period():
    assert rankable_metrics("province")[0] == "composite"
    assert "dossier_on_time_rate" in rankable_metrics("ministry")
    assert "dossiers_received" not in rankable_metrics("province")  # counts favour big provinces
    # Task KPIs: tasks assigned in the 12 months to the period's end, as the composite index does.
    assert ranked_period("task_completion_rate", Period.month("2020-10")) == Period.between("2019-11", "2020-10")
    assert ranked_period("task_completion_rate", Period.year(2020)) == Period.year(2020)
    assert ranked_period(ON_TIME, Period.month("2020-10")) == Period.month("2020-10")
    assert ranked_period("composite", Period.month("2020-10")) == Period.month("2020-10")


def test_rank_of():
    assert rank_of(2, 63) == "2/63" and rank_of(2, 63, "en") == "2 of 63" and rank_of(None, 63) == "–"
