"""The data stamp: what a server compares on every run to know that the figures changed."""
from __future__ import annotations

from datetime import date

from data.database import data_stamp
from data.importer import import_bytes

ROW = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
TODAY = date(2026, 11, 30)


def test_an_applied_import_moves_the_stamp_and_a_refused_one_does_not(engine):
    empty = data_stamp(engine)
    assert empty == ((0, None, None), ())
    first = import_bytes(engine, (ROW + "01,2025-03,500,400,37,63,0,0\n").encode(), "a.csv", today=TODAY)
    assert first.applied
    after_first = data_stamp(engine)
    assert after_first != empty and after_first[0][0] == 1
    refused = import_bytes(engine, (ROW + "01,2025-03,-5,0,0,0,0,0\n").encode(), "bad.csv", today=TODAY)
    assert not refused.applied
    assert data_stamp(engine) == after_first  # a refused file writes no figure
    again = import_bytes(engine, (ROW + "01,2025-04,10,5,5,5,0,0\n").encode(), "b.csv", today=TODAY)
    assert again.applied
    assert data_stamp(engine)[0][0] == 2 and data_stamp(engine) != after_first


def test_the_dataset_s_facts_are_part_of_the_stamp(engine):
    from sqlalchemy import insert

    from data import schema
    before = data_stamp(engine)
    with engine.begin() as conn:  # as `init --demo` writes them
        conn.execute(insert(schema.dataset_info), [{"key": "demo", "value": "1"}])
    assert data_stamp(engine) != before
    assert data_stamp(engine)[1] == (("demo", "1"),)
