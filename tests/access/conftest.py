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
    import streamlit as st

    from apptest_support import goto, new_app

    monkeypatch.setenv("DATABASE_URL", scratch_url)
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(page: str | None = None, user=None, **params):
        at = new_app()
        if user is not None:
            at.user = {"is_logged_in": True, "email": user} if isinstance(user, str) else dict(user)
        for k, v in params.items():
            at.query_params[k] = v
        goto(at, page) if page else at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    yield make
    st.cache_data.clear()
    st.cache_resource.clear()
