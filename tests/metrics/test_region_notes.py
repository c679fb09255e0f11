"""What a region's numbers need said beside them (`metrics.scope.region_notes`), the same whether the
page's header asks or the metric layer's value carries it."""
from __future__ import annotations

from metrics.periods import Period
from metrics.queries import metric_value
from metrics.scope import Scope, region_notes


def test_a_region_that_changed_names_its_moved_provinces_and_the_merger_when_read_across_it():
    before = region_notes(Scope.of_region("TN"), Period.year(2024))
    assert len(before) == 1
    assert before[0].startswith("Vùng theo bộ 34 tỉnh khác bộ 63 tỉnh: ")
    assert "Kon Tum (Tây Nguyên → Bắc Trung Bộ và duyên hải miền Trung, nay thuộc Quảng Ngãi)" in before[0]
    assert region_notes(Scope.of_region("TN"), Period.year(2025)) == before  # read in the 34 set all year
    across = region_notes(Scope.of_region("TN", "63"), Period.year(2025))  # the 63 set, after 07/2025 too
    assert across[0] == before[0]
    assert across[1] == "Từ 07/2025, vùng tính theo 34 tỉnh (các tỉnh cũ chỉ còn số liệu trong tỉnh mới)."
    assert len(across) == 2
    english = region_notes(Scope.of_region("TN"), Period.year(2024), "en")
    assert len(english) == 1 and "Kon Tum" in english[0] and "Vùng" not in english[0]


def test_other_scopes_need_no_region_note():
    assert region_notes(Scope.national(), Period.year(2025)) == []
    assert region_notes(Scope.of_kind("province"), Period.year(2025)) == []


def test_the_value_carries_the_same_notes(demo_engine):
    for period in (Period.year(2024), Period.year(2025), Period.month("2026-10")):
        for scope in (Scope.of_region("TN"), Scope.of_region("TN", "63"), Scope.national()):
            notes = metric_value(demo_engine, "dossiers_received", period, scope).region_notes
            assert notes == region_notes(scope, period)
