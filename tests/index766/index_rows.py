"""Row builders of the 766 index tests: input rows that score full marks unless told otherwise."""
from __future__ import annotations

from data import schema

FAILURE_COLUMNS = {"petitions_disliked_or_late", "dossiers_overdue_or_disliked",
                   "handled_done_late", "handled_pending_in_time", "handled_pending_overdue"}
"""Columns that count failures (or parts of a whole): 0 in a perfect row."""


def inputs(code: str, month: str, **counts) -> dict:
    """An index input row: every count 100 (every rate 100%, every criterion full marks: 100 points),
    failures 0, except the counts given."""
    row = {"agency_code": code, "month": month}
    row.update({c: 0 if c in FAILURE_COLUMNS else 100 for c in schema.INDEX_INPUT_COLUMNS})
    row.update(counts)
    return row
