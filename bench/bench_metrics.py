"""Timings of the heavy paths, on the demo dataset: rankings, national trends, a large import.

    python bench/bench_metrics.py [--reps N]

Runs on a temporary SQLite file and, when DATABASE_URL is a PostgreSQL URL, also on PostgreSQL (in
a sibling database `<name>_bench`, created if absent and rebuilt on every run). Prints the median
of a few repetitions per backend; no assertions. The import benchmark uses a generated 100,000-row
*tasks* CSV (unique task ids): a dossiers file cannot hold 100,000 valid rows, because it has one
row per agency and month and only about 7,400 agency-months exist from 2019-01 to 2026-10. That
full dossiers file is timed too.
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete  # noqa: E402

from data import schema  # noqa: E402
from data.agencies import agency_rows, set_for_month  # noqa: E402
from data.database import init_database  # noqa: E402
from data.engine import make_engine, sibling_database  # noqa: E402
from metrics import catalog  # noqa: E402
from metrics.periods import Period, month_range  # noqa: E402
from metrics.queries import metric_trend  # noqa: E402
from metrics.ranking import rank_agencies  # noqa: E402

TODAY = date(2026, 11, 30)  # the day after the demo's last month, so no imported date is "future"
MONTHS = month_range("2019-01", "2026-10")
TASK_ROWS = 100_000


def _postgres_bench_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return sibling_database(url, "bench") if url.startswith("postgresql") else None


@lru_cache(maxsize=None)
def _codes(month: str) -> list[str]:
    """Province and ministry codes that may report in a month."""
    sets = {set_for_month("province", month), set_for_month("ministry", month)}
    return sorted(r["code"] for r in agency_rows() if r["set_id"] in sets)


def write_tasks_csv(path: Path, n: int = TASK_ROWS) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["task_id", "agency_code", "title", "assigned_on", "due_on", "completed_on"])
        for i in range(n):
            month = MONTHS[i % len(MONTHS)]
            assigned = date(int(month[:4]), int(month[5:]), rng.randint(1, 28))
            due = assigned + timedelta(days=rng.choice([15, 30, 60, 90]))
            done = assigned + timedelta(days=rng.randint(1, 120))
            w.writerow([f"BENCH-{i:06d}", rng.choice(_codes(month)), f"Nhiệm vụ thử tải số {i}",
                        assigned.isoformat(), due.isoformat(),
                        done.isoformat() if done <= TODAY and rng.random() < 0.8 else ""])


def write_dossiers_csv(path: Path) -> int:
    """Every valid agency-month from 2019-01 to 2026-10: the largest possible dossiers file."""
    rng = random.Random(8)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c.name for c in schema.dossiers.columns])
        for month in MONTHS:
            for code in _codes(month):
                received = rng.randint(1_000, 90_000)
                resolved = int(received * 0.93)
                on_time = int(resolved * 0.97)
                w.writerow([code, month, received, received // 3, on_time, resolved - on_time,
                            received - resolved, 0])
                n += 1
    return n


def timed(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def bench_backend(label: str, url: str, files: dict[str, Path], reps: int) -> dict[str, list[float]]:
    print(f"\n[{label}] building the demo warehouse ...", flush=True)
    engine = make_engine(url)
    t0 = time.perf_counter()
    init_database(engine, demo=True, force=True)
    results: dict[str, list[float]] = {"demo build (init --demo)": [time.perf_counter() - t0]}

    y2020, y2026 = Period.year(2020), Period.year(2026)
    results["(a) rank provinces, dossier_on_time_rate, 2020, boundary 63"] = timed(
        lambda: rank_agencies(engine, "dossier_on_time_rate", "province", y2020, boundary="63"), reps)
    results["(a) rank provinces, dossier_on_time_rate, 2026, boundary 34"] = timed(
        lambda: rank_agencies(engine, "dossier_on_time_rate", "province", y2026, boundary="34"), reps)
    results["(a) rank provinces, composite index, 2020, boundary 63"] = timed(
        lambda: rank_agencies(engine, "composite", "province", y2020, boundary="63"), reps)

    everything = Period("2019-01", "2026-10")
    results[f"(b) national monthly trend 2019-01..2026-10, all {len(catalog.METRICS)} metrics"] = timed(
        lambda: [metric_trend(engine, m.id, everything) for m in catalog.METRICS], reps)
    per_metric = {m.id: statistics.median(timed(lambda m=m: metric_trend(engine, m.id, everything), reps))
                  for m in catalog.METRICS}
    slowest = max(per_metric, key=per_metric.get)
    results["(b) slowest single metric trend (median)"] = [per_metric[slowest]]
    print(f"[{label}] slowest trend: {slowest} ({per_metric[slowest]:.3f} s)", flush=True)

    # imports go to an empty warehouse (reference data only), cleared before each repetition
    from data.importer import import_file
    init_database(engine, demo=False, force=True)
    for name, (kind, path) in files.items():
        table = getattr(schema, kind)
        times = []
        for _ in range(reps):
            with engine.begin() as conn:
                conn.execute(delete(table))
            t0 = time.perf_counter()
            report = import_file(engine, path, kind=kind, today=TODAY)
            times.append(time.perf_counter() - t0)
            if not report.applied:
                print(report.render("en")[:2000])
                raise SystemExit(f"the {kind} benchmark file was refused")
        results[name] = times
    engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions per measurement (median shown)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ccgov-bench-") as tmp:
        tmp = Path(tmp)
        tasks_csv, dossiers_csv = tmp / "tasks_100k.csv", tmp / "dossiers_all.csv"
        t0 = time.perf_counter()
        write_tasks_csv(tasks_csv)
        n_dossiers = write_dossiers_csv(dossiers_csv)
        print(f"generated {tasks_csv.name} ({TASK_ROWS:,} rows, {tasks_csv.stat().st_size / 1e6:.1f} MB) and "
              f"{dossiers_csv.name} ({n_dossiers:,} rows) in {time.perf_counter() - t0:.1f} s")
        files = {f"(c) import tasks CSV, {TASK_ROWS:,} rows": ("tasks", tasks_csv),
                 f"(c) import dossiers CSV, {n_dossiers:,} rows (all agency-months)": ("dossiers", dossiers_csv)}

        backends = {"SQLite": f"sqlite:///{tmp / 'bench.sqlite'}"}
        pg = _postgres_bench_url()
        if pg:
            backends["PostgreSQL"] = pg
        results = {label: bench_backend(label, url, files, args.reps) for label, url in backends.items()}

    names = list(next(iter(results.values())))
    width = max(len(n) for n in names)
    print(f"\nMedian seconds of {args.reps} repetitions (the demo build once); "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{'benchmark':<{width}} | " + " | ".join(f"{b:>10}" for b in results))
    print(f"{'-' * width}-|-" + "-|-".join("-" * 10 for _ in results))
    for name in names:
        print(f"{name:<{width}} | " + " | ".join(f"{statistics.median(results[b][name]):>10.3f}" for b in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
