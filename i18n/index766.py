"""Interface texts of Decision 766's index (rankings, scorecard breakdown, what-if, reconciliation):
key → (Vietnamese, English). Keys start with `ix_`."""

MESSAGES = {
    # ---------------------------------------------------------------- reconciliation
    "ix_rec_match": ("khớp (chênh lệch do làm tròn)", "matches (rounding only)"),
    "ix_rec_not_published": ("không có số công bố cho nhóm này", "not published for this group"),
    "ix_rec_not_computed": ("chưa tính được: thiếu số liệu đầu vào ({inputs})",
                            "cannot be computed: inputs missing ({inputs})"),
    "ix_rec_months": ("số liệu đầu vào có {reported}/{expected} tháng của kỳ; ",
                      "the inputs cover {reported} of the period's {expected} months; "),
    "ix_rec_implied_rate": ("điểm công bố ứng với tỷ lệ {implied}, số liệu đã nạp cho {rate}: kiểm tra {inputs}",
                            "the published points mean a rate of {implied}, the loaded counts give {rate}: "
                            "check {inputs}"),
    "ix_rec_fitted": ("nhóm có quy tắc chấm điểm suy ra từ điểm công bố, chưa có văn bản chính thức ({criteria}); "
                      "chênh lệch {points} điểm tương đương {pp} điểm phần trăm ở tiêu chí {criterion}",
                      "the group has scoring rules fitted to published scores, not official ({criteria}); "
                      "the difference of {points} points equals {pp} percentage points on {criterion}"),
    "ix_rec_inputs": ("chênh lệch {points} điểm tương đương {pp} điểm phần trăm ở tiêu chí {criterion}: kiểm tra {inputs}",
                      "the difference of {points} points equals {pp} percentage points on {criterion}: "
                      "check {inputs}"),
    "ix_rec_total": ("tổng điểm: chênh lệch là tổng chênh lệch các nhóm", "total: the sum of the groups' differences"),
    "ix_total": ("Tổng điểm", "Total"),
    # ---------------------------------------------------------------- ranking and breakdown
    "ix_col_rank": ("Hạng", "Rank"),
    "ix_col_change": ("± Hạng", "± Rank"),
    "ix_col_code": ("Mã", "Code"),
    "ix_col_name": ("Đơn vị", "Agency"),
    "ix_col_total": ("Tổng điểm (/100)", "Total (of 100)"),
    "ix_col_band": ("Xếp loại", "Band"),
    "ix_col_group": ("Nhóm chỉ số", "Group"),
    "ix_col_criterion": ("Tiêu chí", "Criterion"),
    "ix_col_rate": ("Tỷ lệ (%)", "Rate (%)"),
    "ix_col_points": ("Điểm", "Points"),
    "ix_col_max": ("Tối đa", "Maximum"),
    "ix_col_lost": ("Điểm bị mất", "Points lost"),
    "ix_fitted_mark": ("(quy tắc suy ra, chưa chính thức)", "(fitted rule, not official)"),
    "ix_best_gain": ("Cải thiện nhiều hạng nhất: {criterion} — đạt điểm tối đa (+{points} điểm) sẽ lên hạng {rank} "
                     "(tăng {places} bậc).",
                     "Most places to gain: {criterion} — full marks (+{points} points) would reach rank {rank} "
                     "({places} places up)."),
    "ix_gap_next": ("Cách hạng {rank} {points} điểm.", "{points} points behind rank {rank}."),
    "ix_first": ("Đứng đầu trong {of} đơn vị.", "First of {of}."),
    "ix_no_score": ("Chưa có điểm trong kỳ này.", "No score in this period."),
    "ix_what_if": ("Nếu {criterion} đạt {rate} (hiện {before}): {points} điểm cho tiêu chí, tổng {total} điểm "
                   "(hiện {total_before}), hạng {rank}/{of} (hiện {rank_before}), xếp loại {band}.",
                   "If {criterion} were {rate} (now {before}): {points} points on the criterion, a total of "
                   "{total} (now {total_before}), rank {rank} of {of} (now {rank_before}), band {band}."),
    # ---------------------------------------------------------------- pages
    "ix_metric_label": ("Chỉ số 766 (chính thức, điểm/100)", "766 index (official, points of 100)"),
    "ix_official_note": ("Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg, tính từ số liệu "
                         "đã nạp cho {period}; tiêu chí đánh dấu * dùng quy tắc suy ra từ điểm công bố, chưa có "
                         "văn bản chính thức.",
                         "The index of service to citizens and businesses of Decision 766/QĐ-TTg, computed from "
                         "the loaded counts for {period}; criteria marked * use rules fitted to published scores, "
                         "not an official text."),
    "ix_composite_note": ("Chỉ số tổng hợp là chỉ số riêng của Trung tâm điều hành, không phải chỉ số chính thức; "
                          "chỉ số chính thức là Chỉ số 766.",
                          "The composite index is the command center's own, not an official index; the official "
                          "one is the 766 index."),
    "ix_composite_own": ("của Trung tâm, không chính thức", "the command center's own, not official"),
    "ix_ranking_title": ("Chỉ số 766 · Bảng xếp hạng {period}", "766 index · Ranking {period}"),
    "ix_no_data": ("Chưa có số liệu Chỉ số 766 cho {period} (chỉ số bắt đầu từ 08/2022).",
                   "No 766 index data for {period} (the index starts in 08/2022)."),
    "ix_col_link": ("Chi tiết", "Details"),
    "ix_bands_note": ("Xếp loại: Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu < 50 điểm.",
                      "Bands: Excellent ≥ 90, Good ≥ 80, Fair ≥ 70, Average ≥ 50, Weak < 50 points."),
    "ix_change_note": ("± Hạng so với {period}; các đơn vị bằng điểm (làm tròn 2 chữ số) cùng hạng.",
                       "± Rank against {period}; agencies with equal points (two decimals) share a rank."),
    "ix_map_title": ("Chỉ số 766 theo tỉnh, {period}", "766 index by province, {period}"),
    "ix_card_title": ("Chỉ số 766 · {period}", "766 index · {period}"),
    "ix_groups_title": ("Theo nhóm chỉ số (điểm)", "By group (points)"),
    "ix_criteria_title": ("Theo tiêu chí (% điểm tối đa)", "By criterion (% of the maximum)"),
    "ix_fitted_note": ("Nguồn định nghĩa từng tiêu chí: mục Chỉ số 766 trong README.",
                       "Each criterion's definition and source: the 766 index section of the README."),
    "ix_what_if_title": ("Giả định: nếu một tiêu chí đạt tỷ lệ khác", "What if a criterion reached another rate"),
    "ix_what_if_rate": ("Tỷ lệ giả định (%)", "Rate (%)"),
}
