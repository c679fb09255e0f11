"""Numbers across the 2025 reorganizations: totals that do not depend on the boundary set, merged
units answered with their successor, stocks with a part unreported, boundary breaks, and regions
whose provinces moved. Small fixtures; expected numbers worked out by hand beside each assertion."""
from __future__ import annotations

import pandas as pd
import pytest

from data import schema
from data.admin_units import moved_provinces, region_of_code
from factories import dossier, service
from metrics.boundary_breaks import Break, breaks
from metrics.periods import Period
from metrics.queries import agency_values, metric_trend, metric_value
from metrics.ranking import rank_agencies
from metrics.scope import Scope, region_moves, region_moves_note

P = Period.between
JAN26 = Period.month("2026-01")


def _after_merger(add_rows):
    # 01/2026: Hà Nội (01, unchanged), merged Tuyên Quang (08 = Hà Giang + Tuyên Quang),
    # merged Gia Lai (52 = Bình Định + Gia Lai), Bộ Tài chính
    add_rows(schema.dossiers, [dossier("01", "2026-01", received=1000), dossier("08", "2026-01", received=200),
                               dossier("52", "2026-01", received=30), dossier("BTC", "2026-01", received=4)])


# --- 1. totals do not depend on the boundary set ----------------------------------------------------

@pytest.mark.parametrize("boundary", ["63", "34", "auto"])
def test_national_and_kind_totals_are_the_same_in_either_set(engine, add_rows, boundary):
    _after_merger(add_rows)
    # nationwide: 1000 + 200 + 30 + 4 = 1234 whichever set is asked for (the 63 view alone would
    # see only Hà Nội and the ministry: 1004)
    r = metric_value(engine, "dossiers_received", JAN26, Scope.national(boundary))
    assert r.value == 1234
    # 34 provinces and 17 ministries expected in 01/2026, 4 reported
    assert (r.rows_reported, r.rows_expected) == (4, 51)
    # the provinces: 1000 + 200 + 30 = 1230
    assert metric_value(engine, "dossiers_received", JAN26, Scope.of_kind("province", boundary)).value == 1230


def test_a_63_set_region_after_the_merger_is_counted_in_the_34_set(engine, add_rows):
    _after_merger(add_rows)
    # Central Highlands in 01/2026: only merged Gia Lai (52) reported, 30; the 63 view has no row
    # for Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông or Lâm Đồng after 06/2025 and used to answer nothing
    results = {b: metric_value(engine, "dossiers_received", JAN26, Scope.of_region("TN", b), lang="en")
               for b in ("63", "34")}
    for boundary, r in results.items():
        assert r.value == 30, boundary
        # Gia Lai, Đắk Lắk, Lâm Đồng expected
        assert (r.rows_reported, r.rows_expected) == (1, 3), boundary
    assert any(n.startswith("From 07/2025 the region is counted in the 34-province set") for n in results["63"].notes)


def test_a_63_set_province_after_the_merger_names_its_successor(engine, add_rows):
    _after_merger(add_rows)
    r = metric_value(engine, "dossiers_received", JAN26, Scope.of_agency("02", "63"), lang="en")
    assert r.value is None and r.numerator is None
    assert r.status == "merged"
    assert r.merged_into == {"code": "08", "name": "Tuyen Quang", "month": "2025-07"}
    assert r.notes == ["Ha Giang merged into Tuyen Quang from 07/2025: figures from then on are counted in Tuyen Quang"]
    assert "no data" not in r.notes
    # Vietnamese first
    r = metric_value(engine, "dossiers_received", JAN26, Scope.of_agency("02", "63"))
    assert r.notes == ["Hà Giang đã hợp nhất vào Tuyên Quang từ 07/2025: số liệu từ tháng đó tính trong Tuyên Quang"]
    # the 63-set table of 01/2026 marks merged provinces with their successor
    v = agency_values(engine, "dossiers_received", JAN26, Scope.of_kind("province", "63")).set_index("agency")
    assert v.loc["02", "merged_into"] == "08" and v.loc["64", "merged_into"] == "52"
    assert pd.isna(v.loc["01", "merged_into"])  # unchanged, still reporting in the 63 view
    assert v.loc["01", "value"] == 1000


# --- 2. a merged province's stock with a part unreported -----------------------------------------

def test_a_merged_stock_with_a_part_unreported_counts_and_names_it(engine, add_rows):
    # Đà Nẵng (48) and Quảng Nam (49) became Đà Nẵng (48); both reported 04/2022, only 48 05/2022
    add_rows(schema.services, [service("48", "2022-04", online=300), service("49", "2022-04", online=500),
                               service("48", "2022-05", online=310)])
    r = metric_value(engine, "services_online", Period.month("2022-05"), Scope.of_agency("48", "34"), lang="en")
    assert r.value == 310  # Đà Nẵng's own 310; Quảng Nam's April is not carried into May
    # two parts expected, one reported
    assert (r.rows_reported, r.rows_expected, r.missing) == (1, 2, 1)
    assert r.missing_parts == ["Quang Nam (49)"]
    assert r.status == "incomplete"
    assert "missing: 1 of 2 agencies did not report" in r.notes
    assert "did not report: Quang Nam (49)" in r.notes
    # April: both parts, 300 + 500 = 800, nothing missing
    r = metric_value(engine, "services_online", Period.month("2022-04"), Scope.of_agency("48", "34"))
    assert (r.value, r.rows_reported, r.rows_expected, r.missing_parts) == (800, 2, 2, [])
    # the per-agency table carries the same bookkeeping (1 of 2 parts in 05/2022)
    v = agency_values(engine, "services_online", Period.month("2022-05"),
                      Scope.of_kind("province", "34")).set_index("agency")
    assert (v.loc["48", "rows"], v.loc["48", "rows_expected"]) == (1, 2)


def test_a_flow_names_the_part_that_skipped_a_month(engine, add_rows):
    add_rows(schema.dossiers, [dossier("48", "2022-04", received=10), dossier("49", "2022-04", received=20),
                               dossier("48", "2022-05", received=11)])
    r = metric_value(engine, "dossiers_received", P("2022-04", "2022-05"), Scope.of_agency("48", "34"), lang="en")
    # 10 + 20 + 11 = 41 from 3 of 4 agency-months; Quảng Nam skipped one month
    assert (r.value, r.rows_reported, r.rows_expected) == (41, 3, 4)
    assert r.missing_parts == ["Quang Nam (49) ×1"]


# --- 3. stocks across the merger are not comparable -----------------------------------------------

def test_breaks_inside_a_period(engine):
    year25 = Period.year(2025)
    # nationwide 2025: ministries restructured from 03/2025, provinces merged from 07/2025
    assert breaks(Scope.national(), year25) == [Break("2025-03", "ministry"), Break("2025-07", "province")]
    assert breaks(Scope.of_kind("province"), year25) == [Break("2025-07", "province")]
    # a merged province has the break; an unchanged one (Hà Nội) does not
    assert breaks(Scope.of_agency("68", "34"), P("2024-12", "2025-07")) == [Break("2025-07", "province")]
    assert breaks(Scope.of_agency("01", "34"), P("2024-12", "2025-07")) == []
    # Bộ Tài chính took in Bộ Kế hoạch và Đầu tư; Bộ Y tế did not change
    assert breaks(Scope.of_agency("BTC"), year25) == [Break("2025-03", "ministry")]
    assert breaks(Scope.of_agency("BYT"), year25) == []
    # a period that starts on the break month does not span it
    assert breaks(Scope.national(), P("2025-07", "2025-12")) == []
    assert Break("2025-07", "province").label("vi") == "Hợp nhất tỉnh (63 → 34) từ 07/2025"
    assert Break("2025-03", "ministry").label("en") == "Ministries restructured (22 → 17) from 03/2025"


def _lam_dong_catalogues(add_rows):
    # Lâm Đồng (34) = Bình Thuận (60) + Đắk Nông (67) + Lâm Đồng (68); merged from 07/2025
    add_rows(schema.services, [service("60", "2025-06", online=1500), service("67", "2025-06", online=900),
                               service("68", "2025-06", online=2100), service("68", "2025-07", online=2600)])


def test_a_stock_before_the_break_is_labelled_as_the_sum_of_the_former_units(engine, add_rows):
    _lam_dong_catalogues(add_rows)
    r = metric_value(engine, "services_online", Period.month("2025-06"), Scope.of_agency("68", "34"), lang="en")
    assert r.value == 4500  # 1500 + 900 + 2100
    assert r.former_units == ["Binh Thuan (60)", "Dak Nong (67)", "Lam Dong (68)"]
    assert "sum of the former units: Binh Thuan (60), Dak Nong (67), Lam Dong (68)" in r.notes
    r = metric_value(engine, "services_online", P("2025-06", "2025-07"), Scope.of_agency("68", "34"))
    assert r.value == 2600 and r.former_units == []  # after the merger: the merged catalogue
    assert r.breaks == [Break("2025-07", "province")]


def test_trend_rows_before_the_break_are_flagged(engine, add_rows):
    _lam_dong_catalogues(add_rows)
    trend = metric_trend(engine, "services_online", P("2025-06", "2025-07"), Scope.of_agency("68", "34"))
    assert list(trend["value"]) == [4500, 2600]  # 1500 + 900 + 2100, then the merged 2600
    assert list(trend["before_break"]) == [True, False]
    assert list(trend["former_units"]) == [True, False]
    # a flow is comparable across the break (the same territory): never flagged as former units
    add_rows(schema.dossiers, [dossier("60", "2025-06", received=1), dossier("68", "2025-07", received=2)])
    flow = metric_trend(engine, "dossiers_received", P("2025-06", "2025-07"), Scope.of_agency("68", "34"))
    assert list(flow["before_break"]) == [True, False] and not flow["former_units"].any()


def test_rankings_say_which_values_sum_former_units(engine, add_rows):
    _lam_dong_catalogues(add_rows)
    v = agency_values(engine, "services_online", Period.month("2025-06"),
                      Scope.of_kind("province", "34")).set_index("agency")
    assert bool(v.loc["68", "former_units"]) is True  # three catalogues summed
    assert bool(v.loc["01", "former_units"]) is False  # Hà Nội was not merged
    r = rank_agencies(engine, "services_full_online_share", "province", Period.month("2025-06"), boundary="34")
    assert "former_units" in r.columns


# --- 7. regions after the merger ------------------------------------------------------------------

def test_34_set_regions_of_the_merged_provinces():
    # merged provinces whose parts lay in two regions
    assert region_of_code("52", "34") == "TN"  # Gia Lai (Bình Định + Gia Lai)
    assert region_of_code("52", "63") == "BTB"  # Bình Định
    assert region_of_code("51", "34") == "BTB"  # Quảng Ngãi (+ Kon Tum)
    assert region_of_code("24", "34") == "DBSH"  # Bắc Ninh (+ Bắc Giang)
    assert region_of_code("80", "34") == "DNB"  # Tây Ninh (+ Long An)
    assert region_of_code("25", "34") == "TDMN"  # Phú Thọ (+ Vĩnh Phúc, Hòa Bình)
    moved = {(m["code"], m["from_region"], m["to_region"]) for m in moved_provinces()}
    assert moved == {("24", "TDMN", "DBSH"), ("26", "DBSH", "TDMN"), ("52", "BTB", "TN"), ("54", "BTB", "TN"),
                     ("60", "BTB", "TN"), ("62", "TN", "BTB"), ("80", "DBSCL", "DNB")}


def test_region_totals_differ_by_the_moved_provinces_and_say_so(engine, add_rows):
    # 03/2024: Kon Tum (62) 100, Gia Lai (64) 200, Bình Định (52) 40, Hà Nội (01) 9
    add_rows(schema.dossiers, [dossier("62", "2024-03", received=100), dossier("64", "2024-03", received=200),
                               dossier("52", "2024-03", received=40), dossier("01", "2024-03", received=9)])
    mar = Period.month("2024-03")
    # 63 view: Kon Tum + Gia Lai = 300; 34 view: Gia Lai (Gia Lai 200 + Bình Định 40) = 240,
    # Kon Tum now being part of Quảng Ngãi (Central Coast)
    r63 = metric_value(engine, "dossiers_received", mar, Scope.of_region("TN", "63"), lang="en")
    r34 = metric_value(engine, "dossiers_received", mar, Scope.of_region("TN", "34"), lang="en")
    assert (r63.value, r34.value) == (300, 240)
    # 300 − Kon Tum 100 + Bình Định 40 = 240: the difference is exactly the moved provinces, named
    for r in (r63, r34):
        assert any("Kon Tum (Central Highlands → North Central and Central Coast, now part of Quang Ngai)" in n
                   and "Binh Dinh (North Central and Central Coast → Central Highlands, now part of Gia Lai)" in n
                   for n in r.notes)
    assert {m["code"] for m in region_moves("TN")} == {"52", "54", "60", "62"}
    assert region_moves_note("DBSCL", "vi").startswith("Vùng theo bộ 34 tỉnh khác bộ 63 tỉnh: Long An")


def test_a_63_set_ranking_after_the_merger_names_the_merged_provinces(engine, add_rows):
    _after_merger(add_rows)
    for metric_id in ("dossier_on_time_rate", "composite"):
        r = rank_agencies(engine, metric_id, "province", JAN26, boundary="63").set_index("agency")
        # Hà Giang (02) merged into Tuyên Quang (08), Gia Lai (64) into Gia Lai (52); Hà Nội goes on
        assert (r.loc["02", "merged_into"], r.loc["64", "merged_into"]) == ("08", "52"), metric_id
        assert pd.isna(r.loc["01", "merged_into"]), metric_id
        # 63 − 11 unchanged provinces = 52 have no figures of their own in 01/2026
        assert int(r["merged_into"].notna().sum()) == 52, metric_id
