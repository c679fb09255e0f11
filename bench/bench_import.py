"""Import benchmark: a generated 100,000-row tasks CSV validated and applied, on SQLite and PostgreSQL.

Prints, per backend, the median of `--reps` runs into an empty tasks table (every row inserted) and
into the filled one (every row unchanged), beside a reference measured in the same run on the same
machine: the bare floor of any importer — parsing the same file with the csv module and inserting its
rows with one `executemany` into an in-memory SQLite table, without any validation. The ratio
import / floor is the figure to compare across runs on a busy machine. No assertions.

    python bench/bench_import.py [--reps N] [--rows N]

PostgreSQL is measured when DATABASE_URL is a PostgreSQL URL (in a sibling database `<name>_bench_import`,
created if absent).
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete  # noqa: E402

from data import schema  # noqa: E402
from data.agencies import agency_rows, set_for_month  # noqa: E402
from data.database import init_database  # noqa: E402
from data.engine import make_engine, sibling_database  # noqa: E402
from data.importer import import_file  # noqa: E402

TODAY = date(2026, 11, 30)


def months() -> list[str]:
    return [f"{y:04d}-{m:02d}" for y in range(2019, 2027) for m in range(1, 13) if (y, m) <= (2026, 10)]


def write_tasks_csv(path: Path, n: int) -> None:
    """n tasks with unique ids over 2019-01..2026-10, agencies valid in each month, 80% completed."""
    rng = random.Random(7)
    all_months = months()
    codes = {}
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["task_id", "agency_code", "title", "assigned_on", "due_on", "completed_on"])
        for i in range(n):
            month = all_months[i % len(all_months)]
            if month not in codes:
                sets = {set_for_month("province", month), set_for_month("ministry", month)}
                codes[month] = sorted(r["code"] for r in agency_rows() if r["set_id"] in sets)
            assigned = date(int(month[:4]), int(month[5:]), rng.randint(1, 28))
            due = assigned + timedelta(days=rng.choice([15, 30, 60, 90]))
            done = assigned + timedelta(days=rng.randint(1, 120))
            w.writerow([f"BENCH-{i:06d}", rng.choice(codes[month]), f"Nhiệm vụ thử tải số {i}",
                        assigned.isoformat(), due.isoformat(),
                        done.isoformat() if done <= TODAY and rng.random() < 0.8 else ""])


def floor_seconds(path: Path) -> float:
    """Parse with the csv module and insert every row with one executemany into in-memory SQLite."""
    t0 = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (task_id TEXT PRIMARY KEY, agency_code TEXT, title TEXT, assigned_on TEXT, "
                "due_on TEXT, completed_on TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - t0


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return sibling_database(url, "bench_import") if url.startswith("postgresql") else None


def bench(url: str, path: Path, reps: int) -> dict[str, list[float]]:
    engine = make_engine(url)
    init_database(engine, force=True)
    out: dict[str, list[float]] = {"empty table (all inserted)": [], "same file again (all unchanged)": [],
                                   "floor (csv + executemany, no checks)": []}
    for _ in range(reps):
        with engine.begin() as conn:
            conn.execute(delete(schema.tasks))
        out["floor (csv + executemany, no checks)"].append(floor_seconds(path))
        t0 = time.perf_counter()
        report = import_file(engine, path, kind="tasks", today=TODAY)
        out["empty table (all inserted)"].append(time.perf_counter() - t0)
        if not report.applied:
            raise SystemExit(report.render("en")[:2000])
        t0 = time.perf_counter()
        again = import_file(engine, path, kind="tasks", today=TODAY)
        out["same file again (all unchanged)"].append(time.perf_counter() - t0)
        assert again.unchanged == report.inserted
    engine.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="ccgov-bench-import-") as tmp:
        path = Path(tmp) / "tasks.csv"
        write_tasks_csv(path, args.rows)
        print(f"file: {args.rows:,} task rows, {path.stat().st_size / 1024 / 1024:.1f} MB")
        backends = {"SQLite": f"sqlite:///{Path(tmp) / 'bench.sqlite'}"}
        if postgres_url():
            backends["PostgreSQL"] = postgres_url()
        results = {name: bench(url, path, args.reps) for name, url in backends.items()}
    rows = list(next(iter(results.values())))
    print(f"\n{'median seconds of ' + str(args.reps) + ' runs':<42}" + "".join(f"{n:>12}" for n in results))
    for r in rows:
        print(f"{r:<42}" + "".join(f"{statistics.median(results[n][r]):>12.2f}" for n in results))
    floor = "floor (csv + executemany, no checks)"
    for r in rows[:2]:
        print(f"{r + ' / floor':<42}" + "".join(
            f"{statistics.median(results[n][r]) / statistics.median(results[n][floor]):>12.1f}" for n in results))
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
