"""Texts of the metric layer: scope names, period names, notes on a number (missing parts, months
not yet reported, mergers, boundary breaks, regions whose provinces moved), missing values."""

MESSAGES = {
    # scopes
    "mn_scope_national": ("Toàn quốc", "Nationwide"),
    "mn_scope_provinces": ("Các tỉnh, thành phố ({boundary})", "Provinces ({boundary})"),
    "mn_scope_ministries": ("Các bộ, cơ quan ngang bộ", "Ministries"),
    "mn_scope_central": ("Các cơ quan trung ương khác", "Other central bodies"),
    "mn_scope_region": ("Vùng {region}", "{region}"),
    # periods
    "mn_quarter": ("Quý {q}/{year}", "Q{q}/{year}"),  # q: Roman in Vietnamese, Arabic in English
    "mn_year": ("Năm {year}", "Year {year}"),
    # values
    "mn_na": ("Không có số liệu", "N/A"),
    "mn_rate_points": ("điểm %", "pts"),
    # notes on a number
    "mn_missing_rows": ("thiếu số liệu: {missing}/{expected} lượt đơn vị-tháng không báo cáo",
                        "missing: {missing} of {expected} agency-months did not report"),
    "mn_missing_agencies": ("thiếu số liệu: {missing}/{expected} đơn vị không báo cáo",
                            "missing: {missing} of {expected} agencies did not report"),
    "mn_missing_parts": ("không báo cáo: {names}", "did not report: {names}"),
    "mn_more": ("và {n} đơn vị khác", "and {n} more"),
    "mn_no_data": ("không có số liệu", "no data"),
    "mn_not_yet_reported": ("chưa đến kỳ báo cáo: {months} (số liệu mới có đến {through})",
                            "not yet reported: {months} (data through {through})"),
    "mn_not_yet_reported_all": ("chưa đến kỳ báo cáo (số liệu mới có đến {through})",
                                "not yet reported (data through {through})"),
    "mn_stock_as_of": ("số liệu tồn tại thời điểm {month}", "stock as of {month}"),
    "mn_merged_into": ("{name} đã hợp nhất vào {successor} từ {month}: số liệu từ tháng đó tính trong {successor}",
                       "{name} merged into {successor} from {month}: figures from then on are counted in {successor}"),
    "mn_former_units": ("tổng của các đơn vị cũ: {names}", "sum of the former units: {names}"),
    "mn_former_units_short": ("tổng của các đơn vị cũ", "sum of the former units"),
    "mn_zero_denominator": ("mẫu số bằng 0: không tính được tỷ lệ", "denominator is 0: no rate"),
    # boundary breaks
    "mn_break_province": ("Hợp nhất tỉnh (63 → 34) từ {month}", "Provinces merged (63 → 34) from {month}"),
    "mn_break_ministry": ("Sắp xếp bộ (22 → 17) từ {month}", "Ministries restructured (22 → 17) from {month}"),
    "mn_break_short_province": ("Tỉnh 63→34", "Provinces 63→34"),
    "mn_break_short_ministry": ("Bộ 22→17", "Ministries 22→17"),
    "mn_break_stock_note": ("Trước {month}, số liệu tồn là tổng của các đơn vị cũ, không so sánh trực tiếp được với sau đó.",
                            "Before {month}, stock figures are the sum of the former units and not directly comparable with later ones."),
    # regions after the merger
    "mn_region_moved": ("{name} ({from_region} → {to_region}, nay thuộc {into})",
                        "{name} ({from_region} → {to_region}, now part of {into})"),
    "mn_region_moved_note": ("Vùng theo bộ 34 tỉnh khác bộ 63 tỉnh: {names}.",
                             "Regions in the 34-province set differ from the 63-province set: {names}."),
    "mn_region_after_merger": ("Từ {month}, vùng tính theo 34 tỉnh (các tỉnh cũ chỉ còn số liệu trong tỉnh mới).",
                               "From {month} the region is counted in the 34-province set (former provinces report only within the merged ones)."),
    # composite bands
    "mn_band_xuat_sac": ("Xuất sắc", "Excellent"),
    "mn_band_tot": ("Tốt", "Good"),
    "mn_band_kha": ("Khá", "Fair"),
    "mn_band_trung_binh": ("Trung bình", "Average"),
    "mn_band_yeu": ("Yếu", "Weak"),
    # where the 34-set regions come from
    "mn_regions_34_source": ("Cục Thống kê (Bộ Tài chính): sáu vùng kinh tế - xã hội theo 34 tỉnh, thành phố, từ quý III/2025",
                             "General Statistics Office (Ministry of Finance): the six socio-economic regions over the "
                             "34 provinces, from Q3/2025"),
    "mn_no_schema": ("cơ sở dữ liệu chưa có lược đồ: chạy `python -m data init --demo`",
                     "the database has no schema yet: run `python -m data init --demo`"),
    # on screen
    "mn_rank_precision": ("Thứ hạng xét trên giá trị như hiển thị ({digits} chữ số thập phân): giá trị hiển thị bằng nhau thì cùng hạng.",
                          "Ranks are decided on the values as shown ({digits} decimals): equal shown values share a rank."),
    "mn_former_units_mark": ("Σ: tổng của các đơn vị cũ trước hợp nhất, không so sánh trực tiếp với số liệu sau đó.",
                             "Σ: the sum of the former units before the merger, not directly comparable with later figures."),
    "mn_rank_merged": ("{n} đơn vị đã hợp nhất trước cuối kỳ nên không có số liệu riêng (số liệu tính trong đơn vị mới).",
                       "{n} units had merged before the period's end, so they have no figures of their own (they are counted in the merged units)."),
    "mn_rank_break": ("{label}: trước đó, thứ hạng tính trên số liệu cộng của các đơn vị cũ.",
                      "{label}: before it, ranks are computed on the summed figures of the former units."),
    # statuses a page can show
    "mn_status_reported": ("Đã báo cáo", "Reported"),
    "mn_status_incomplete": ("Chưa đủ số liệu", "Incomplete"),
    "mn_status_no_data": ("Không báo cáo", "Did not report"),
    "mn_status_not_yet_reported": ("Chưa đến kỳ báo cáo", "Not yet reported"),
    "mn_status_merged": ("Đã hợp nhất", "Merged"),
    # refusals
    "mn_future_period": ("kỳ {period} chưa diễn ra (hôm nay là {today})",
                         "the period {period} is in the future (today is {today})"),
    "mn_future_as_of": ("ngày xét {as_of} chưa đến (hôm nay là {today})",
                        "the review date {as_of} is in the future (today is {today})"),
    "mn_db_unreachable": ("không kết nối được cơ sở dữ liệu {url}: {reason}",
                          "cannot reach the database {url}: {reason}"),
}
