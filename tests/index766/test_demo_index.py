"""The demo's index inputs: deterministic, in step with the model, and reproducing the published
08/2025 result — Thái Nguyên first of 34 provinces with 86.97 points, its group split, and the
next four."""
from __future__ import annotations

import pandas as pd
import pytest

from data import demo_index
from metrics import official_index as oi
from metrics.index_model import MODEL
from metrics.index_reconciliation import reconcile
from metrics.periods import Period

AUG_2025 = Period.month("2025-08")


@pytest.fixture(scope="module")
def august(demo_engine):
    return oi.rank_index(demo_engine, "province", AUG_2025, previous=oi.previous_period("month", "2025-08"))


def test_thai_nguyen_first_of_34_with_86_97_and_the_next_four(august):
    assert len(august) == 34 and int(august["of"].iloc[0]) == 34
    top = august.head(5)
    assert list(top["agency"]) == ["19", "44", "38", "75", "42"]  # Thái Nguyên, Quảng Trị, Thanh Hóa, Đồng Nai, Hà Tĩnh
    assert list(top["total"].round(2)) == [86.97, 86.56, 86.51, 86.13, 84.85]
    assert list(top["rank"]) == [1, 2, 3, 4, 5]
    assert top.iloc[0]["name_vi"] == "Thái Nguyên" and top.iloc[0]["band"] == "Tốt"
    assert august.iloc[5]["total"] < 84.85


def test_thai_nguyen_group_split_as_published(august):
    tn = august[august["agency"] == "19"].iloc[0]
    assert round(tn["transparency"], 2) == 15.67
    assert round(tn["progress"], 2) == 19.31
    assert round(tn["online_services"] + tn["online_payment"], 2) == 17.49  # published together
    assert round(tn["satisfaction"], 2) == 17.86
    assert round(tn["digitisation"], 2) == 16.64
    # 15.67 + 19.31 + 17.49 + 17.86 + 16.64 = 86.97
    assert round(tn["total"], 2) == 86.97


def test_published_scores_reconcile_with_the_computed_ones(demo_engine):
    r = reconcile(demo_engine, "province", AUG_2025, lang="en")
    totals = r[r["group"] == "total"].set_index("agency")
    assert list(totals.index) == ["19", "44", "38", "75", "42"]
    assert (totals["difference"].abs() < 0.006).all()
    tn = r[r["agency"] == "19"].set_index("group")
    for g in ("transparency", "progress", "satisfaction", "digitisation"):
        assert tn.loc[g, "explanation"] == "matches (rounding only)"
    assert tn.loc["online_services", "explanation"] == "not published for this group"


def test_the_generator_is_deterministic_and_restates_the_model():
    a, b = demo_index.generate("2025-09"), demo_index.generate("2025-09")
    assert a == b
    for c in MODEL.criteria:
        num, den, rule, top, full_at = demo_index.CRITERIA[c.id]
        assert (rule, top, full_at) == (c.formula, c.max_points, c.full_at), c.id
    # the generator's own restatement of the rules agrees with the model on every 08/2025 row
    rows = pd.DataFrame([r for r in a["index766_inputs"] if r["month"] == "2025-08"]).rename(
        columns={"agency_code": "agency"})
    scored = oi.score(rows)
    assert scored["total"].round(6).tolist() == [round(demo_index.points_of(r), 6)
                                                 for r in a["index766_inputs"] if r["month"] == "2025-08"]


def test_sets_before_the_mergers_and_an_unreported_month(demo_engine):
    r2024 = oi.rank_index(demo_engine, "province", Period.month("2024-08"))
    assert len(r2024) == 63 and r2024["total"].notna().all()
    ministries = oi.rank_index(demo_engine, "ministry", Period.month("2023-04"))
    assert len(ministries) == 22
    bng = ministries[ministries["agency"] == "BNG"].iloc[0]
    assert pd.isna(bng["total"]) and pd.isna(bng["rank"]) and int(bng["of"]) == 21
    assert len(oi.rank_index(demo_engine, "ministry", AUG_2025)) == 17
    # the index begins in 08/2022: nothing before
    assert oi.rank_index(demo_engine, "province", Period.month("2022-07"))["total"].isna().all()
