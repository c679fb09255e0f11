"""Texts drawn inside figures (axis titles, legends, table headers of `charts/`): key → (vi, en)."""

MESSAGES = {
    "ch_month": ("Tháng", "Month"),
    "ch_agency": ("Đơn vị", "Agency"),
    "ch_rate_axis": ("Tỷ lệ (%)", "Rate (%)"),
    "ch_tasks": ("Số nhiệm vụ", "Tasks"),
    "ch_worst": ("{n} đơn vị thấp nhất", "{n} weakest agencies"),
    "ch_top": ("Cao nhất", "Highest"),
    "ch_bottom": ("Thấp nhất", "Lowest"),
    "ch_status_done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "ch_status_done_late": ("Hoàn thành quá hạn", "Done late"),
    "ch_status_in_progress": ("Đang thực hiện trong hạn", "In progress, within deadline"),
    "ch_status_overdue": ("Quá hạn chưa hoàn thành", "Overdue, unfinished"),
    "ch_att_rank": ("Hạng", "Rank"),
    "ch_att_value": ("Giá trị", "Value"),
    "ch_att_change": ("So với kỳ trước", "vs previous"),
    "ch_map_no_data": ("Không có số liệu", "No data"),
    "ch_map_value": ("Giá trị", "Value"),
    "ch_map_rank": ("Xếp hạng", "Rank"),
}
