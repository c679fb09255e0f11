"""Months as the warehouse stores them (`YYYY-MM` text): parsing what people write, and labels.

The data layer's own rules, so that importing a file needs nothing from `metrics/` (which may build
its periods on top of these).
"""
from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{4})$")


def parse_month(text: str) -> str:
    """Normalise `YYYY-MM`, `MM/YYYY` or `M/YYYY` to `YYYY-MM`; ValueError otherwise."""
    s = str(text).strip()
    m = _ISO.match(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
    else:
        m = _VN.match(s)
        if not m:
            raise ValueError(f"not a month: {text!r} (expected YYYY-MM or MM/YYYY)")
        y, mo = int(m.group(2)), int(m.group(1))
    if not 1 <= mo <= 12 or y < 1900:
        raise ValueError(f"not a month: {text!r}")
    return f"{y:04d}-{mo:02d}"


def month_of(d: date) -> str:
    """The `YYYY-MM` month of a date."""
    return f"{d.year:04d}-{d.month:02d}"


def month_label(month: str) -> str:
    """`2020-10` → `10/2020`, as Vietnamese readers write a month."""
    return f"{month[5:7]}/{month[:4]}"
