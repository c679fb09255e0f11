"""Concurrent writers: a second import waits for the first instead of failing with "database is
locked"; when it does give up, the user gets one clear line and the attempt is still logged."""
from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from data import schema
from data.import_limits import ImportLimits
from data.import_writing import IMPORT_LOCK_KEY
from data.importer import import_bytes

TODAY = date(2026, 11, 24)
REPO = Path(__file__).resolve().parents[2]
TASK_HEADER = ["task_id", "agency_code", "title", "assigned_on", "due_on", "completed_on"]


def tasks_csv(prefix: str, n: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(TASK_HEADER)
    for i in range(n):
        w.writerow([f"{prefix}-{i:05d}", "68", f"Nhiệm vụ {prefix} số {i}", "2020-07-01", "2020-09-30", ""])
    return buf.getvalue().encode()


@contextmanager
def write_lock_held(url: str):
    """Hold the right to write imports from outside, as another importer in the middle of its write does:
    SQLite's write lock (BEGIN IMMEDIATE), or PostgreSQL's import advisory lock."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(make_url(url).database, isolation_level=None, timeout=30)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            con.execute("COMMIT")
            con.close()
    else:
        eng = create_engine(url, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": IMPORT_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": IMPORT_LOCK_KEY})
        eng.dispose()


def outcomes(engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(schema.import_log.c.outcome).order_by(schema.import_log.c.id)).scalars().all()


def task_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.tasks)).scalar()


def test_two_concurrent_imports_both_apply(engine, scratch_url, tmp_path):
    """Two `python -m data import` processes while a third writer holds the lock for 8 s (longer than
    SQLite's old 5 s busy timeout): both wait their turn and apply, and both attempts are logged."""
    files = []
    for prefix in ("A", "B"):
        path = tmp_path / f"tasks_{prefix}.csv"
        path.write_bytes(tasks_csv(prefix, 5000))
        files.append(path)
    env = dict(os.environ, DATABASE_URL=scratch_url, IMPORT_LOCK_WAIT_S="120")
    env.pop("PYTHONPATH", None)
    with write_lock_held(scratch_url):
        procs = [subprocess.Popen([sys.executable, "-m", "data", "import", str(f), "--lang", "en"], cwd=REPO,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for f in files]
        time.sleep(8)
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, out + err
        assert "APPLIED — 5000 inserted" in out
        assert "Traceback" not in err and "locked" not in out + err
    assert task_count(engine) == 10_000  # 5,000 + 5,000
    assert outcomes(engine) == ["applied", "applied"]


def test_an_import_waits_for_the_writer_in_process(engine, scratch_url):
    data = tasks_csv("W", 200)
    box = {}
    with write_lock_held(scratch_url):
        worker = threading.Thread(target=lambda: box.setdefault("report", import_bytes(
            engine, data, "wait.csv", today=TODAY, limits=ImportLimits(lock_wait_s=60))))
        worker.start()
        time.sleep(6)  # longer than the old 5 s busy timeout
        assert worker.is_alive()  # still waiting, not failed
    worker.join(120)
    assert box["report"].outcome == "applied" and box["report"].inserted == 200
    assert outcomes(engine) == ["applied"]


def test_giving_up_is_one_clear_line_and_still_logged(engine, scratch_url):
    data = tasks_csv("G", 50)
    box = {}
    with write_lock_held(scratch_url):
        worker = threading.Thread(target=lambda: box.setdefault("report", import_bytes(
            engine, data, "busy.csv", today=TODAY, limits=ImportLimits(lock_wait_s=1))))
        worker.start()
        time.sleep(4)  # the import gives up after 1 s; its log entry waits for the lock to go
    worker.join(120)
    report = box["report"]
    assert report.outcome == "refused" and report.inserted == 0
    (problem,) = report.problems
    assert problem.message_en == ("The database is busy writing another import; waited 1 s — try again later; "
                                  "nothing was written.")
    text_en = report.render("en")
    assert "INSERT" not in text_en and "SELECT" not in text_en and "sqlalchemy" not in text_en.lower()
    assert task_count(engine) == 0
    assert outcomes(engine) == ["refused"]
