"""The reference list of agencies: provinces (both sets), ministries (both sets), central bodies.

Ministry and central-body codes are this product's own stable short codes (documented in the
README). Each row says which set it belongs to and the months it is valid.
"""
from __future__ import annotations

from functools import lru_cache

from data import admin_units

FIRST_MONTH = "2000-01"
LAST_MONTH = "9999-12"
MINISTRY_RESTRUCTURE_MONTH = "2025-03"
"""First month of the restructured Government (Resolution 176/2025/QH15, effective 1 Mar 2025)."""

NATIONAL_CODE = "VN"

# (code, Vietnamese name, English name, successor code from Mar 2025 or None if dissolved into it)
MINISTRIES_22 = [
    ("BQP", "Bộ Quốc phòng", "Ministry of National Defence", "BQP"),
    ("BCA", "Bộ Công an", "Ministry of Public Security", "BCA"),
    ("BNG", "Bộ Ngoại giao", "Ministry of Foreign Affairs", "BNG"),
    ("BNV", "Bộ Nội vụ", "Ministry of Home Affairs", "BNV"),
    ("BTP", "Bộ Tư pháp", "Ministry of Justice", "BTP"),
    ("BKHDT", "Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment", "BTC"),
    ("BTC", "Bộ Tài chính", "Ministry of Finance", "BTC"),
    ("BCT", "Bộ Công Thương", "Ministry of Industry and Trade", "BCT"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development", "BNNMT"),
    ("BGTVT", "Bộ Giao thông vận tải", "Ministry of Transport", "BXD"),
    ("BXD", "Bộ Xây dựng", "Ministry of Construction", "BXD"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment", "BNNMT"),
    ("BTTTT", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "BKHCN"),
    ("BLDTBXH", "Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs", "BNV"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism", "BVHTTDL"),
    ("BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "BKHCN"),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", "BGDDT"),
    ("BYT", "Bộ Y tế", "Ministry of Health", "BYT"),
    ("UBDT", "Ủy ban Dân tộc", "Committee for Ethnic Minority Affairs", "BDTTG"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam", "NHNN"),
    ("TTCP", "Thanh tra Chính phủ", "Government Inspectorate", "TTCP"),
    ("VPCP", "Văn phòng Chính phủ", "Office of the Government", "VPCP"),
]

# The 14 ministries and 3 ministerial-level agencies from 1 Mar 2025.
MINISTRIES_17 = [
    ("BQP", "Bộ Quốc phòng", "Ministry of National Defence"),
    ("BCA", "Bộ Công an", "Ministry of Public Security"),
    ("BNG", "Bộ Ngoại giao", "Ministry of Foreign Affairs"),
    ("BNV", "Bộ Nội vụ", "Ministry of Home Affairs"),
    ("BTP", "Bộ Tư pháp", "Ministry of Justice"),
    ("BTC", "Bộ Tài chính", "Ministry of Finance"),
    ("BCT", "Bộ Công Thương", "Ministry of Industry and Trade"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment"),
    ("BXD", "Bộ Xây dựng", "Ministry of Construction"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism"),
    ("BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training"),
    ("BYT", "Bộ Y tế", "Ministry of Health"),
    ("BDTTG", "Bộ Dân tộc và Tôn giáo", "Ministry of Ethnic and Religious Affairs"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam"),
    ("TTCP", "Thanh tra Chính phủ", "Government Inspectorate"),
    ("VPCP", "Văn phòng Chính phủ", "Office of the Government"),
]

# Other central bodies connected to the National Document Interconnection Axis
# (with the 63 provinces and 22 ministries they make the 95 connected agencies).
CENTRAL_BODIES = [
    ("VPTW", "Văn phòng Trung ương Đảng", "Office of the Party Central Committee"),
    ("VPQH", "Văn phòng Quốc hội", "Office of the National Assembly"),
    ("VPCTN", "Văn phòng Chủ tịch nước", "Office of the President"),
    ("TANDTC", "Tòa án nhân dân tối cao", "Supreme People's Court"),
    ("VKSNDTC", "Viện kiểm sát nhân dân tối cao", "Supreme People's Procuracy"),
    ("KTNN", "Kiểm toán Nhà nước", "State Audit Office"),
    ("BHXH", "Bảo hiểm xã hội Việt Nam", "Vietnam Social Security"),
    ("TTXVN", "Thông tấn xã Việt Nam", "Vietnam News Agency"),
    ("DTHVN", "Đài Truyền hình Việt Nam", "Vietnam Television"),
    ("DTNVN", "Đài Tiếng nói Việt Nam", "Voice of Vietnam"),
]

SETS = {
    "63": ("province", FIRST_MONTH, "2025-06"),
    "34": ("province", admin_units.MERGER_MONTH, None),
    "M22": ("ministry", FIRST_MONTH, "2025-02"),
    "M17": ("ministry", MINISTRY_RESTRUCTURE_MONTH, None),
    "C": ("central", FIRST_MONTH, None),
    "N": ("national", FIRST_MONTH, None),
}
"""Agency sets: kind, first month, last month (None: still valid)."""


def _row(code, set_id, name_vi, name_en, region=None, successor=None, lat=None, lon=None):
    kind, valid_from, valid_to = SETS[set_id]
    return {"code": code, "set_id": set_id, "kind": kind, "name_vi": name_vi, "name_en": name_en,
            "region": region, "valid_from": valid_from, "valid_to": valid_to,
            "successor_code": successor, "lat": lat, "lon": lon}


@lru_cache(maxsize=None)
def agency_rows() -> tuple[dict, ...]:
    """Every agency of every set, as rows for the `agencies` table."""
    succ = admin_units.successors()
    rows = []
    for p in admin_units.provinces("63"):
        rows.append(_row(p["code"], "63", p["name_vi"], p["name_en"], p["region"], succ[p["code"]], p["lat"], p["lon"]))
    for p in admin_units.provinces("34"):
        rows.append(_row(p["code"], "34", p["name_vi"], p["name_en"], p["region"], None, p["lat"], p["lon"]))
    for code, vi, en, successor in MINISTRIES_22:
        rows.append(_row(code, "M22", vi, en, successor=successor))
    for code, vi, en in MINISTRIES_17:
        rows.append(_row(code, "M17", vi, en))
    for code, vi, en in CENTRAL_BODIES:
        rows.append(_row(code, "C", vi, en))
    rows.append(_row(NATIONAL_CODE, "N", "Toàn quốc", "Nationwide", lat=16.0, lon=106.0))
    return tuple(rows)


@lru_cache(maxsize=None)
def rollup_rows() -> tuple[dict, ...]:
    """How a stored row (agency code, month) is counted in each view of agencies.

    View "34" sums 63-set history into the merged provinces; view "63" keeps the old provinces
    and follows the 11 unchanged ones past the merger; "M17"/"M22" do the same for ministries.
    """
    rows = agency_rows()
    by_set = {s: [r for r in rows if r["set_id"] == s] for s in SETS}
    out = []

    def add(view, source, month_from, month_to, target):
        out.append({"view": view, "source_code": source, "month_from": month_from,
                    "month_to": month_to, "target_code": target})

    for old_set, new_set in (("63", "34"), ("M22", "M17")):
        _, new_from, _ = SETS[new_set]
        _, _, old_to = SETS[old_set]
        parts: dict[str, list[str]] = {}
        for r in by_set[old_set]:
            parts.setdefault(r["successor_code"], []).append(r["code"])
        single = {new for new, olds in parts.items() if olds == [new]}
        for r in by_set[old_set]:
            add(new_set, r["code"], FIRST_MONTH, old_to, r["successor_code"])
            add(old_set, r["code"], FIRST_MONTH, old_to, r["code"])
        for r in by_set[new_set]:
            add(new_set, r["code"], new_from, LAST_MONTH, r["code"])
            if r["code"] in single:
                add(old_set, r["code"], new_from, LAST_MONTH, r["code"])
    for r in by_set["C"]:
        add("C", r["code"], FIRST_MONTH, LAST_MONTH, r["code"])
    add("N", NATIONAL_CODE, FIRST_MONTH, LAST_MONTH, NATIONAL_CODE)
    return tuple(out)


def set_for_month(kind: str, month: str) -> str:
    """The agency set in force for a kind of agency in a month (a row's month decides)."""
    if kind == "province":
        return "63" if month < admin_units.MERGER_MONTH else "34"
    if kind == "ministry":
        return "M22" if month < MINISTRY_RESTRUCTURE_MONTH else "M17"
    return {"central": "C", "national": "N"}[kind]


REPORTING_KINDS = {
    "dossiers": ("province", "ministry"),
    "documents": ("province", "ministry", "central"),
    "services": ("province", "ministry", "national"),
    "tasks": ("province", "ministry"),
    "index766": ("province", "ministry"),
    "index766_scores": ("province", "ministry"),
}
"""Which kinds of agency report each table (only the Axis connects the other central bodies; only
the Portal's own catalogue is a nationwide row)."""


def codes_valid_in(month: str, kinds: tuple[str, ...] = ("province", "ministry", "central", "national")) -> set[str]:
    """Agency codes that may carry data for a month (of the given kinds)."""
    sets = {set_for_month(k, month) for k in kinds}
    return {r["code"] for r in agency_rows() if r["set_id"] in sets}
