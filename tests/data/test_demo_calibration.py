"""The demo dataset reproduces the published figures through the metric queries (the contract),
is deterministic, covers both boundary sets, is labeled as demo, and shows seasons and gaps."""
from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import func, select

from data import demo, schema
from data.agencies import agency_rows
from data.database import is_demo
from metrics import catalog
from metrics.periods import Period, month_range
from metrics.queries import agency_sums, metric_trend, metric_value
from metrics.scope import Scope

P = Period.between


def value(engine, metric_id, start, end, scope=None, as_of=None):
    return metric_value(engine, metric_id, P(start, end), scope, as_of, lang="en")


# --- published figures (domain brief, seeds 000–004) ------------------------------------------

def test_national_on_time_rate_2019_is_95_8(demo_engine):
    r = value(demo_engine, "dossier_on_time_rate", "2019-01", "2019-12")
    assert abs(r.value - 95.8) <= 0.05
    assert (r.rows_reported, r.rows_expected) == (85 * 12, 85 * 12)  # 63 provinces + 22 ministries, 12 months


@pytest.mark.parametrize("code, start, end, published", [
    ("68", "2020-01", "2020-10", 99.49),  # Lâm Đồng provincial center, Jan–Oct 2020
    ("20", "2020-01", "2020-06", 99.82),  # Lạng Sơn
    ("19", "2020-01", "2020-06", 99.36),  # Thái Nguyên
    ("08", "2020-01", "2020-06", 99.00),  # Tuyên Quang
])
def test_provincial_on_time_rates(demo_engine, code, start, end, published):
    r = value(demo_engine, "dossier_on_time_rate", start, end, Scope.of_agency(code))
    assert round(r.value, 2) == published
    assert r.notes == []


def test_documents_over_the_axis_march_to_july_2019(demo_engine):
    # 12 Mar – 21 Jul 2019: 68,257 sent and 203,553 received
    assert value(demo_engine, "documents_sent", "2019-03", "2019-07").value == 68_257
    assert value(demo_engine, "documents_received", "2019-03", "2019-07").value == 203_553


def test_services_on_the_national_portal_september_2020(demo_engine):
    r = value(demo_engine, "services_on_portal", "2020-09", "2020-09")
    # 1,435 services for 6,842 procedures
    assert (r.value, r.numerator, r.denominator) == (1_435, 1_435, 6_842)


@pytest.mark.parametrize("code, published", [("68", 173), ("62", 204)])  # Lâm Đồng, Kon Tum
def test_services_integrated_november_2020(demo_engine, code, published):
    assert value(demo_engine, "services_on_portal", "2020-11", "2020-11", Scope.of_agency(code)).value == published


def test_agencies_connected_february_2020(demo_engine):
    r = value(demo_engine, "agencies_connected", "2020-02", "2020-02")
    # 95/95: 63 provinces, 22 ministries, 10 other central bodies
    assert (r.value, r.denominator) == (95, 95)


def test_lam_dong_tasks_january_to_october_2020(demo_engine):
    as_of = date(2020, 10, 31)
    sums = agency_sums(demo_engine, catalog.get("tasks_assigned"), P("2020-01", "2020-10"),
                       Scope.of_agency("68"), as_of=as_of)
    row = sums.iloc[0]
    # 77 assigned: 33 done (30 on time, 3 late), 44 in progress within the deadline, none overdue
    assert (row["done_on_time"], row["done_late"], row["in_progress"], row["overdue"]) == (30, 3, 44, 0)
    assert value(demo_engine, "tasks_assigned", "2020-01", "2020-10", Scope.of_agency("68"), as_of).value == 77
    r = value(demo_engine, "task_completion_rate", "2020-01", "2020-10", Scope.of_agency("68"), as_of)
    assert (r.numerator, r.denominator) == (33, 77)
    assert value(demo_engine, "task_overdue_rate", "2020-01", "2020-10", Scope.of_agency("68"), as_of).value == 0


def test_ministries_overdue_tasks_end_of_2019(demo_engine):
    r = value(demo_engine, "task_overdue_rate", "2019-01", "2019-12", Scope.of_kind("ministry"), date(2019, 12, 31))
    assert round(r.value, 2) == 2.13


# --- the dataset itself ------------------------------------------------------------------------

def test_generate_is_deterministic():
    first, second = demo.generate(), demo.generate()
    assert first.keys() == second.keys() == {"dossiers", "documents", "services", "tasks"}
    for table in first:
        assert first[table] == second[table], table


def test_marked_as_demo(demo_engine, engine):
    assert is_demo(demo_engine)
    assert not is_demo(engine)  # an empty warehouse is not


def _codes_by_month(engine, table) -> dict[str, set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.month, table.c.agency_code).distinct()).all()
    out: dict[str, set[str]] = {}
    for month, code in rows:
        out.setdefault(month, set()).add(code)
    return out


def test_covers_2019_01_to_2026_10(demo_engine):
    for table in (schema.dossiers, schema.documents, schema.services):
        with demo_engine.connect() as conn:
            first, last = conn.execute(select(func.min(table.c.month), func.max(table.c.month))).one()
        assert (first, last) == ("2019-01", "2026-10"), table.name
    months = set(_codes_by_month(demo_engine, schema.dossiers))
    assert months == set(month_range("2019-01", "2026-10"))  # no month without any row


def test_province_and_ministry_sets_by_month(demo_engine):
    sets = {s: {r["code"] for r in agency_rows() if r["set_id"] == s} for s in ("63", "34", "M22", "M17")}
    dossiers = _codes_by_month(demo_engine, schema.dossiers)
    services = _codes_by_month(demo_engine, schema.services)
    for month in month_range("2019-01", "2026-10"):
        # a month an agency left a dossier report out it still reported services (and vice versa)
        codes = dossiers[month] | services[month]
        provinces = sets["63"] if month <= "2025-06" else sets["34"]
        ministries = sets["M22"] if month <= "2025-02" else sets["M17"]
        assert len(provinces) == (63 if month <= "2025-06" else 34)
        assert len(ministries) == (22 if month <= "2025-02" else 17)
        assert codes - {"VN"} == provinces | ministries, month


def test_tet_dip(demo_engine):
    # Tết (lunar new year) falls in these months: 5 Feb 2019, 25 Jan 2020, 12 Feb 2021, 1 Feb 2022,
    # 22 Jan 2023, 10 Feb 2024, 29 Jan 2025, 17 Feb 2026
    tet = ["2019-02", "2020-01", "2021-02", "2022-02", "2023-01", "2024-02", "2025-01", "2026-02"]
    trend = metric_trend(demo_engine, "dossiers_received", P("2019-01", "2026-10"))
    received = dict(zip(trend["month"], trend["value"]))
    months = list(received)
    for m in tet:
        i = months.index(m)
        before, after = received[months[i - 1]], received[months[i + 1]]
        assert received[m] < before and received[m] < after, (m, before, received[m], after)


def test_unreported_agency_months_show_up_as_missing(demo_engine):
    # Yên Bái (15) left its March 2021 dossier report out
    r = value(demo_engine, "dossier_on_time_rate", "2021-03", "2021-03", Scope.of_agency("15"))
    assert r.value is None
    assert (r.rows_reported, r.rows_expected) == (0, 1)
    assert "no data" in r.notes
    # nationwide that month: 84 of 85 agency-months
    r = value(demo_engine, "dossier_on_time_rate", "2021-03", "2021-03")
    assert (r.rows_reported, r.rows_expected) == (84, 85)
    assert r.notes[0] == "missing: 1 of 85 agency-months did not report"
    # in a trend the month is missing, not zero
    trend = metric_trend(demo_engine, "dossiers_received", P("2021-02", "2021-04"), Scope.of_agency("15"))
    got = dict(zip(trend["month"], trend["value"]))
    assert math.isnan(got["2021-03"]) and got["2021-02"] > 0 and got["2021-04"] > 0


def test_some_agency_months_are_unreported_in_every_count_table(demo_engine):
    for metric_id in ("dossiers_received", "documents_sent", "portal_dossiers_synced"):
        r = value(demo_engine, metric_id, "2019-01", "2026-10")
        assert r.rows_reported < r.rows_expected, metric_id
        assert r.notes and r.notes[0].startswith("missing:"), metric_id
