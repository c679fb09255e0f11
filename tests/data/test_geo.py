"""The shipped province and island shapes: complete, joined to the right codes, small enough."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from shapely.geometry import Point, shape
from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE
from vietnamadminunits.database import get_data

from data.geo import GEO_DIR, load_islands, load_provinces

KM_PER_DEGREE = 111.32
FIELDS = ["provinceCode", "provinceKey", "provinceShort", "provinceLat", "provinceLon"]


def _units(table: str) -> dict[str, dict]:
    return {r["provinceCode"]: r for r in get_data(fields=FIELDS, table=table)}


LEGACY = _units("admin_units_legacy")
CURRENT = _units("admin_units")


def _shapes(boundary: str) -> dict[str, object]:
    return {f["properties"]["code"]: shape(f["geometry"]) for f in load_provinces(boundary)["features"]}


def _point(unit: dict) -> Point:
    return Point(unit["provinceLon"], unit["provinceLat"])


def _km2(geom) -> float:
    """Area in km², scaling degrees at the geometry's own latitude (good to ~1% here)."""
    return geom.area * KM_PER_DEGREE * 110.57 * math.cos(math.radians(geom.centroid.y))


def _coords(obj):
    if isinstance(obj[0], (int, float)):
        yield obj
    else:
        for item in obj:
            yield from _coords(item)


@pytest.mark.parametrize("boundary, count, units", [("63", 63, LEGACY), ("34", 34, CURRENT)])
def test_every_province_once_with_the_package_codes(boundary, count, units):
    features = load_provinces(boundary)["features"]
    codes = [f["properties"]["code"] for f in features]
    assert len(features) == count
    assert len(set(codes)) == count
    assert set(codes) == set(units)
    for f in features:
        assert f["properties"]["name"] == units[f["properties"]["code"]]["provinceShort"]
        assert shape(f["geometry"]).is_valid


def test_properties_of_known_provinces():
    by_code_63 = {f["properties"]["code"]: f["properties"] for f in load_provinces("63")["features"]}
    by_code_34 = {f["properties"]["code"]: f["properties"] for f in load_provinces("34")["features"]}
    assert by_code_63["68"] == {"code": "68", "iso": "VN-35", "name": "Lâm Đồng"}
    # Natural Earth names VN-39 "Đông Nam Bộ"; the join on ISO codes must still give Đồng Nai.
    assert by_code_63["75"] == {"code": "75", "iso": "VN-39", "name": "Đồng Nai"}
    assert by_code_63["79"]["iso"] == "VN-SG"
    # Lâm Đồng absorbed Đắk Nông and Bình Thuận: merged, so no ISO code; Hà Nội was not merged.
    assert by_code_34["68"] == {"code": "68", "iso": "", "name": "Lâm Đồng"}
    assert by_code_34["01"] == {"code": "01", "iso": "VN-HN", "name": "Hà Nội"}


def test_unknown_boundary_is_refused():
    with pytest.raises(ValueError):
        load_provinces("35")
    with pytest.raises(ValueError):
        load_provinces(63)


def test_loads_are_cached():
    assert load_provinces("63") is load_provinces("63")
    assert load_islands() is load_islands()


def test_each_63_centroid_lies_in_its_own_polygon():
    shapes = _shapes("63")
    for code, unit in LEGACY.items():
        point = _point(unit)
        if code == "92":
            # Natural Earth draws Cần Thơ north of its real extent: 10.6 km off, inside Hậu Giang.
            assert shapes["92"].distance(point) * KM_PER_DEGREE < 12
            assert shapes["93"].contains(point)
        else:
            assert shapes[code].contains(point), (code, unit["provinceShort"])


def test_each_34_centroid_lies_in_its_own_polygon():
    shapes = _shapes("34")
    for code, unit in CURRENT.items():
        assert shapes[code].contains(_point(unit)), (code, unit["provinceShort"])


def test_merged_lam_dong_holds_its_three_old_provinces():
    lam_dong = _shapes("34")["68"]
    for old in ("68", "67", "60"):  # Lâm Đồng, Đắk Nông, Bình Thuận
        assert lam_dong.contains(_point(LEGACY[old])), old
    assert not lam_dong.contains(_point(LEGACY["56"]))  # Khánh Hòa stays apart
    # Official areas: 9,781 + 6,509 + 7,943 = 24,233 km².
    assert 23_000 < _km2(lam_dong) < 25_500


def test_every_old_centroid_lies_in_its_new_province():
    shapes_34 = _shapes("34")
    old_code = {u["provinceKey"]: c for c, u in LEGACY.items()}
    for new_code, unit in CURRENT.items():
        for key in DICT_PROVINCE[unit["provinceKey"]]:
            # Cần Thơ's centroid falls in Hậu Giang's polygon, and both are now Cần Thơ.
            assert shapes_34[new_code].contains(_point(LEGACY[old_code[key]])), (new_code, key)


def test_the_34_set_covers_the_same_land_as_the_63_set():
    total_63 = sum(_km2(g) for g in _shapes("63").values())
    total_34 = sum(_km2(g) for g in _shapes("34").values())
    # Vietnam is about 331,000 km²; merging whole provinces neither adds nor loses land.
    assert 320_000 < total_63 < 335_000
    assert total_34 == pytest.approx(total_63, rel=1e-3)


def test_islands_are_present_placed_and_labeled():
    features = {f["properties"]["code"]: f for f in load_islands()["features"]}
    assert set(features) == {"HS", "TS"}
    hs, ts = features["HS"]["properties"], features["TS"]["properties"]
    assert hs["parent_code"] == "48" and ts["parent_code"] == "56"
    assert hs["label_vi"] == "Quần đảo Hoàng Sa (Đà Nẵng)"
    assert ts["label_vi"] == "Quần đảo Trường Sa (Khánh Hòa)"
    assert hs["label_en"] == "Hoang Sa (Paracel) Islands (Da Nang)"
    assert ts["label_en"] == "Truong Sa (Spratly) Islands (Khanh Hoa)"
    for boundary in ("63", "34"):
        codes = {f["properties"]["code"] for f in load_provinces(boundary)["features"]}
        assert {"48", "56"} <= codes

    hs_geom, ts_geom = shape(features["HS"]["geometry"]), shape(features["TS"]["geometry"])
    lon0, lat0, lon1, lat1 = hs_geom.bounds
    assert 111.1 <= lon0 and lon1 <= 112.9 and 15.7 <= lat0 and lat1 <= 17.1
    lon0, lat0, lon1, lat1 = ts_geom.bounds
    assert 111.5 <= lon0 and lon1 <= 117.5 and 7.5 <= lat0 and lat1 <= 11.5
    # Phú Lâm (Woody Island) and Hoàng Sa (Pattle Island); Trường Sa Lớn and Song Tử Tây.
    for geom, lat, lon in [(hs_geom, 16.834, 112.338), (hs_geom, 16.533, 111.607),
                           (ts_geom, 8.6447, 111.9194), (ts_geom, 11.4297, 114.3311)]:
        assert geom.distance(Point(lon, lat)) * KM_PER_DEGREE < 2


def test_coordinates_are_rounded_to_four_decimals():
    for fc in (load_provinces("63"), load_provinces("34"), load_islands()):
        for f in fc["features"]:
            for x, y in _coords(f["geometry"]["coordinates"]):
                assert round(x, 4) == x and round(y, 4) == y


def test_files_are_small():
    sizes = {p.name: p.stat().st_size for p in GEO_DIR.glob("*.geojson")}
    assert set(sizes) == {"provinces_63.geojson", "provinces_34.geojson", "islands.geojson"}
    # Built at about 172 kB + 145 kB + 4 kB; large GeoJSON blocks the browser.
    assert sizes["provinces_63.geojson"] + sizes["provinces_34.geojson"] < 500_000
    assert sizes["islands.geojson"] < 20_000


def test_geo_package_does_not_import_streamlit():
    source = (GEO_DIR / "__init__.py").read_text(encoding="utf-8")
    assert "streamlit" not in source
    assert Path(GEO_DIR / "README.md").exists()
