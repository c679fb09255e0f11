"""Fixtures of the access tests: the warehouse with empty users, audit, submission and request tables."""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from data import schema


@pytest.fixture
def db(engine):
    """The empty test warehouse (see tests/conftest.py) with the access tables emptied too."""
    with engine.begin() as conn:
        for t in schema.ACCESS_TABLES:
            conn.execute(delete(t))
    return engine

