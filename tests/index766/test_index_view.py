"""The index as users read it: the ranking table, map values, the breakdown, the best improvement,
the gap to the next place and the what-if sentence, on three hand-built provinces."""
from __future__ import annotations

import pandas as pd
import pytest
from index_rows import inputs

from metrics import index_view as iv
from metrics import official_index as oi


@pytest.fixture
def ranking():
    rows = [inputs("19", "2025-08", dossiers_with_fee=1000, dossiers_paid_online=400),  # 96.4
            inputs("20", "2025-08", procedures_to_publish=100, procedures_published_on_time=25),  # 97.0
            inputs("08", "2025-08", handled_done_on_time=90, handled_done_late=10)]  # 98.0
    frame = pd.DataFrame(rows).rename(columns={"agency_code": "agency"})
    frame["name_vi"] = ["Thái Nguyên", "Lạng Sơn", "Tuyên Quang"]
    frame["name_en"] = frame["name_vi"]
    out = oi.score(frame)
    out["rank"] = oi.competition_ranks(out["total"])
    out["of"] = 3
    out["rank_change"] = pd.array([1, pd.NA, -1], dtype="Int64")
    return out.sort_values("rank").reset_index(drop=True)


def test_ranking_table_has_each_group_as_a_column(ranking):
    table = iv.ranking_table(ranking, "vi")
    assert list(table.columns) == ["Hạng", "± Hạng", "Mã", "Đơn vị", "Tổng điểm (/100)", "Xếp loại",
                                   "Công khai, minh bạch (/18)", "Tiến độ, kết quả giải quyết (/20)",
                                   "Cung cấp dịch vụ trực tuyến (/12)", "Thanh toán trực tuyến (/10)",
                                   "Số hóa hồ sơ (/22)", "Mức độ hài lòng (/18)"]
    assert list(table["Mã"]) == ["08", "20", "19"]
    assert list(table["Tổng điểm (/100)"]) == [98.0, 97.0, 96.4]
    assert list(table["± Hạng"]) == ["▼ 1", "—", "▲ 1"]
    assert list(table["Xếp loại"]) == ["Xuất sắc"] * 3
    assert iv.ranking_table(ranking, "en")["Band"].iloc[0] == "Excellent"


def test_map_values(ranking):
    m = iv.map_values(ranking, "vi")
    assert list(m["value_label"]) == ["98,00", "97,00", "96,40"]
    assert m.attrs["higher_is_better"] and list(m["rank"]) == [1, 2, 3]


def test_breakdown_names_the_points_lost_and_fitted_rules(ranking):
    b = iv.breakdown_table(ranking, "19", "en")
    first = b.iloc[0]
    assert first["Criterion"] == "Dossiers paid online (fitted rule, not official)"
    assert (first["Rate (%)"], first["Points"], first["Maximum"], first["Points lost"]) == (40.0, 2.4, 6.0, 3.6)


def test_sentences(ranking):
    assert iv.gap_text(ranking, "19", "vi") == "Cách hạng 2 0,60 điểm."  # 97,00 − 96,40
    assert iv.gap_text(ranking, "08", "en") == "First of 3."
    # full marks on payment: +3.60 → 100.00, first (2 places up)
    assert iv.best_improvement_text(ranking, "19", "en") == (
        "Most places to gain: Dossiers paid online — full marks (+3.60 points) would reach rank 1 (2 places up).")
    r, text = iv.what_if_text(ranking, "19", "dossiers_paid_online", 70.0, "vi")
    # 6 × 70% = 4,20 points; 96,40 − 2,40 + 4,20 = 98,20 > 98,00 → rank 1 of 3
    assert (r["rank"], round(r["total"], 2)) == (1, 98.2)
    assert text == ("Nếu Tỷ lệ hồ sơ thanh toán trực tuyến đạt 70,0% (hiện 40,0%): 4,20 điểm cho tiêu chí, "
                    "tổng 98,20 điểm (hiện 96,40), hạng 1/3 (hiện 3), xếp loại Xuất sắc.")
    assert iv.has_scores(ranking) and not iv.has_scores(ranking.assign(total=float("nan")))
