"""Province and island shapes shipped with the product, so maps render with no network.

The GeoJSON files are built by scripts/build_shapes.py; see README.md beside this file.
Returned dicts are cached and shared between callers: treat them as read-only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent
BOUNDARIES = ("63", "34")


@lru_cache(maxsize=None)
def load_provinces(boundary: str) -> dict:
    """FeatureCollection of the provinces of one boundary set: "63" (before 1 Jul 2025) or "34"."""
    if boundary not in BOUNDARIES:
        raise ValueError(f"boundary must be one of {BOUNDARIES}, not {boundary!r}")
    return _read(f"provinces_{boundary}.geojson")


@lru_cache(maxsize=None)
def load_islands() -> dict:
    """FeatureCollection of the Hoàng Sa and Trường Sa archipelagos, which every map must show."""
    return _read("islands.geojson")


def _read(name: str) -> dict:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))
