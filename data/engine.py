"""Which database to use and how to open it: `DATABASE_URL`, else the embedded SQLite file."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

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
