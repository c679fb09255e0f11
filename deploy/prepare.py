"""Prepare the shared warehouse once, before any worker starts: `python -m deploy.prepare`.

Every worker would otherwise find an empty embedded database on a fresh machine and try to create
and fill it at the same moment. Here one process does it under an exclusive file lock, so a second
`deploy/serve.sh` started at the same time waits and then finds the work done. A PostgreSQL
warehouse gets its schema and reference data if it has none; it is filled by importing files
(or `python -m data init --demo` for a demonstration).
"""
from __future__ import annotations

import fcntl
import hashlib
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from data.database import ensure_ready
from data.engine import database_url, is_embedded_default, make_engine


def lock_path(url: str) -> Path:
    """Next to a SQLite file; otherwise one lock per URL in the temp directory."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        return Path(url.removeprefix("sqlite:///") + ".prepare.lock")
    digest = hashlib.sha1(url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"ccgov-prepare-{digest}.lock"


def main() -> int:
    url = database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    lock = lock_path(url)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file is closed
        try:
            engine = make_engine(url)
            created = ensure_ready(engine, fill_demo=is_embedded_default(url))
            engine.dispose()
        except Exception as exc:  # a clear line instead of a traceback
            print(f"warehouse {shown}: cannot be prepared: {exc}", file=sys.stderr)
            return 1
    what = "created" + (" and filled with the illustrative demo data" if created and is_embedded_default(url) else "")
    print(f"warehouse {shown}: {what if created else 'ready'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
