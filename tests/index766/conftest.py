"""Fixtures of the 766 index tests: an empty warehouse whose index tables are empty too."""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from data import schema


@pytest.fixture
def index_engine(engine):
    with engine.begin() as conn:
        conn.execute(delete(schema.index766_inputs))
        conn.execute(delete(schema.index766_published))
    return engine
