"""Targets loaded with the reference data: metric id, scope, value (in the metric's unit), deadline.

Values come from Government Resolution 17/NQ-CP (7 Mar 2019) on e-government for 2019–2020 with
orientation to 2025, except where the source says otherwise.
"""
from datetime import date

TARGETS = [
    ("services_full_online_share", "national", 30.0, date(2020, 12, 31),
     "NQ 17/NQ-CP: ít nhất 30% dịch vụ công trực tuyến mức độ 4 năm 2020"),
    ("services_full_online_share", "national", 80.0, date(2025, 12, 31),
     "NQ 17/NQ-CP: 80% dịch vụ công trực tuyến mức độ 4 đến năm 2025"),
    ("dossier_online_share", "national", 50.0, date(2025, 12, 31),
     "NQ 17/NQ-CP: trên 50% hồ sơ giải quyết trực tuyến đến năm 2025"),
    ("documents_signed_share", "national", 90.0, date(2025, 12, 31),
     "NQ 17/NQ-CP: 90% văn bản trao đổi dưới dạng điện tử có chữ ký số đến năm 2025"),
    ("dossier_on_time_rate", "national", 98.0, date(2026, 12, 31),
     "Mục tiêu điều hành năm 2026 (minh họa)"),
    ("task_overdue_rate", "national", 2.0, date(2026, 12, 31),
     "Mục tiêu điều hành năm 2026 (minh họa)"),
    ("task_completion_rate", "national", 85.0, date(2026, 12, 31),
     "Mục tiêu điều hành năm 2026 (minh họa)"),
    ("services_portal_share", "national", 40.0, date(2026, 12, 31),
     "Mục tiêu điều hành năm 2026 (minh họa)"),
]
