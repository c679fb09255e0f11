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



@pytest.fixture
def access_app(db, scratch_url, monkeypatch):
    """`access_app(page, user=None, **params)`: app.py through AppTest on the small test warehouse,
    at a page's URL path. `user` is what `st.login` would have put in `st.user` (an email, or
    a dict of claims); None runs the app without sign-in configured (local single-user mode)."""
    from apptest_support import apps_on

    with apps_on(scratch_url, monkeypatch) as make:
        yield make
