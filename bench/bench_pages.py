"""Script-run time of every page through Streamlit's AppTest: a rerun served from the cache, and a
rerun after the user picks a month nobody has asked for yet.

    python bench/bench_pages.py [--hit-reps N] [--miss-reps N] [--pages overview,dossiers] [--rebuild] [--no-store]

Database: DATABASE_URL when set (SQLite or PostgreSQL, used as is: it must hold data), else a demo
SQLite built once under /tmp/ccgov-bench-pages/ (`--rebuild` builds it again).

What is timed (wall clock of `AppTest.run()`, i.e. app.py plus the page script, in this process;
the browser's drawing of charts and maps is not included):

* hit: one AppTest per page at the default view (latest month, nationwide); after two untimed
  runs on the page `--hit-reps` reruns are timed, every query then answered by st.cache_data.
  The reference page (bench/reference_app.py: four metrics, four cached plotly charts, a table)
  is timed the same way, and each page's hit is shown as a ratio to it.
* miss: per repetition a NEW AppTest, switched to the page and run untimed at the default view
  (already cached: a warm session), then the sidebar's month box (`f_end_month`) is set to a month never asked before in
  this process, and only that run is timed. The month box is set as a user would: after the first
  run the widget keeps its own state, so changing `?to=` would be ignored. Fresh months are spaced
  three months apart and never shared between pages, so neither the month itself, its comparison
  month nor its 24-month trend window is in the cache; the engine, the reference data and the
  dataset facts stay cached, as they do for a real user.

* miss, from the store: the same fresh months in a second process sharing this one's piece store
  (`pages.piece_store`, a new temporary directory): the first process built each view and filed
  its pieces, as one worker of `deploy/serve.sh` does for the others, and as `deploy.ahead --older`
  does for every month of the data before anyone asks. The second process has none of it in memory
  and reads the pieces from the store. (`--no-store`: no store, only the miss built from nothing.)

No assertions: the targets (hit <= 1.5 × the reference page, miss/hit <= 2) are printed beside
the figures. The caches are process-wide, so pages are measured one after the other in one process.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from metrics.periods import add_months, month_range  # noqa: E402
from tests.apptest_support import goto, new_app  # noqa: E402

REFERENCE = str(ROOT / "bench" / "reference_app.py")
DEMO_DIR = Path("/tmp/ccgov-bench-pages")
DEMO_URL = f"sqlite:///{DEMO_DIR / 'demo.sqlite'}"
TIMEOUT_S = 600
REFERENCE_TARGET = 1.5
RATIO_TARGET = 2.0

# page (its URL path), extra URL parameters
PAGES = [
    ("overview", {}),
    ("dossiers", {}),
    ("documents", {}),
    ("services", {}),
    ("tasks", {}),
    ("rankings", {}),
    ("scorecard", {"agency": "68"}),
]


def database() -> str:
    """DATABASE_URL, or the demo SQLite under /tmp (built when missing or with --rebuild)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from data.database import init_database, is_demo
    from data.engine import has_schema, make_engine
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    engine = make_engine(DEMO_URL)
    try:
        ready = has_schema(engine) and is_demo(engine) and "--rebuild" not in sys.argv
        if not ready:
            print(f"building the demo database {DEMO_URL} ...", flush=True)
            t0 = time.perf_counter()
            init_database(engine, demo=True, force=True)
            print(f"  built in {time.perf_counter() - t0:.1f} s", flush=True)
    finally:
        engine.dispose()
    return DEMO_URL


def last_month(url: str) -> str:
    from sqlalchemy import func, select
    from data import schema
    from data.engine import make_engine
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.max(schema.dossiers.c.month))).scalar()
    finally:
        engine.dispose()


def fresh_months(last: str, pages: int, reps: int) -> dict[int, list[str]]:
    """Months never asked before, three apart, none near the default view; page i gets slots
    i, i + pages, i + 2·pages ... so every page samples early and late years alike."""
    avoid = set(month_range(add_months(last, -2), last))  # the default view and its comparison
    pool = [m for m in month_range("2019-04", add_months(last, -3))[::3] if m not in avoid]
    if len(pool) < pages * reps:
        raise SystemExit(f"only {len(pool)} fresh months for {pages} pages × {reps} misses: lower --miss-reps")
    return {i: [pool[r * pages + i] for r in range(reps)] for i in range(pages)}


def app_test(slug: str, params: dict) -> AppTest:
    """An AppTest opened at the page's URL path at the default view, run once."""
    at = new_app(TIMEOUT_S)
    for k, v in params.items():
        at.query_params[k] = v
    goto(at, slug)
    if at.exception:
        raise RuntimeError(f"{slug} raised: {at.exception[0].value}")
    return at


def run_ms(at: AppTest) -> float:
    t0 = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return ms


def month_box(at: AppTest):
    return at.sidebar.selectbox(key="f_end_month")


def bench_reference(reps: int) -> list[float]:
    at = AppTest.from_file(REFERENCE, default_timeout=TIMEOUT_S)
    run_ms(at)
    run_ms(at)
    return [run_ms(at) for _ in range(reps)]


def bench_page(slug: str, params: dict, months: list[str], hit_reps: int) -> tuple[list[float], list[float]]:
    at = app_test(slug, params)
    run_ms(at)  # second run on the page: everything it asks for is now cached
    hits = [run_ms(at) for _ in range(hit_reps)]

    misses = []
    for month in months:
        at = app_test(slug, params)  # a warm session on the page at the default view
        month_box(at).set_value(month)
        misses.append(run_ms(at))
        shown = at.query_params.get("to")
        shown = shown[-1] if isinstance(shown, list) else shown
        if shown != month:
            raise RuntimeError(f"asked for {month}, the page shows {shown}")
    return hits, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--hit-reps", type=int, default=7, help="timed cached reruns per page (median shown)")
    parser.add_argument("--miss-reps", type=int, default=3, help="timed reruns on a fresh month per page")
    parser.add_argument("--pages", default="", help="comma-separated subset, e.g. overview,rankings")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo SQLite under /tmp")
    parser.add_argument("--no-store", action="store_true", help="no piece store: only the miss built from nothing")
    parser.add_argument("--stored", action="store_true", help=argparse.SUPPRESS)  # the second process
    args = parser.parse_args()

    url = database()
    os.environ["DATABASE_URL"] = url
    wanted = [p for p in args.pages.split(",") if p]
    pages = [p for p in PAGES if not wanted or p[0] in wanted]
    last = last_month(url)
    months = fresh_months(last, len(pages), args.miss_reps)
    if args.stored:  # the same months again, each view's pieces in the store and none in memory
        out = {}
        for i, (name, params) in enumerate(pages):
            out[name] = bench_page(name, params, months[i], args.hit_reps)
        print("STORED " + json.dumps(out))
        return 0
    if args.no_store:
        os.environ["PIECE_STORE_DIR"] = "off"
    else:
        os.environ["PIECE_STORE_DIR"] = tempfile.mkdtemp(prefix="ccgov-bench-pieces-")
    backend = url.split(":", 1)[0]
    print(f"Streamlit {st.__version__}, Python {platform.python_version()}, {backend}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; default view: month {last}")
    print(f"hit  = median of {args.hit_reps} reruns of the page at the default view, all queries cached")
    print(f"miss = median of {args.miss_reps} reruns right after picking a never-asked month in the sidebar "
          f"(new AppTest each, warmed on the page at the default view first)")
    print("timed: AppTest.run() = app.py + the page script; the browser's drawing is not included\n", flush=True)

    print("  reference page ...", flush=True)
    ref = statistics.median(bench_reference(args.hit_reps))
    rows = []
    for i, (name, params) in enumerate(pages):
        print(f"  {name} ... (fresh months {', '.join(months[i])})", flush=True)
        hits, misses = bench_page(name, params, months[i], args.hit_reps)
        rows.append((name, statistics.median(hits), statistics.median(misses), hits, misses))

    stored = {}
    if not args.no_store:
        print("  the same months in a second process, from the piece store ...", flush=True)
        child = subprocess.run([sys.executable, __file__, "--stored", "--hit-reps", str(args.hit_reps),
                                "--miss-reps", str(args.miss_reps), "--pages", ",".join(p for p, _ in pages)],
                               env=os.environ, capture_output=True, text=True, timeout=TIMEOUT_S * len(pages))
        lines = [line for line in child.stdout.splitlines() if line.startswith("STORED ")]
        if child.returncode or not lines:
            raise SystemExit(f"the second process failed:\n{child.stdout[-2000:]}\n{child.stderr[-2000:]}")
        stored = json.loads(lines[-1][len("STORED "):])

    print(f"\nreference page (four metrics, four cached plotly charts, a table): {ref:.0f} ms a rerun")
    print("built: the miss built from nothing; stored: the same miss in a process that reads the pieces "
          "another one filed (its own hit beside it)")
    print(f"{'page':<10} | {'hit ms':>7} | {'hit/ref':>7} | {'built ms':>8} | {'built/hit':>9} | "
          f"{'hit ms':>7} | {'stored ms':>9} | {'stored/hit':>10} | target hit/ref <= {REFERENCE_TARGET:g}, miss/hit <= {RATIO_TARGET:g}")
    print(f"{'-' * 10}-|-{'-' * 7}-|-{'-' * 7}-|-{'-' * 8}-|-{'-' * 9}-|-{'-' * 7}-|-{'-' * 9}-|-{'-' * 10}-|-{'-' * 40}")
    for name, hit, miss, hits, misses in rows:
        verdict = [f"hit {'ok' if hit / ref <= REFERENCE_TARGET else 'OVER'}",
                   f"built {'ok' if miss / hit <= RATIO_TARGET else 'OVER'}"]
        extra = f" | {'':>7} | {'':>9} | {'':>10}"
        ranges = f"(hit {min(hits):.0f}–{max(hits):.0f}, built {min(misses):.0f}–{max(misses):.0f}"
        if name in stored:
            s_hits, s_misses = stored[name]
            s_hit, s_miss = statistics.median(s_hits), statistics.median(s_misses)
            extra = f" | {s_hit:>7.0f} | {s_miss:>9.0f} | {s_miss / s_hit:>10.1f}"
            verdict.append(f"stored {'ok' if s_miss / s_hit <= RATIO_TARGET else 'OVER'}")
            ranges += f", stored {min(s_misses):.0f}–{max(s_misses):.0f}"
        print(f"{name:<10} | {hit:>7.0f} | {hit / ref:>7.1f} | {miss:>8.0f} | {miss / hit:>9.1f}{extra} | "
              f"{', '.join(verdict)}   {ranges})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
