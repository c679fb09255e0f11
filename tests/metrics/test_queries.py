"""Every metric against numbers worked out by hand on small fixtures.

Each test inserts a handful of rows into an empty warehouse (the `engine` fixture, SQLite or
PostgreSQL) and checks the value, numerator, denominator and missing-data bookkeeping.
"""
from __future__ import annotations

import math
from datetime import date

import pytest

from data import schema
from metrics import catalog
from metrics.periods import Period
from metrics.queries import agency_sums, agency_values, metric_trend, metric_value
from metrics.scope import Scope

P = Period.between


from factories import dossier, document, service, task  # noqa: E402


# --- ratios come from summed counts ------------------------------------------------------------

def test_rate_is_computed_from_summed_counts_not_averaged(engine, add_rows):
    # Hà Nội resolves 90 of 100 on time, Hà Giang 1 of 10: a big and a small agency
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10),
                               dossier("02", "2020-01", on_time=1, late=9)])
    r = metric_value(engine, "dossier_on_time_rate", Period.month("2020-01"), Scope.of_kind("province", "63"))
    # (90 + 1) / (100 + 10) = 91/110 = 82.7272...%, not (90% + 10%) / 2 = 50.0%
    assert (r.numerator, r.denominator) == (91, 110)
    assert r.value == pytest.approx(100 * 91 / 110)
    assert round(r.value, 3) == 82.727
    assert r.unit == "%"


def test_every_ratio_metric_from_summed_counts(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10, received=200, online=150),
                               dossier("02", "2020-01", on_time=1, late=9, received=20, online=2)])
    add_rows(schema.documents, [document("01", "2020-01", sent=100, received=300, signed=50),
                                document("VPQH", "2020-01", sent=300, received=100, signed=270)])
    add_rows(schema.services, [service("01", "2020-01", procedures=1000, online=800, full=300, portal=200),
                               service("02", "2020-01", procedures=500, online=100, full=20, portal=50)])
    month = Period.month("2020-01")
    provinces = Scope.of_kind("province", "63")
    # online share: (150 + 2) / (200 + 20) = 152/220 = 69.0909...%
    r = metric_value(engine, "dossier_online_share", month, provinces)
    assert (r.numerator, r.denominator) == (152, 220)
    assert r.value == pytest.approx(100 * 152 / 220)
    # signed share, nationwide: the Axis counts central bodies too: (50 + 270) / (100 + 300) = 80%
    r = metric_value(engine, "documents_signed_share", month)
    assert (r.numerator, r.denominator, r.value) == (320, 400, pytest.approx(80.0))
    # level-4 share of the provinces: (300 + 20) / (1000 + 500) = 320/1500 = 21.333...%
    r = metric_value(engine, "services_full_online_share", month, provinces)
    assert (r.numerator, r.denominator) == (320, 1500)
    assert r.value == pytest.approx(100 * 320 / 1500)
    # portal share of the provinces: (200 + 50) / 1500 = 16.666...%
    r = metric_value(engine, "services_portal_share", month, provinces)
    assert (r.numerator, r.denominator) == (250, 1500)
    assert r.value == pytest.approx(100 * 250 / 1500)


def test_simple_counts_sum_over_agencies(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", received=200), dossier("BTC", "2020-01", received=30)])
    add_rows(schema.documents, [document("01", "2020-01", sent=100, received=300),
                                document("VPQH", "2020-01", sent=7, received=11)])
    add_rows(schema.services, [service("01", "2020-01", synced=1000, submitted=40),
                               service("BTC", "2020-01", synced=500, submitted=10)])
    month = Period.month("2020-01")
    # nationwide dossiers: provinces and ministries, 200 + 30
    assert metric_value(engine, "dossiers_received", month).value == 230
    # documents: 100 + 7 sent and 300 + 11 received (the central body counts)
    assert metric_value(engine, "documents_sent", month).value == 107
    assert metric_value(engine, "documents_received", month).value == 311
    # portal flows: 1000 + 500 synced and 40 + 10 submitted online
    assert metric_value(engine, "portal_dossiers_synced", month).value == 1500
    assert metric_value(engine, "portal_dossiers_online", month).value == 50
    # a ratio with a zero denominator has no value, not 0
    assert metric_value(engine, "dossier_on_time_rate", month).value is None


# --- flows and stocks over time ----------------------------------------------------------------

def test_flows_are_summed_over_months_stocks_take_the_last_month(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", m, received=n) for m, n in
                               (("2020-01", 100), ("2020-02", 200), ("2020-03", 300))])
    add_rows(schema.services, [service("01", m, procedures=1000, online=n, full=n // 2, portal=n // 4)
                               for m, n in (("2020-01", 400), ("2020-02", 480), ("2020-03", 600))])
    q1 = P("2020-01", "2020-03")
    hanoi = Scope.of_agency("01")
    # flow: 100 + 200 + 300
    assert metric_value(engine, "dossiers_received", q1, hanoi).value == 600
    # stock: the 2020-03 value, not 400 + 480 + 600
    r = metric_value(engine, "services_online", q1, hanoi)
    assert r.value == 600
    assert (r.rows_reported, r.rows_expected, r.notes) == (1, 1, [])
    # stock ratios too: 300/1000 and 150/1000 at 2020-03
    assert metric_value(engine, "services_full_online_share", q1, hanoi).value == pytest.approx(30.0)
    assert metric_value(engine, "services_portal_share", q1, hanoi).value == pytest.approx(15.0)
    assert metric_value(engine, "services_on_portal", q1, hanoi).value == 150


def test_agencies_connected_is_a_stock_over_the_reporting_agencies(engine, add_rows):
    add_rows(schema.documents, [document("01", "2020-01", connected=0), document("01", "2020-02", connected=1),
                                document("02", "2020-01", connected=0), document("02", "2020-02", connected=0),
                                document("VPQH", "2020-01", connected=1)])
    r = metric_value(engine, "agencies_connected", P("2020-01", "2020-02"))
    # last reported month of each: 01 connected in 02/2020, 02 not, VPQH connected in 01/2020 → 2 of 3
    assert (r.value, r.numerator, r.denominator) == (2.0, 2, 3)


def test_an_agency_missing_the_last_month_of_a_stock_period_uses_its_own_last_month(engine, add_rows):
    # Hà Nội reports Jan–Mar, Quảng Ninh (same region) only Jan–Feb
    add_rows(schema.services, [service("01", "2020-01", online=10), service("01", "2020-02", online=20),
                               service("01", "2020-03", online=30),
                               service("22", "2020-01", online=5), service("22", "2020-02", online=7)])
    r = metric_value(engine, "services_online", P("2020-01", "2020-03"), Scope.of_region("DBSH", "63"), lang="en")
    # Hà Nội's March (30) + Quảng Ninh's February (7) = 37
    assert r.value == 37
    # a stock counts agencies: 2 of the 11 Red River Delta provinces reported
    assert (r.rows_reported, r.rows_expected) == (2, 11)
    assert r.notes[0] == "missing: 9 of 11 agencies did not report"
    # the other nine are named (the note names five and counts the rest)
    assert len(r.missing_parts) == 9 and "Vinh Phuc (26)" in r.missing_parts
    assert r.notes[1].endswith(", and 4 more")


def test_a_merged_province_stock_uses_each_old_provinces_last_month(engine, add_rows):
    # Lâm Đồng (34-set) in Q1/2020 is old Bình Thuận (60) + Đắk Nông (67) + Lâm Đồng (68);
    # Bình Thuận did not report March.
    add_rows(schema.services, [service("60", "2020-01", online=100), service("60", "2020-02", online=110),
                               service("67", "2020-01", online=200), service("67", "2020-02", online=210),
                               service("67", "2020-03", online=220),
                               service("68", "2020-01", online=300), service("68", "2020-02", online=310),
                               service("68", "2020-03", online=320)])
    q1 = P("2020-01", "2020-03")
    # the 63-set view of the same provinces: 110 (Feb, its last) + 220 + 320 = 650
    v63 = agency_values(engine, "services_online", q1, Scope.of_kind("province", "63")).set_index("agency")
    assert list(v63.loc[["60", "67", "68"], "value"]) == [110, 220, 320]
    assert metric_value(engine, "services_online", q1, Scope.of_kind("province", "63")).value == 650
    # the 34-set view of the same quarter must hold the same services: 650, not 220 + 320 = 540
    r = metric_value(engine, "services_online", q1, Scope.of_agency("68", "34"))
    assert r.value == 650, "Bình Thuận's last reported stock is dropped from merged Lâm Đồng"


def test_stock_follows_the_merger_month(engine, add_rows):
    # old provinces up to 06/2025, merged Lâm Đồng from 07/2025
    add_rows(schema.services, [service("60", "2025-06", online=100), service("67", "2025-06", online=200),
                               service("68", "2025-06", online=300), service("68", "2025-07", online=700),
                               service("68", "2025-08", online=710)])
    # 34-set view over May–Aug 2025: the merged province's August value
    r = metric_value(engine, "services_online", P("2025-05", "2025-08"), Scope.of_agency("68", "34"))
    assert r.value == 710
    # 34-set view of June 2025: the three old provinces summed, 100 + 200 + 300
    assert metric_value(engine, "services_online", Period.month("2025-06"), Scope.of_agency("68", "34")).value == 600


# --- national catalogues are not sums of agencies ----------------------------------------------

def test_non_additive_national_stock_reads_the_national_row(engine, add_rows):
    add_rows(schema.services, [service("VN", "2020-09", procedures=6842, online=3000, full=800, portal=1435),
                               service("01", "2020-09", procedures=1800, online=900, full=100, portal=200),
                               service("02", "2020-09", procedures=1700, online=800, full=50, portal=300)])
    sep = Period.month("2020-09")
    r = metric_value(engine, "services_on_portal", sep)
    # the Portal's own catalogue: 1,435 of 6,842, not 200 + 300 = 500 (a service used by many
    # provinces is one service)
    assert (r.value, r.numerator, r.denominator) == (1435.0, 1435, 6842)
    assert (r.rows_reported, r.rows_expected) == (1, 1)
    # 1435 / 6842 = 20.9734...%
    assert metric_value(engine, "services_portal_share", sep).value == pytest.approx(100 * 1435 / 6842)
    assert metric_value(engine, "services_online", sep).value == 3000
    # 800 / 6842
    assert metric_value(engine, "services_full_online_share", sep).value == pytest.approx(100 * 800 / 6842)
    # the provinces as a kind are summed: 200 + 300
    assert metric_value(engine, "services_on_portal", sep, Scope.of_kind("province", "63")).value == 500


def test_national_stock_without_the_national_row_is_missing_not_a_sum(engine, add_rows):
    add_rows(schema.services, [service("01", "2020-09", procedures=1800, portal=200)])
    r = metric_value(engine, "services_on_portal", Period.month("2020-09"), lang="en")
    assert r.value is None
    assert (r.rows_reported, r.rows_expected) == (0, 1)
    assert "no data" in r.notes


# --- missing data is missing, never zero -------------------------------------------------------

def test_missing_months_are_reported_as_missing(engine, add_rows):
    # Hà Nội reports January (90/100) and March (80/100); February is missing
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10),
                               dossier("01", "2020-03", on_time=80, late=20)])
    r = metric_value(engine, "dossier_on_time_rate", P("2020-01", "2020-03"), Scope.of_agency("01"), lang="en")
    # (90 + 80) / (100 + 100) = 85% from the months that reported
    assert r.value == pytest.approx(85.0)
    assert (r.rows_reported, r.rows_expected, r.missing) == (2, 3, 1)
    assert r.notes == ["missing: 1 of 3 agency-months did not report", "did not report: Ha Noi (01) ×1"]
    assert r.status == "incomplete"
    # nationwide in January: 1 of the 63 provinces + 22 ministries reported
    r = metric_value(engine, "dossier_on_time_rate", Period.month("2020-01"), lang="en")
    assert (r.rows_reported, r.rows_expected) == (1, 85)
    assert r.notes[0] == "missing: 84 of 85 agency-months did not report"


def test_an_agency_without_data_has_no_value(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10, received=100)])
    r = metric_value(engine, "dossiers_received", Period.month("2020-01"), Scope.of_agency("02"), lang="en")
    assert r.value is None  # not 0
    assert r.numerator is None and r.status == "no_data"
    assert (r.rows_reported, r.rows_expected) == (0, 1)
    assert "no data" in r.notes
    values = agency_values(engine, "dossiers_received", Period.month("2020-01"),
                           Scope.of_kind("province", "63")).set_index("agency")
    assert len(values) == 63
    assert values.loc["01", "value"] == 100
    assert math.isnan(values.loc["02", "value"])


def test_trend_returns_every_month_with_nan_for_missing_months(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10, received=120),
                               dossier("01", "2020-03", on_time=80, late=20, received=130),
                               dossier("02", "2020-03", on_time=10, late=10, received=40)])
    trend = metric_trend(engine, "dossier_on_time_rate", P("2019-12", "2020-04"), Scope.of_kind("province", "63"))
    assert list(trend["month"]) == ["2019-12", "2020-01", "2020-02", "2020-03", "2020-04"]
    values = dict(zip(trend["month"], trend["value"]))
    assert values["2020-01"] == pytest.approx(90.0)  # 90/100
    assert values["2020-03"] == pytest.approx(75.0)  # (80 + 10) / (100 + 20) = 90/120
    for m in ("2019-12", "2020-02", "2020-04"):
        assert math.isnan(values[m]), m
    # a count is missing too, not 0
    counts = metric_trend(engine, "dossiers_received", P("2019-12", "2020-04"), Scope.of_kind("province", "63"))
    got = dict(zip(counts["month"], counts["value"]))
    assert got["2020-01"] == 120 and got["2020-03"] == 170  # 130 + 40
    assert math.isnan(got["2020-02"]) and math.isnan(got["2019-12"])


def test_trend_of_an_empty_scope_is_all_missing(engine):
    trend = metric_trend(engine, "dossier_on_time_rate", P("2020-01", "2020-03"), Scope.of_agency("01"))
    assert list(trend["month"]) == ["2020-01", "2020-02", "2020-03"]
    assert trend["value"].isna().all()


def test_stock_trend_is_each_months_value(engine, add_rows):
    add_rows(schema.services, [service("01", "2020-01", online=10), service("01", "2020-02", online=20),
                               service("02", "2020-02", online=5)])
    trend = metric_trend(engine, "services_online", P("2020-01", "2020-03"), Scope.of_kind("province", "63"))
    got = dict(zip(trend["month"], trend["value"]))
    assert got["2020-01"] == 10 and got["2020-02"] == 25  # 20 + 5
    assert math.isnan(got["2020-03"])


# --- boundary sets: 63 and 34 provinces --------------------------------------------------------

def _lam_dong_2020(add_rows):
    # Bình Thuận (60), Đắk Nông (67) and Lâm Đồng (68) were merged into Lâm Đồng (68) in 07/2025
    add_rows(schema.dossiers, [dossier("60", "2020-01", on_time=90, late=10, received=1000),
                               dossier("67", "2020-01", on_time=50, late=50, received=2000),
                               dossier("68", "2020-01", on_time=80, late=20, received=3000)])


def test_34_set_view_of_2020_sums_the_old_provinces(engine, add_rows):
    _lam_dong_2020(add_rows)
    jan = Period.month("2020-01")
    r = metric_value(engine, "dossiers_received", jan, Scope.of_agency("68", "34"))
    # 1000 + 2000 + 3000
    assert r.value == 6000
    assert (r.rows_reported, r.rows_expected) == (3, 3)
    # (90 + 50 + 80) / (100 + 100 + 100) = 220/300 = 73.333...%
    r = metric_value(engine, "dossier_on_time_rate", jan, Scope.of_agency("68", "34"))
    assert (r.numerator, r.denominator) == (220, 300)
    v34 = agency_values(engine, "dossiers_received", jan, Scope.of_kind("province", "34")).set_index("agency")
    assert len(v34) == 34
    assert v34.loc["68", "value"] == 6000
    assert "60" not in v34.index and "67" not in v34.index


def test_63_set_view_keeps_the_old_provinces_apart(engine, add_rows):
    _lam_dong_2020(add_rows)
    jan = Period.month("2020-01")
    assert metric_value(engine, "dossiers_received", jan, Scope.of_agency("68", "63")).value == 3000
    v63 = agency_values(engine, "dossiers_received", jan, Scope.of_kind("province", "63")).set_index("agency")
    assert len(v63) == 63
    assert (v63.loc["60", "value"], v63.loc["67", "value"], v63.loc["68", "value"]) == (1000, 2000, 3000)
    # Bình Thuận does not exist in the 34 set
    with pytest.raises(ValueError):
        metric_value(engine, "dossiers_received", jan, Scope.of_agency("60", "34"))
    # auto picks the set in force at the period's end: 63 in 2020
    assert metric_value(engine, "dossiers_received", jan, Scope.of_agency("68")).value == 3000


def test_63_set_view_follows_an_unchanged_province_past_the_merger_but_not_a_merged_one(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2025-06", received=100), dossier("01", "2025-07", received=110),
                               dossier("01", "2025-08", received=120),
                               dossier("68", "2025-06", received=300),  # old Lâm Đồng
                               dossier("68", "2025-07", received=900),  # merged Lâm Đồng
                               dossier("68", "2025-08", received=950)])
    jun_aug = P("2025-06", "2025-08")
    # Hà Nội was not merged: the 63-set view follows it, 100 + 110 + 120
    r = metric_value(engine, "dossiers_received", jun_aug, Scope.of_agency("01", "63"))
    assert r.value == 330
    assert (r.rows_reported, r.rows_expected) == (3, 3)
    # old Lâm Đồng ends in 06/2025: the merged province's rows are not the old province's
    r = metric_value(engine, "dossiers_received", jun_aug, Scope.of_agency("68", "63"), lang="en")
    assert r.value == 300
    assert (r.rows_reported, r.rows_expected) == (1, 1)
    assert r.merged_into == {"code": "68", "name": "Lam Dong", "month": "2025-07"}
    assert "Lam Dong merged into Lam Dong from 07/2025" in r.notes[-1]
    # the 34-set view: 300 (June, the old part that reported) + 900 + 950
    r = metric_value(engine, "dossiers_received", jun_aug, Scope.of_agency("68", "34"))
    assert r.value == 2150
    # June: Bình Thuận and Đắk Nông are expected but missing; July, August: one row each
    assert (r.rows_reported, r.rows_expected) == (3, 5)
    # the 63-set provinces in 08/2025: only the 11 unchanged ones can report
    aug = Period.month("2025-08")
    v63 = agency_values(engine, "dossiers_received", aug, Scope.of_kind("province", "63")).set_index("agency")
    assert v63.loc["01", "value"] == 120
    assert math.isnan(v63.loc["68", "value"])
    # a total does not depend on the set: the provinces of 08/2025 are 120 + 950 in either view,
    # 34 provinces expected (the 63 view cannot tell merged provinces apart after the merger)
    for boundary in ("63", "34"):
        r = metric_value(engine, "dossiers_received", aug, Scope.of_kind("province", boundary))
        assert (r.value, r.rows_reported, r.rows_expected) == (1070, 2, 34), boundary


# --- ministries: the 2025 restructure ----------------------------------------------------------

def test_ministry_merged_in_2025_rolls_into_its_successor(engine, add_rows):
    add_rows(schema.dossiers, [dossier("BKHDT", "2024-12", on_time=50, late=50),
                               dossier("BTC", "2024-12", on_time=90, late=10),
                               dossier("BTC", "2025-03", on_time=70, late=30)])
    # a period ending after 03/2025 is in the 17-ministry set: Planning and Investment's 2024
    # counts belong to Finance: (50 + 90 + 70) / (100 + 100 + 100) = 70%
    r = metric_value(engine, "dossier_on_time_rate", P("2024-12", "2025-03"), Scope.of_agency("BTC"))
    assert (r.numerator, r.denominator) == (210, 300)
    assert r.value == pytest.approx(70.0)
    # ending in 2024: the 22-ministry set, Finance alone: 90/100
    r = metric_value(engine, "dossier_on_time_rate", Period.month("2024-12"), Scope.of_agency("BTC"))
    assert r.value == pytest.approx(90.0)
    r = metric_value(engine, "dossier_on_time_rate", Period.month("2024-12"), Scope.of_agency("BKHDT"))
    assert r.value == pytest.approx(50.0)
    # Planning and Investment no longer exists at the end of 2024-12..2025-03: its own months are
    # answered (50/100 in 12/2024) with a note naming the ministry it merged into
    r = metric_value(engine, "dossier_on_time_rate", P("2024-12", "2025-03"), Scope.of_agency("BKHDT"), lang="en")
    assert (r.numerator, r.denominator) == (50, 100)
    assert r.merged_into["code"] == "BTC"
    assert "merged into Ministry of Finance from 03/2025" in r.notes[-1]
    # but not in a set chosen explicitly
    with pytest.raises(ValueError):
        metric_value(engine, "dossier_on_time_rate", P("2024-12", "2025-03"),
                     Scope("agency", agency="BKHDT", ministry_set="M17"))
    ministries = agency_values(engine, "dossier_on_time_rate", P("2024-12", "2025-03"),
                               Scope.of_kind("ministry"))
    assert len(ministries) == 17


# --- scopes ------------------------------------------------------------------------------------

def test_region_scope(engine, add_rows):
    # Kon Tum (62) and Lâm Đồng (68) are in the Central Highlands; Hà Nội (01) and Bộ Tài chính are not
    add_rows(schema.dossiers, [dossier("62", "2020-01", on_time=40, late=10, received=100),
                               dossier("68", "2020-01", on_time=45, late=5, received=200),
                               dossier("01", "2020-01", on_time=10, late=90, received=1000),
                               dossier("BTC", "2020-01", on_time=1, late=99, received=50)])
    jan = Period.month("2020-01")
    tn = Scope.of_region("TN", "63")
    assert metric_value(engine, "dossiers_received", jan, tn).value == 300  # 100 + 200
    r = metric_value(engine, "dossier_on_time_rate", jan, tn)
    assert (r.numerator, r.denominator) == (85, 100)  # (40 + 45) / (50 + 50)
    # the five Central Highlands provinces: 62, 64, 66, 67, 68
    assert r.rows_expected == 5
    assert set(agency_values(engine, "dossiers_received", jan, tn)["agency"]) == {"62", "64", "66", "67", "68"}
    with pytest.raises(ValueError):
        Scope.of_region("XX")


def test_agency_and_kind_scopes(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", received=100), dossier("02", "2020-01", received=20),
                               dossier("BTC", "2020-01", received=50), dossier("BYT", "2020-01", received=7)])
    add_rows(schema.documents, [document("VPQH", "2020-01", sent=9), document("01", "2020-01", sent=4)])
    jan = Period.month("2020-01")
    assert metric_value(engine, "dossiers_received", jan, Scope.of_agency("01")).value == 100
    assert metric_value(engine, "dossiers_received", jan, Scope.of_agency("BTC")).value == 50
    assert metric_value(engine, "dossiers_received", jan, Scope.of_kind("province")).value == 120
    assert metric_value(engine, "dossiers_received", jan, Scope.of_kind("ministry")).value == 57
    assert metric_value(engine, "dossiers_received", jan).value == 177  # 100 + 20 + 50 + 7
    assert metric_value(engine, "documents_sent", jan, Scope.of_kind("central")).value == 9
    assert metric_value(engine, "documents_sent", jan, Scope.of_agency("VPQH")).value == 9
    with pytest.raises(ValueError):
        metric_value(engine, "dossiers_received", jan, Scope.of_agency("99"))
    with pytest.raises(KeyError):
        metric_value(engine, "no_such_metric", jan)


# --- tasks: status as of a date ----------------------------------------------------------------

AS_OF = date(2020, 6, 30)

TASKS = [
    # completed on the due date: on time
    task("T1", "01", date(2020, 1, 10), due=date(2020, 3, 31), completed=date(2020, 3, 31)),
    # completed the day after the due date: late
    task("T2", "01", date(2020, 1, 10), due=date(2020, 3, 31), completed=date(2020, 4, 1)),
    # open, due on the as-of date itself: still in progress
    task("T3", "01", date(2020, 2, 1), due=date(2020, 6, 30)),
    # open, due the day before the as-of date: overdue
    task("T4", "01", date(2020, 2, 1), due=date(2020, 6, 29)),
    # completed after the as-of date, due before it: overdue at the as-of date
    task("T5", "01", date(2020, 3, 1), due=date(2020, 5, 31), completed=date(2020, 7, 15)),
    # completed after the as-of date, due after it: in progress at the as-of date
    task("T6", "01", date(2020, 3, 1), due=date(2020, 9, 30), completed=date(2020, 7, 15)),
    # assigned on the as-of date: counted, in progress
    task("T7", "01", date(2020, 6, 30), due=date(2020, 7, 31)),
    # assigned after the as-of date: not counted at 2020-06-30
    task("T8", "01", date(2020, 7, 1), due=date(2020, 8, 31)),
    # assigned before the period, and to another agency: never counted for Hà Nội in 2020
    task("T9", "01", date(2019, 12, 20), due=date(2020, 1, 20)),
    task("T10", "02", date(2020, 2, 1), due=date(2020, 2, 20)),
]


def test_task_status_as_of_a_date(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    sums = agency_sums(engine, catalog.get("tasks_assigned"), P("2020-01", "2020-07"), Scope.of_agency("01"),
                       as_of=AS_OF)
    row = sums.iloc[0]
    # on time: T1; late: T2; in progress: T3, T6, T7; overdue: T4, T5; T8 assigned after the date
    assert (row["done_on_time"], row["done_late"], row["in_progress"], row["overdue"]) == (1, 1, 3, 2)
    assert row["rows"] == 7


def test_task_metrics_as_of_a_date(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    period, hanoi = P("2020-01", "2020-07"), Scope.of_agency("01")

    def value(metric_id, as_of=AS_OF):
        return metric_value(engine, metric_id, period, hanoi, as_of=as_of)

    assert value("tasks_assigned").value == 7
    # done 2 (T1, T2) of 7 = 28.571...%
    r = value("task_completion_rate")
    assert (r.numerator, r.denominator) == (2, 7)
    assert r.value == pytest.approx(100 * 2 / 7)
    # on time 1 (T1) of the 2 done = 50%
    r = value("task_on_time_rate")
    assert (r.numerator, r.denominator, r.value) == (1, 2, pytest.approx(50.0))
    # overdue 2 (T4, T5) of 7
    r = value("task_overdue_rate")
    assert (r.numerator, r.denominator) == (2, 7)
    # one day later, 2020-07-01: T3 is overdue, T8 is assigned (in progress): 8 tasks, 3 overdue
    r = value("task_overdue_rate", date(2020, 7, 1))
    assert (r.numerator, r.denominator) == (3, 8)
    # on 2020-07-15 T5 and T6 are done: T5 late, T6 on time → done 4 (T1, T6 on time; T2, T5 late)
    r = value("task_on_time_rate", date(2020, 7, 15))
    assert (r.numerator, r.denominator) == (2, 4)


def test_task_as_of_defaults_to_the_end_of_the_period(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    # Jan–Jun 2020 ends on 2020-06-30: the same status as above, T8 (July) outside the period
    r = metric_value(engine, "task_overdue_rate", P("2020-01", "2020-06"), Scope.of_agency("01"))
    assert (r.numerator, r.denominator) == (2, 7)
    # nationwide the other province's task counts too: T10 is overdue at 2020-06-30 → 3 of 8
    r = metric_value(engine, "task_overdue_rate", P("2020-01", "2020-06"))
    assert (r.numerator, r.denominator) == (3, 8)


def test_task_trend_is_by_month_of_assignment(engine, add_rows):
    add_rows(schema.tasks, TASKS)
    trend = metric_trend(engine, "tasks_assigned", P("2020-01", "2020-07"), Scope.of_agency("01"), as_of=AS_OF)
    got = dict(zip(trend["month"], trend["value"]))
    # Jan: T1, T2; Feb: T3, T4; Mar: T5, T6; Jun: T7; Apr, May: none; Jul: T8 is after the as-of date
    assert (got["2020-01"], got["2020-02"], got["2020-03"], got["2020-06"]) == (2, 2, 2, 1)
    assert math.isnan(got["2020-04"]) and math.isnan(got["2020-05"]) and math.isnan(got["2020-07"])


def test_values_of_counts_places_each_agencys_counts_in_reference_order():
    """Counts given as plain arrays, in any agency order, land on their agency's reference row;
    an agency without counts has no value (NaN, never 0)."""
    import numpy as np

    from metrics.queries import values_of_counts
    metric = catalog.get("dossier_on_time_rate")
    v = values_of_counts(metric, ["02", "01"], {"resolved_on_time": np.array([1, 90]),
                                                "resolved_late": np.array([9, 10])},
                         Period.month("2020-01"), Scope.of_kind("province", "63"))
    assert list(v["agency"][:3]) == ["01", "02", "04"]  # the reference order, not the counts' order
    assert len(v) == 63
    # Hà Nội 90 / (90 + 10) = 90%; Hà Giang 1 / (1 + 9) = 10%
    assert list(v["numerator"][:2]) == [90.0, 1.0] and list(v["denominator"][:2]) == [100.0, 10.0]
    assert list(v["value"][:2]) == [90.0, 10.0]
    assert math.isnan(v["value"][2]) and math.isnan(v["numerator"][2])  # Cao Bằng sent nothing
    assert list(v["rows_expected"][:3]) == [1, 1, 1]  # one month, one report each
    assert v.columns[-3:].tolist() == ["rows_expected", "former_units", "merged_into"]


def test_metrics_read_from_the_same_rows_share_one_query(engine, add_rows):
    """`monthly_agency_sums_of` sums two dossier rates (and two service stocks) in one query each:
    every metric's frame is what its own `monthly_agency_sums` gives."""
    import pandas as pd

    from metrics.queries import monthly_agency_sums, monthly_agency_sums_of
    add_rows(schema.dossiers, [dossier("01", "2020-01", on_time=90, late=10, received=200, online=150),
                               dossier("01", "2020-02", on_time=5, late=5, received=20, online=2),
                               dossier("02", "2020-01", on_time=1, late=9, received=20, online=2)])
    add_rows(schema.services, [service("01", "2020-01", procedures=1000, full=300, portal=200),
                               service("01", "2020-02", procedures=1000, full=310, portal=220)])
    provinces = Scope.of_kind("province", "63")
    wanted = {"dossier_on_time_rate": ["2020-01"], "dossier_online_share": ["2020-02"],
              "services_full_online_share": ["2020-02"], "services_portal_share": ["2020-01", "2020-02"]}
    got = monthly_agency_sums_of(engine, wanted, provinces)
    assert list(got) == list(wanted)
    on_time = got["dossier_on_time_rate"]
    assert list(on_time.columns) == ["agency", "month", "resolved_on_time", "resolved_late", "rows"]
    # one query over both months (the union asked for): Hà Nội 90 + 10 in 01/2020, 5 + 5 in 02/2020
    first = on_time[(on_time["agency"] == "01") & (on_time["month"] == "2020-01")].iloc[0]
    assert (first["resolved_on_time"], first["resolved_late"], first["rows"]) == (90, 10, 1)
    online = got["dossier_online_share"]
    assert list(online.columns) == ["agency", "month", "received_online", "received", "rows"]
    # Hà Nội in 02/2020: 2 of 20 received online
    feb = online[(online["agency"] == "01") & (online["month"] == "2020-02")].iloc[0]
    assert (feb["received_online"], feb["received"]) == (2, 20)
    for metric_id in wanted:  # each the same as its own query over the same months
        months = ["2020-01", "2020-02"]
        alone = monthly_agency_sums(engine, catalog.get(metric_id), months, provinces)
        pd.testing.assert_frame_equal(got[metric_id].reset_index(drop=True), alone)
    portal = got["services_portal_share"]
    assert portal.loc[portal["month"] == "2020-02", "services_on_portal"].tolist() == [220]  # the stock's own month
