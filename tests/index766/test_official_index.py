"""The 766 index, scored by hand: each kind of scoring rule, a group total, ties, the what-if, and
the periods and agency sets the inputs are summed over. Input rows score full marks (100 points)
unless a test says otherwise (see index_rows.inputs)."""
from __future__ import annotations

import pandas as pd
import pytest
from index_rows import inputs

from data import schema
from metrics import official_index as oi
from metrics.index_model import MODEL
from metrics.periods import Period


def scored(*rows: dict) -> pd.DataFrame:
    """Score rows of counts without a database (as the warehouse would sum them for one month)."""
    frame = pd.DataFrame(rows).rename(columns={"agency_code": "agency"})
    out = oi.score(frame)
    out["rank"] = oi.competition_ranks(out["total"])
    out["of"] = int(out["total"].notna().sum())
    return out


def points(frame: pd.DataFrame, criterion: str, row: int = 0) -> float:
    return float(frame.iloc[row][f"points_{criterion}"])


# --- each scoring rule ----------------------------------------------------------------------------

def test_a_perfect_row_scores_100_points():
    s = scored(inputs("19", "2025-08"))
    assert float(s.iloc[0]["total"]) == pytest.approx(100.0)
    assert s.iloc[0]["band"] == "Xuất sắc"
    assert {g.id: float(s.iloc[0][g.id]) for g in MODEL.groups} == {
        "transparency": 18, "progress": 20, "online_services": 12, "online_payment": 10,
        "digitisation": 22, "satisfaction": 18}


def test_linear_rule_points_are_the_maximum_times_the_rate():
    s = scored(inputs("19", "2025-08", procedures_announced=200, procedures_announced_on_time=180))
    assert float(s.iloc[0]["value_announced_on_time"]) == pytest.approx(90.0)  # 180 / 200
    assert points(s, "announced_on_time") == pytest.approx(5.4)  # 6 × 0.90


def test_progress_counts_pending_within_the_deadline_as_on_time():
    s = scored(inputs("19", "2025-08", handled_done_on_time=900, handled_done_late=30,
                      handled_pending_in_time=50, handled_pending_overdue=20))
    # (900 + 50) / (900 + 30 + 50 + 20) = 950 / 1000 = 95% → 20 × 0.95 = 19.0
    assert float(s.iloc[0]["value_handled_on_time"]) == pytest.approx(95.0)
    assert points(s, "handled_on_time") == pytest.approx(19.0)


def test_full_marks_from_a_threshold():
    s = scored(inputs("19", "2025-08", procedures_total=100, procedures_online=60,
                      dossiers_received_total=1000, dossiers_received_online=300),
               inputs("20", "2025-08", procedures_total=100, procedures_online=95,
                      dossiers_received_total=1000, dossiers_received_online=700))
    assert points(s, "procedures_online", 0) == pytest.approx(3.0)  # 4 × 60 / 80
    assert points(s, "dossiers_online", 0) == pytest.approx(2.4)  # 4 × 30 / 50
    assert points(s, "procedures_online", 1) == pytest.approx(4.0)  # 95% ≥ 80%: capped at 4
    assert points(s, "dossiers_online", 1) == pytest.approx(4.0)  # 70% ≥ 50%


def test_complement_rule_with_a_threshold():
    s = scored(inputs("19", "2025-08", dossiers_rated=1000, dossiers_overdue_or_disliked=150))
    # 100% − 150/1000 = 85% → 6 × 85 / 90 = 5.6667
    assert float(s.iloc[0]["value_dossier_satisfaction"]) == pytest.approx(85.0)
    assert points(s, "dossier_satisfaction") == pytest.approx(6 * 85 / 90)


def test_denominator_is_the_larger_of_the_two_systems_counts():
    s = scored(inputs("19", "2025-08", dossiers_synced_realtime=900,
                      dossiers_received_reporting=1000, dossiers_received_portal=950))
    # 900 / max(1000, 950) = 90% → 6 × 0.90 = 5.4
    assert points(s, "dossiers_synced") == pytest.approx(5.4)


def test_payment_rules_as_fitted():
    s = scored(inputs("19", "2025-08", dossiers_with_fee=400, dossiers_paid_online=100,
                      fee_procedures=50, fee_procedures_paid_online=20, fee_procedures_on_portal=45))
    assert points(s, "dossiers_paid_online") == pytest.approx(1.5)  # 6 × 100/400
    assert points(s, "fee_procedures_paid_online") == pytest.approx(1.0)  # 2 × (20/50 = 40%) / 80%
    assert points(s, "fee_procedures_on_portal") == pytest.approx(2.0)  # 45/50 = 90% ≥ 80%: 2
    assert float(s.iloc[0]["online_payment"]) == pytest.approx(4.5)  # 1.5 + 1.0 + 2.0


def test_an_empty_denominator_scores_as_declared():
    s = scored(inputs("19", "2025-08", petitions=0, petitions_on_time=0, petitions_handled=0,
                      petitions_disliked_or_late=0, dossiers_with_fee=0, dossiers_paid_online=0))
    assert points(s, "petitions_on_time") == 6.0  # no petition: full marks (as the Portal scores)
    assert points(s, "petitions_satisfaction") == 6.0
    assert points(s, "dossiers_paid_online") == 0.0  # no dossier with a fee: 0
    assert float(s.iloc[0]["total"]) == pytest.approx(94.0)  # 100 − 6


def test_no_dossier_handled_leaves_the_agency_without_a_score():
    s = scored(inputs("19", "2025-08", handled_done_on_time=0))
    assert pd.isna(s.iloc[0]["value_handled_on_time"]) and pd.isna(s.iloc[0]["progress"])
    assert pd.isna(s.iloc[0]["total"]) and s.iloc[0]["band"] is None and pd.isna(s.iloc[0]["rank"])
    assert float(s.iloc[0]["transparency"]) == 18.0  # the other groups still show


def test_a_reported_value_is_scored_as_is():
    from dataclasses import replace
    from metrics.index_model import IndexModel
    c = replace(MODEL.criterion("dossier_satisfaction"), formula="reported",
                numerator=("dossiers_rated",), denominator=())
    model = IndexModel(MODEL.groups, tuple(c if x.id == c.id else x for x in MODEL.criteria))
    frame = pd.DataFrame([inputs("19", "2025-08", dossiers_rated=81)]).rename(columns={"agency_code": "agency"})
    out = oi.score(frame, model)
    assert float(out.iloc[0]["points_dossier_satisfaction"]) == pytest.approx(5.4)  # 6 × 81 / 90


# --- a group, ties, bands ---------------------------------------------------------------------------

def test_group_total_is_the_sum_of_its_criteria():
    s = scored(inputs("19", "2025-08", procedures_announced=100, procedures_announced_on_time=95,
                      procedures_to_publish=50, procedures_published_on_time=40,
                      procedures_public=200, procedures_public_complete=190,
                      dossiers_synced_realtime=850, dossiers_received_reporting=1000, dossiers_received_portal=900))
    # 6 × 0.95 + 4 × 0.80 + 2 × 0.95 + 6 × 0.85 = 5.7 + 3.2 + 1.9 + 5.1 = 15.9
    assert float(s.iloc[0]["transparency"]) == pytest.approx(15.9)
    # 100 − (18 − 15.9) = 97.9
    assert float(s.iloc[0]["total"]) == pytest.approx(97.9)


def test_ties_share_a_rank_on_totals_rounded_as_published():
    s = scored(inputs("01", "2025-08", procedures_announced=100, procedures_announced_on_time=50),  # 97.0
               inputs("08", "2025-08", procedures_to_publish=1000, procedures_published_on_time=250),  # 97.0
               inputs("19", "2025-08"),  # 100
               inputs("20", "2025-08", procedures_announced=3000, procedures_announced_on_time=1499))  # 96.998
    # 01: 100 − 6 × 0.5 = 97.0; 08: 100 − 4 × 0.75 = 97.0; 20: 100 − 6 × 1501/3000 = 96.998 → 97.00 shown
    assert list(s["total"].round(3)) == [97.0, 97.0, 100.0, 96.998]
    assert list(s["rank"]) == [2, 2, 1, 2]


@pytest.mark.parametrize("total, expected", [(90.0, "Xuất sắc"), (89.99, "Tốt"), (80.0, "Tốt"),
                                             (79.5, "Khá"), (70.0, "Khá"), (61.5, "Trung bình"),
                                             (50.0, "Trung bình"), (49.99, "Yếu")])
def test_bands(total, expected):
    from metrics.ranking import band
    assert band(total) == expected


# --- the what-if, the breakdown, the best improvement ----------------------------------------------

def _three_provinces():
    return scored(
        # 19: payment 6 × 40% = 2.4 (+2 +2) → 100 − 3.6 = 96.4
        inputs("19", "2025-08", dossiers_with_fee=1000, dossiers_paid_online=400),
        # 20: 100 − 4 × (1 − 0.25) = 97.0 (updated and published on time 25%)
        inputs("20", "2025-08", procedures_to_publish=100, procedures_published_on_time=25),
        # 08: 100 − 20 × (1 − 0.9) = 98.0 (progress 90%)
        inputs("08", "2025-08", handled_done_on_time=90, handled_done_late=10),
    )


def test_what_if_gives_the_predicted_score_and_rank():
    s = _three_provinces()
    assert list(s.sort_values("rank")["agency"]) == ["08", "20", "19"]
    r = oi.what_if(s, "19", "dossiers_paid_online", 70.0)
    # 40% → 70%: 6 × 0.7 = 4.2 points instead of 2.4: 96.4 + 1.8 = 98.2 > 98.0 → first of 3
    assert r["points_before"] == pytest.approx(2.4) and r["points"] == pytest.approx(4.2)
    assert r["total"] == pytest.approx(98.2) and r["total_before"] == pytest.approx(96.4)
    assert (r["rank_before"], r["rank"], r["of"]) == (3, 1, 3)
    assert r["rate_before"] == pytest.approx(40.0)
    # 40% → 50%: 3.0 points: 97.0, level with 20 → shares second place
    r = oi.what_if(s, "19", "dossiers_paid_online", 50.0)
    assert r["total"] == pytest.approx(97.0) and r["rank"] == 2
    # a rate past the threshold earns no more than full marks
    assert oi.what_if(s, "20", "published_on_time", 120.0)["points"] == pytest.approx(4.0)


def test_breakdown_sorts_the_points_lost():
    b = oi.breakdown(_three_provinces(), "19")
    assert b.iloc[0]["criterion"] == "dossiers_paid_online"
    assert b.iloc[0]["lost"] == pytest.approx(3.6) and b.iloc[0]["max"] == 6.0  # 6 − 2.4
    assert (b["lost"].iloc[1:] == 0).all() and len(b) == len(MODEL.criteria)


def test_the_criterion_that_gains_the_most_rank_and_the_gap_to_the_next_place():
    s = _three_provinces()
    best = oi.improvements(s, "19")
    # full marks on payment: 96.4 + 3.6 = 100 → first (2 places up)
    assert best.iloc[0]["criterion"] == "dossiers_paid_online" and best.iloc[0]["rank_gain"] == 2
    assert oi.gap_to_next(s, "19") == pytest.approx(0.6)  # 97.0 − 96.4
    assert oi.gap_to_next(s, "08") is None


# --- periods and agency sets -------------------------------------------------------------------------

def test_periods_month_quarter_year_to_date():
    assert oi.index_period("month", "2025-08") == Period.month("2025-08")
    assert (oi.index_period("quarter", "2025-08").start, oi.index_period("quarter", "2025-08").end) == ("2025-07", "2025-08")
    assert oi.index_period("ytd", "2025-08").start == "2025-01"
    assert oi.index_period("ytd", "2022-10").start == "2022-08"  # the index began in 08/2022
    assert oi.previous_period("quarter", "2025-08").start == "2025-04"
    assert oi.previous_period("month", "2022-08") is None
    with pytest.raises(ValueError, match="starts in 08/2022"):
        oi.index_period("month", "2022-07")


def test_counts_are_summed_over_the_period_and_stocks_take_the_last_month(index_engine, add_rows):
    add_rows(schema.index766_inputs, [
        inputs("BTC", "2025-07", handled_done_on_time=90, handled_done_late=10, procedures_public=100,
               procedures_public_complete=50),
        inputs("BTC", "2025-08", handled_done_on_time=290, handled_done_late=10, procedures_public=100,
               procedures_public_complete=90),
    ])
    r = oi.rank_index(index_engine, "ministry", Period.between("2025-07", "2025-08"))
    btc = r[r["agency"] == "BTC"].iloc[0]
    # progress: (90 + 290) / (100 + 300) = 95% (summed counts, not (90% + 96.7%) / 2)
    assert btc["value_handled_on_time"] == pytest.approx(95.0)
    # components published in full is a stock: August's 90/100, not 140/200
    assert btc["value_public_complete"] == pytest.approx(90.0)
    assert (btc["rank"], btc["of"], btc["months"]) == (1, 1, 2)
    assert len(r) == 17 and r["total"].notna().sum() == 1  # 17 ministries; the others have no data


def test_a_merged_province_sums_its_old_parts_before_the_merger(index_engine, add_rows):
    # Thái Nguyên (19) absorbed Bắc Kạn (06) in 07/2025
    add_rows(schema.index766_inputs, [
        inputs("19", "2025-06", handled_done_on_time=95, handled_done_late=5),
        inputs("06", "2025-06", handled_done_on_time=15, handled_done_late=5),
    ])
    in34 = oi.rank_index(index_engine, "province", Period.month("2025-06"), boundary="34")
    assert len(in34) == 34
    tn = in34[in34["agency"] == "19"].iloc[0]
    assert tn["value_handled_on_time"] == pytest.approx(110 / 120 * 100)  # (95 + 15) / (100 + 20)
    in63 = oi.rank_index(index_engine, "province", Period.month("2025-06"))
    assert len(in63) == 63
    assert list(in63.head(2)["agency"]) == ["19", "06"]  # 95% then 75%


def test_rank_change_compares_with_the_previous_month(index_engine, add_rows):
    add_rows(schema.index766_inputs, [
        inputs("19", "2025-07", procedures_announced=100, procedures_announced_on_time=0),  # 94
        inputs("01", "2025-07"),  # 100
        inputs("19", "2025-08"),  # 100
        inputs("01", "2025-08", procedures_announced=100, procedures_announced_on_time=0),  # 94
    ])
    r = oi.rank_index(index_engine, "province", Period.month("2025-08"), previous=Period.month("2025-07"))
    rows = r.set_index("agency")
    assert (rows.loc["19", "rank"], rows.loc["19", "prev_rank"], rows.loc["19", "rank_change"]) == (1, 2, 1)
    assert rows.loc["01", "rank_change"] == -1
    assert pd.isna(rows.loc["68", "rank"])  # no data: unranked, listed last
    assert list(r["agency"][:2]) == ["19", "01"]


def test_a_view_period_is_clipped_to_the_index_life():
    assert oi.clipped(Period.year(2022)) == Period.between("2022-08", "2022-12")
    assert oi.clipped(Period.month("2025-08")) == Period.month("2025-08")
    assert oi.clipped(Period.year(2021)) is None
    assert oi.period_before(Period.month("2022-08")) is None
    assert oi.period_before(Period.between("2025-07", "2025-09")) == Period.between("2025-04", "2025-06")
