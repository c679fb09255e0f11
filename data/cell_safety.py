"""Formula-safe cells for every file the product writes (CSV and XLSX), and the importer's inverse.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or
carriage return hides such a start (OWASP, "CSV Injection"). A text cell starting with one of those
characters is therefore written with an apostrophe in front: `=HYPERLINK(...)` → `'=HYPERLINK(...)`.
Text that already starts with an apostrophe gets one more (`'abc` → `''abc`), so the importer can
undo the prefix exactly: a text cell that starts with an apostrophe followed by a trigger character
or by another apostrophe loses its first apostrophe; any other text is kept as it is.
Numbers, dates and empty cells are never changed (a negative number stays a number).
"""
from __future__ import annotations

import io

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (or hide such a start)."""

PREFIX = "'"


def neutralise(value):
    """The value as it is written to a file: risky text gets the apostrophe prefix; other values unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS + (PREFIX,)):
        return PREFIX + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralise` for text read back from a file (import side)."""
    if text.startswith(PREFIX) and text[1:2] and text[1:2] in TRIGGERS + (PREFIX,):
        return text[1:]
    return text


def neutralised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a frame with every text cell (and text header) neutralised, ready for `to_csv`."""
    out = frame.copy()
    out.columns = [neutralise(c) for c in out.columns]
    for c in out.columns:
        s = out[c]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[c] = s.map(neutralise, na_action="ignore")
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as a formula-safe CSV download: UTF-8 with a BOM (Excel then shows Vietnamese), CRLF."""
    buf = io.StringIO()
    neutralised_frame(frame).to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")
