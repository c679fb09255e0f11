"""Which database to use and how to open it: `DATABASE_URL`, else the embedded SQLite file."""
from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

DEFAULT_PATH = Path(__file__).resolve().parent / "local" / "command_center.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another writer (readers never wait in WAL mode); imports set
their own wait (data.import_limits)."""


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else `DATABASE_URL`, else the embedded default file."""
    return url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_PATH}"


def is_embedded_default(url: str) -> bool:
    return url == f"sqlite:///{DEFAULT_PATH}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL; SQLite files get WAL mode and a writer that waits its turn."""
    url = database_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.close()
    return engine


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("agencies")


def sibling_database(url: str, suffix: str) -> str:
    """URL of the database `<name>_<suffix>` on the same PostgreSQL server as `url`, created if
    absent (separate databases for test workers and benches, never the warehouse itself)."""
    base = make_url(url)
    name = f"{base.database}_{suffix}"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,63}", name):
        raise ValueError(f"not a plain database name: {name!r}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)
