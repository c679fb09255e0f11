"""Working with AppTest: opening a page by its URL path, and reading what it shows (card values,
deck JSON)."""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

APP_PATH = Path(__file__).resolve().parents[1] / "app.py"

# AppTest resets Streamlit's "legacy pages/ folder" switch before every run, so a run asking for
# /scorecard would execute pages/scorecard.py alone (a server does so only before its first
# navigation; see pages/__init__.py). An entry script outside the repository that runs app.py puts
# every test run where a server is after its first page view.
ENTRY = f"import runpy\nrunpy.run_path({str(APP_PATH)!r}, run_name='__main__')\n"


def new_app(timeout: float = 180) -> AppTest:
    """An AppTest of app.py, not yet run."""
    return AppTest.from_string(ENTRY, default_timeout=timeout)


@contextmanager
def apps_on(url: str, monkeypatch):
    """Yield `make(page=None, user=None, **params)`: app.py on the database at `url`, opened at a
    page's URL path with URL parameters set (and a signed-in user — an e-mail or the claims
    `st.login` would give — if any), checked to have raised nothing. Caches are cleared around it."""
    import streamlit as st

    from pages import memo

    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    memo.clear()

    def make(page: str | None = None, user: str | dict | None = None, **params) -> AppTest:
        at = new_app()
        if user is not None:
            at.user = {"is_logged_in": True, "email": user} if isinstance(user, str) else dict(user)
        for k, v in params.items():
            at.query_params[k] = v
        goto(at, page) if page else at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    try:
        yield make
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        memo.clear()


def goto(at: AppTest, page: str) -> AppTest:
    """Run the app at the page served at `/<page>`.

    The pages are callables registered by st.navigation under their URL path, and AppTest's
    switch_page() finds file pages only; so the run asks for the path's page hash, as a browser
    opening /<page> does."""
    at._page_hash = calc_hash(page)
    return at.run()


def metric_values(at: AppTest) -> dict[str, str]:
    """Card label (without the traffic light) → displayed value."""
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}


def deck_json(at: AppTest, i: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[i].proto.json)
