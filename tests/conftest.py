"""Shared fixtures: a clean database per test (SQLite, or PostgreSQL when DATABASE_URL says so)
and a session-wide database holding the demo dataset.

Set REQUIRE_REAL_SERVICES=1 (as .ci/run does) to turn skips of PostgreSQL and browser tests
into failures.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import delete

from data import schema
from data.database import create_schema, init_database, load_reference
from data.engine import make_engine, sibling_database

REQUIRE_REAL = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def require_or_skip(reason: str) -> None:
    """Skip with a reason, or fail when the run demands the real service."""
    if REQUIRE_REAL:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def _postgres_database(suffix: str) -> str:
    """URL of a sibling PostgreSQL database (created if absent) for one purpose and xdist worker."""
    return sibling_database(postgres_url(), f"{suffix}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")


@pytest.fixture(scope="session")
def scratch_url(tmp_path_factory) -> str:
    if postgres_url():
        return _postgres_database("scratch")
    return f"sqlite:///{tmp_path_factory.mktemp('scratch') / 'scratch.sqlite'}"


@pytest.fixture(scope="session")
def _scratch_engine(scratch_url):
    engine = make_engine(scratch_url)
    create_schema(engine, force=True)
    load_reference(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_scratch_engine):
    """An empty warehouse with reference data (agencies, rollup, targets)."""
    with _scratch_engine.begin() as conn:
        for t in (schema.dossiers, schema.documents, schema.services, schema.tasks,
                  schema.import_log, schema.dataset_info, schema.index766_inputs, schema.index766_published):
            conn.execute(delete(t))
    return _scratch_engine


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """A database filled with the demo dataset, built once per session."""
    if postgres_url():
        url = _postgres_database("demo")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    eng = make_engine(url)
    init_database(eng, demo=True, force=True)
    eng.dispose()
    return url


@pytest.fixture(scope="session")
def demo_engine(demo_url):
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(demo_url, monkeypatch):
    """`make_app(page=None, user=None, **params)`: app.py run once through Streamlit's AppTest on the
    demo data, opened at a page's URL path (e.g. "scorecard"; None for the default page) with URL
    parameters set (and a signed-in user if given), checked to have raised nothing. Caches are
    cleared before and after each test."""
    from apptest_support import apps_on

    with apps_on(demo_url, monkeypatch) as make:
        yield make


def insert_rows(engine, table, rows):
    """Insert plain dict rows into a table (test helper)."""
    with engine.begin() as conn:
        conn.execute(table.insert(), rows)


@pytest.fixture
def add_rows(engine):
    return lambda table, rows: insert_rows(engine, table, rows)
