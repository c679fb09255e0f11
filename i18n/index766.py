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
}
