"""Messages of the briefing pack and the highlights: finding templates in the administrative register,
and the texts of the deck, the report, the annex and the mail. key → (Vietnamese, English)."""

MESSAGES = {
    # --- periods as they read inside a sentence
    "br_period_month": ("tháng {label}", "{label}"),
    "br_period_quarter": ("{label}", "{label}"),
    "br_period_year": ("năm {year}", "{year}"),
    "br_period_custom": ("giai đoạn {label}", "{label}"),
    "br_composite": ("chỉ số tổng hợp", "the composite index"),
    "br_points": ("điểm %", "pts"),
    "br_score": ("{value} điểm", "{value} points"),
    "br_change_up": ("tăng {amount} {unit}", "up {amount} {unit}"),
    "br_change_down": ("giảm {amount} {unit}", "down {amount} {unit}"),
    "br_change_same": ("không thay đổi", "unchanged"),
    "br_change_none": ("chưa có số liệu kỳ so sánh", "no data for the comparison period"),
    "br_ratio": (" ({ratio} {noun})", " ({ratio} {noun})"),
    # denominators of the rates quoted in headlines
    "br_den_dossier_on_time_rate": ("hồ sơ đã giải quyết", "dossiers resolved"),
    "br_den_dossier_online_share": ("hồ sơ tiếp nhận", "dossiers received"),
    "br_den_documents_signed_share": ("văn bản gửi", "documents sent"),
    "br_den_services_full_online_share": ("thủ tục hành chính", "administrative procedures"),
    "br_den_services_portal_share": ("thủ tục hành chính", "administrative procedures"),
    "br_den_task_completion_rate": ("nhiệm vụ được giao", "tasks assigned"),
    "br_den_task_on_time_rate": ("nhiệm vụ đã hoàn thành", "tasks done"),
    "br_den_task_overdue_rate": ("nhiệm vụ được giao", "tasks assigned"),
    # --- findings
    "br_headline": ("{scope}: {metric} {period} đạt {value}{ratio}, {change} so với {compare} ({compare_value}).",
                    "{scope}: {metric} for {period} was {value}{ratio}, {change} on {compare} ({compare_value})."),
    "br_headline_none": ("{scope}: chưa có số liệu về {metric} {period}.",
                         "{scope}: no data on {metric} for {period}."),
    "br_target_met": ("Đã đạt mục tiêu {target} (thời hạn {deadline}).",
                      "The target of {target} (due {deadline}) is met."),
    "br_target_missed": ("Không đạt mục tiêu {target} (thời hạn {deadline} đã qua).",
                         "The target of {target} (due {deadline}) was missed."),
    "br_target_on_track": ("Đúng lộ trình đạt mục tiêu {target} vào {deadline} (dự báo theo xu hướng 12 tháng: {projected}).",
                           "On track for the target of {target} by {deadline} (12-month trend projects {projected})."),
    "br_target_at_risk": ("Có nguy cơ không đạt mục tiêu {target} vào {deadline} (dự báo theo xu hướng 12 tháng: {projected}).",
                          "At risk of missing the target of {target} by {deadline} (12-month trend projects {projected})."),
    "br_mover_up": ("{name} tăng {places} bậc về {metric}, từ hạng {prev} ({compare}) lên hạng {rank}/{of} ({period}), đạt {value}.",
                    "{name} rose {places} places on {metric}, from {prev} ({compare}) to {rank} of {of} ({period}), with {value}."),
    "br_mover_down": ("{name} giảm {places} bậc về {metric}, từ hạng {prev} ({compare}) xuống hạng {rank}/{of} ({period}), đạt {value}.",
                      "{name} fell {places} places on {metric}, from {prev} ({compare}) to {rank} of {of} ({period}), with {value}."),
    "br_bottom_enter": ("{name} rơi vào nhóm {n} đơn vị thấp nhất ({scope}) về {metric} {period}: hạng {rank}/{of}, {value}; {compare} xếp hạng {prev}.",
                        "{name} entered the bottom {n} ({scope}) on {metric} for {period}: rank {rank} of {of}, {value}; rank {prev} in {compare}."),
    "br_bottom_leave": ("{name} ra khỏi nhóm {n} đơn vị thấp nhất ({scope}) về {metric} {period}: hạng {rank}/{of}, {value}; {compare} xếp hạng {prev}.",
                        "{name} left the bottom {n} ({scope}) on {metric} for {period}: rank {rank} of {of}, {value}; rank {prev} in {compare}."),
    "br_anomaly_history_below": (
        "{name}: {metric} {period} chỉ đạt {value} ({ratio}), thấp hơn {dev} điểm % so với trung bình {months} tháng trước ({mean}, giai đoạn {history}; độ lệch chuẩn {sd}). "
        "Quy tắc: chênh lệch vượt {k} lần độ lệch chuẩn và tối thiểu {min} điểm %.",
        "{name}: {metric} for {period} was {value} ({ratio}), {dev} pts below the mean of the {months} months before ({mean}, {history}; standard deviation {sd}). "
        "Rule: more than {k} standard deviations and at least {min} pts away."),
    "br_anomaly_history_above": (
        "{name}: {metric} {period} đạt {value} ({ratio}), cao hơn {dev} điểm % so với trung bình {months} tháng trước ({mean}, giai đoạn {history}; độ lệch chuẩn {sd}). "
        "Quy tắc: chênh lệch vượt {k} lần độ lệch chuẩn và tối thiểu {min} điểm %.",
        "{name}: {metric} for {period} was {value} ({ratio}), {dev} pts above the mean of the {months} months before ({mean}, {history}; standard deviation {sd}). "
        "Rule: more than {k} standard deviations and at least {min} pts away."),
    "br_anomaly_peers_below": (
        "{name}: {metric} {period} đạt {value} ({ratio}), thấp hơn {dev} điểm % so với trung vị của {peers} tỉnh, thành phố khác vùng {region} ({median}; độ lệch tuyệt đối trung vị {mad}). "
        "Quy tắc: chênh lệch vượt {k} lần độ lệch tuyệt đối trung vị và tối thiểu {min} điểm %.",
        "{name}: {metric} for {period} was {value} ({ratio}), {dev} pts below the median of the {peers} other provinces of the {region} region ({median}; median absolute deviation {mad}). "
        "Rule: more than {k} median absolute deviations and at least {min} pts away."),
    "br_anomaly_peers_above": (
        "{name}: {metric} {period} đạt {value} ({ratio}), cao hơn {dev} điểm % so với trung vị của {peers} tỉnh, thành phố khác vùng {region} ({median}; độ lệch tuyệt đối trung vị {mad}). "
        "Quy tắc: chênh lệch vượt {k} lần độ lệch tuyệt đối trung vị và tối thiểu {min} điểm %.",
        "{name}: {metric} for {period} was {value} ({ratio}), {dev} pts above the median of the {peers} other provinces of the {region} region ({median}; median absolute deviation {mad}). "
        "Rule: more than {k} median absolute deviations and at least {min} pts away."),
    "br_driver_up": (
        "{name} đóng góp {contribution} điểm % trong mức tăng {change} điểm % của {metric} ({scope}) {period} so với {compare}, tức {share} mức thay đổi; tỷ lệ của đơn vị: {before} ({before_ratio}) → {after} ({after_ratio}).",
        "{name} contributed {contribution} pts of the {change}-pt rise in {metric} ({scope}) for {period} against {compare}, {share} of the change; its own rate: {before} ({before_ratio}) → {after} ({after_ratio})."),
    "br_driver_down": (
        "{name} đóng góp {contribution} điểm % trong mức giảm {change} điểm % của {metric} ({scope}) {period} so với {compare}, tức {share} mức thay đổi; tỷ lệ của đơn vị: {before} ({before_ratio}) → {after} ({after_ratio}).",
        "{name} accounted for {contribution} pts of the {change}-pt fall in {metric} ({scope}) for {period} against {compare}, {share} of the change; its own rate: {before} ({before_ratio}) → {after} ({after_ratio})."),
    "br_missing": ("{family}: {n}/{expected} đơn vị chưa gửi báo cáo tháng {month} ({scope}): {names}.",
                   "{family}: {n} of {expected} agencies did not report for {month} ({scope}): {names}."),
    "br_overdue": ("Tính đến ngày {date}, còn {overdue} nhiệm vụ quá hạn chưa hoàn thành ({scope}) trên tổng số {assigned} nhiệm vụ được giao từ {start} ({rate}), tại {agencies} cơ quan, đơn vị; nhiều nhất: {top}.",
                   "As of {date}, {overdue} of the {assigned} tasks assigned since {start} ({rate}) were unfinished and overdue ({scope}), at {agencies} agencies; most: {top}."),
    "br_overdue_item": ("{name} ({overdue}/{assigned} nhiệm vụ)", "{name} ({overdue} of {assigned} tasks)"),
}
