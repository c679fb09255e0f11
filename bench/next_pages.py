"""A person opens a view nobody prepared, reads it, then clicks on through its other pages: how long
each page takes when `deploy.ahead` builds a view's next pages (the default of `deploy/serve.sh`)
and when it does not (`serve.sh --no-follow`), measured one after the other in one run.

    python bench/next_pages.py [--people 6] [--think 3] [--workers 2] [--query lang=en]

For each way, `deploy/serve.sh --workers N --ahead 1 --ahead-older 0` is started on a free port
(with `--no-follow` or not), and once it is ready the people come one after the other, each on
the next worker (reached directly, as nginx's affinity keeps a person on one): a new session opens
the overview of a month nobody has asked for (`/?to=YYYY-MM&QUERY`, English by default: no view in
English is prepared), and after `--think` seconds each other dashboard page in turn, `--think`
seconds apart, in the same session (the view kept, as the navigation keeps it). A page load is timed
from the request to the end of its script run. Prints the first page's and the next pages' p50, p90
and max per way. Loopback only; figures only, no assertions.

Database: DATABASE_URL when set, else the embedded default (demo data), as `bench/load.py`.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.load import percentile, room_months, start_serve  # noqa: E402
from deploy.stream_client import Session, Tally, stream_url  # noqa: E402

MAX_PEOPLE = 24


async def person(base: str, query: str, think_s: float, timeout_s: float) -> tuple[float, list[float]]:
    """One person's visit: (the first page's load, each next page's load), in seconds."""
    session = Session(stream_url(base), Tally(), timeout_s)
    session.query_string = query
    async with session.open() as ws:
        t0 = time.perf_counter()
        await session.load(ws)
        first = time.perf_counter() - t0
        nexts = []
        dashboard = [(p, h) for p, h in session.pages if not session.sections.get(p) and p not in ("", "home")]
        for _path, page_hash in dashboard:
            await asyncio.sleep(think_s)
            t0 = time.perf_counter()
            await session.load(ws, page_hash=page_hash)  # the query string the app wrote back: the same view
            nexts.append(time.perf_counter() - t0)
    return first, nexts


def run_way(name: str, follow: bool, people: int, think_s: float, workers: int, query: str,
            timeout_s: float, logdir: Path, env: dict) -> dict:
    way_dir = logdir / name.replace(" ", "-")
    way_dir.mkdir()
    server = start_serve(workers, way_dir, env, ahead=1, follow=follow)
    try:
        months, _ = room_months(people, gap=2)
        firsts, nexts = [], []
        for i, month in enumerate(months):
            base = server.direct[i % len(server.direct)]
            first, more = asyncio.run(person(base, "&".join(q for q in (f"to={month}", query) if q), think_s, timeout_s))
            firsts.append(first)
            nexts += more
            print(f"# {name}: {month} on {base}: first {first * 1000:,.0f} ms, next "
                  + " ".join(f"{x * 1000:,.0f}" for x in more), flush=True)
    finally:
        server.stop()
    return {"way": name, "firsts": sorted(firsts), "nexts": sorted(nexts)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=6, help=f"people, one after the other (1 to {MAX_PEOPLE})")
    ap.add_argument("--think", type=float, default=3.0, help="seconds a person reads a page before the next")
    ap.add_argument("--workers", type=int, default=2, help="serve.sh --workers N")
    ap.add_argument("--query", default="lang=en", help="the view's URL parameters besides the month")
    ap.add_argument("--timeout", type=float, default=120.0, help="a page load slower than this fails the run")
    args = ap.parse_args(argv)
    if not (1 <= args.people <= MAX_PEOPLE and 0 <= args.think <= 60 and 1 <= args.workers <= 8):
        sys.exit(f"--people: 1 to {MAX_PEOPLE}; --think: 0 to 60 s; --workers: 1 to 8")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    logdir = Path(tempfile.mkdtemp(prefix="ccgov-next-pages-"))
    la = os.getloadavg()
    print(f"# {os.cpu_count()} CPUs, load average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}; {args.people} people, "
          f"think {args.think:g} s, serve.sh --workers {args.workers}, view '{args.query}'; "
          f"database {os.environ.get('DATABASE_URL', 'embedded SQLite')}; logs in {logdir}", flush=True)
    rows = [run_way(name, follow, args.people, args.think, args.workers, args.query, args.timeout, logdir, env)
            for name, follow in (("followed", True), ("not followed", False))]
    print("| next pages | first page p50 ms | next pages | p50 ms | p90 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['way']} | {percentile(r['firsts'], 50):,.0f} | {len(r['nexts'])} | {percentile(r['nexts'], 50):,.0f} | "
              f"{percentile(r['nexts'], 90):,.0f} | {r['nexts'][-1] * 1000:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
