"""Published scores against computed ones, group by group, with each difference explained."""
from __future__ import annotations

import pytest
from index_rows import inputs

from data import schema
from metrics.index_reconciliation import reconcile
from metrics.periods import Period


def published(code, month, total, **groups):
    row = {"agency_code": code, "month": month, "total": total, "source": "test"}
    row.update({g: groups.get(g) for g in schema.INDEX_GROUP_COLUMNS})
    return row


def test_each_group_is_reconciled_and_explained(index_engine, add_rows):
    add_rows(schema.index766_inputs, [inputs("19", "2025-08", handled_done_on_time=950, handled_done_late=50,
                                             dossiers_with_fee=100, dossiers_paid_online=50)])
    # computed: progress 20 × 95% = 19.0; payment 6 × 50% + 2 + 2 = 7.0; others full: 100 − 1 − 3 = 96.0
    add_rows(schema.index766_published, [published(
        "19", "2025-08", 93.31, transparency=18.0, progress=19.31, online_services=None,
        online_payment=6.5, digitisation=22.0, satisfaction=18.0)])
    r = reconcile(index_engine, "province", Period.month("2025-08"), lang="en").set_index("group")
    assert r.loc["transparency", "difference"] == pytest.approx(0.0)
    assert r.loc["transparency", "explanation"] == "matches (rounding only)"
    # progress: 19.31 published − 19.00 computed = +0.31; 19.31 / 20 = 96.55% against our 95.00%
    assert r.loc["progress", "difference"] == pytest.approx(0.31)
    assert "a rate of 96.55%" in r.loc["progress", "explanation"]
    assert "give 95.00%" in r.loc["progress", "explanation"]
    assert r.loc["online_services", "explanation"] == "not published for this group"
    # payment: 6.5 − 7.0 = −0.5 points, 0.5 / 6 × 100 = 8.3 percentage points of paid-online dossiers
    assert r.loc["online_payment", "difference"] == pytest.approx(-0.5)
    assert "fitted" in r.loc["online_payment", "explanation"]
    assert "-0.50 points equals -8.3 percentage points on Dossiers paid online" in r.loc["online_payment", "explanation"]
    assert r.loc["total", "computed"] == pytest.approx(96.0)
    assert r.loc["total", "difference"] == pytest.approx(93.31 - 96.0)


def test_missing_inputs_and_months_are_named(index_engine, add_rows):
    add_rows(schema.index766_inputs, [inputs("19", "2025-07", results_paper_required=0, results_electronic=0)])
    add_rows(schema.index766_published, [published("19", "2025-08", 90.0, digitisation=20.0, transparency=17.0)])
    r = reconcile(index_engine, "province", Period.between("2025-07", "2025-08"), lang="vi").set_index("group")
    # no result to issue: electronic results score 0 → digitisation 16 of 22; inputs cover 1 of 2 months
    assert r.loc["digitisation", "computed"] == pytest.approx(16.0)
    assert r.loc["digitisation", "explanation"].startswith("số liệu đầu vào có 1/2 tháng của kỳ; ")
    assert "tương đương" in r.loc["digitisation", "explanation"]


def test_no_computed_score_names_the_inputs(index_engine, add_rows):
    add_rows(schema.index766_inputs, [inputs("19", "2025-08", handled_done_on_time=0)])
    add_rows(schema.index766_published, [published("19", "2025-08", 90.0, progress=19.0)])
    r = reconcile(index_engine, "province", Period.month("2025-08"), code="19", lang="en").set_index("group")
    assert "inputs missing (handled_done_on_time" in r.loc["progress", "explanation"]
    assert r.loc["total", "difference"] != r.loc["total", "difference"]  # NaN: no computed total
