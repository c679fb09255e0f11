"""AppTest helpers: the app pointed at the demo database, caches cleared between tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest


APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def app(demo_url, monkeypatch):
    """A function making an AppTest of app.py on the demo data, with URL parameters set."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=180)
        for k, v in params.items():
            at.query_params[k] = v
        if page:
            at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


