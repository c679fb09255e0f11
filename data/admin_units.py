"""Provinces of both boundary sets, read from the `vietnamadminunits` package.

Names, GSO codes, centroids and the 63→34 merger come from the package; only the
socio-economic region of each province, in each set, is declared here (the package has none).
"""
from __future__ import annotations

from functools import lru_cache

from unidecode import unidecode
from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE
from vietnamadminunits.database import get_data

MERGER_MONTH = "2025-07"
"""First month of the 34-province set (Resolution 202/2025/QH15, effective 1 Jul 2025)."""

# The six socio-economic regions of the General Statistics Office, by 63-set code.
REGIONS = {
    "DBSH": ("Đồng bằng sông Hồng", "Red River Delta",
             "01 22 26 27 30 31 33 34 35 36 37"),
    "TDMN": ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains",
             "02 04 06 08 10 11 12 14 15 17 19 20 24 25"),
    "BTB": ("Bắc Trung Bộ và duyên hải miền Trung", "North Central and Central Coast",
            "38 40 42 44 45 46 48 49 51 52 54 56 58 60"),
    "TN": ("Tây Nguyên", "Central Highlands", "62 64 66 67 68"),
    "DNB": ("Đông Nam Bộ", "South East", "70 72 74 75 77 79"),
    "DBSCL": ("Đồng bằng sông Cửu Long", "Mekong River Delta",
              "80 82 83 84 86 87 89 91 92 93 94 95 96"),
}


# The same six regions for the 34 provinces from 1 Jul 2025, by 34-set code. A merged province
# whose parts lay in two regions belongs to one region as a whole: Gia Lai (Bình Định + Gia Lai),
# Đắk Lắk (+ Phú Yên) and Lâm Đồng (+ Đắk Nông, Bình Thuận) to the Central Highlands, Quảng Ngãi
# (+ Kon Tum) to the Central Coast, Phú Thọ (+ Vĩnh Phúc, Hòa Bình) to the Northern Midlands,
# Bắc Ninh (+ Bắc Giang) to the Red River Delta, Tây Ninh (+ Long An) to the South East.
# Source: the six socio-economic regions as regrouped over the 34 provinces in the General
# Statistics Office's regional releases since the third quarter of 2025 (Cục Thống kê, Bộ Tài
# chính). The text of the Government's decision on the regions was not available offline: check
# this table against it when it is. The source is shown to users with the region views
# (message `mn_regions_34_source`).
REGIONS_34 = {
    "DBSH": "01 22 24 31 33 37",
    "TDMN": "04 08 11 12 14 15 19 20 25",
    "BTB": "38 40 42 44 46 48 51 56",
    "TN": "52 66 68",
    "DNB": "75 79 80",
    "DBSCL": "82 86 91 92 96",
}


def region_of_code(code: str, boundary: str = "63") -> str:
    """Region id of a province code in a boundary set ("63" or "34"; a 34-set code reuses one of
    its parts' codes, but its region is the merged province's own)."""
    table = REGIONS_34 if boundary == "34" else {r: codes for r, (_, _, codes) in REGIONS.items()}
    for region_id, codes in table.items():
        if code in codes.split():
            return region_id
    raise KeyError(code)


def _english(short: str) -> str:
    return unidecode(short)


def _rows(table: str) -> list[dict]:
    fields = ["provinceCode", "provinceKey", "provinceShort", "province", "provinceLat", "provinceLon"]
    seen: dict[str, dict] = {}
    for r in get_data(fields=fields, table=table):
        seen.setdefault(r["provinceCode"], r)
    return [seen[c] for c in sorted(seen)]


@lru_cache(maxsize=None)
def provinces(boundary: str) -> tuple[dict, ...]:
    """Provinces of one boundary set ("63" or "34"): code, names, centroid, region, key."""
    if boundary not in ("63", "34"):
        raise ValueError(f"unknown boundary set {boundary!r}")
    table = "admin_units_legacy" if boundary == "63" else "admin_units"
    out = []
    for r in _rows(table):
        out.append({
            "code": r["provinceCode"],
            "key": r["provinceKey"],
            "name_vi": r["provinceShort"],
            "full_name_vi": r["province"],
            "name_en": _english(r["provinceShort"]),
            "lat": round(float(r["provinceLat"]), 4),
            "lon": round(float(r["provinceLon"]), 4),
            "region": region_of_code(r["provinceCode"], boundary),
        })
    return tuple(out)


@lru_cache(maxsize=None)
def successors() -> dict[str, str]:
    """63-set code → code of the 34-set province it was merged into."""
    old_by_key = {p["key"]: p["code"] for p in provinces("63")}
    new_by_key = {p["key"]: p["code"] for p in provinces("34")}
    out = {}
    for new_key, old_keys in DICT_PROVINCE.items():
        for old_key in old_keys:
            out[old_by_key[old_key]] = new_by_key[new_key]
    if len(out) != 63:
        raise RuntimeError("the 63→34 mapping does not cover 63 provinces")
    return out


def predecessors() -> dict[str, list[str]]:
    """34-set code → the 63-set codes merged into it."""
    out: dict[str, list[str]] = {}
    for old, new in sorted(successors().items()):
        out.setdefault(new, []).append(old)
    return out


@lru_cache(maxsize=None)
def moved_provinces() -> tuple[dict, ...]:
    """63-set provinces whose region differs once merged: code, into (34-set code), from_region,
    to_region. A region's total then differs between the 63 and 34 views by exactly these."""
    old = {p["code"]: p for p in provinces("63")}
    new = {p["code"]: p for p in provinces("34")}
    out = []
    for code, into in sorted(successors().items()):
        if old[code]["region"] != new[into]["region"]:
            out.append({"code": code, "into": into, "from_region": old[code]["region"],
                        "to_region": new[into]["region"]})
    return tuple(out)
