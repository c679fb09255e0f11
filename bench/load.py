"""Browserless load on the dashboard: many sessions speaking Streamlit's websocket protocol.

Each simulated session opens `ws://HOST:PORT/_stcore/stream` as a browser does, loads the first
page, then keeps switching pages (with an optional think time between them) until the time is up.
A page load is timed from the `rerun_script` request to the `script_finished` that ends it. The
same load is run on the app and on a reference page (bench/reference_app.py: four metrics, four
cached plotly charts, a table; same .streamlit/config.toml), one after the other, so the server's
CPU per script run is printed as a ratio app/reference measured on the same machine at the same
time.

    python bench/load.py                                   # 1, 5, 20, 50 sessions, 20 s each
    python bench/load.py --sessions 50 --think 1 --workers 2   # through deploy/serve.sh + nginx
    python bench/load.py --url http://127.0.0.1:8501 --pid 1234 --no-reference
    python bench/load.py --room 50 --workers 2              # the room opens a link to a new month
    python bench/load.py --room 50 --workers 2 --ahead 12   # ... with the recent months prepared ahead
    python bench/load.py --room 50 --workers 2 --ahead 12 --ahead-older 120   # ... and the older months stored

`--room N` measures the meeting instead: the room's screen moves to a month nobody has asked for
yet and N people open that link (`?to=YYYY-MM`) within `--spread` seconds, each in a new tab (a new
session); then the next month, `--switches` times. Each load is timed from opening the websocket
to the end of the page's script run, and the same room opens the reference page the same way.

Loopback only, bounded in sessions (≤ 200) and seconds (≤ 600 a step). Prints figures, asserts
nothing. Server CPU is read from /proc (utime + stime of the server processes and their children
that are still running), so it needs Linux.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from deploy.ahead import MAX_MONTHS, months_back  # noqa: E402
from deploy.stream_client import PageError, Session, Tally, failure, open_page, stream_url  # noqa: E402

MAX_SESSIONS = 200
MAX_SECONDS = 600
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- server processes and their CPU

def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = []
    for k in kids:
        out.append(int(k))
        out.extend(_children(int(k)))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their live descendants."""
    total = 0
    seen = set()
    for pid in pids:
        for p in [pid, *_children(pid)]:
            if p in seen:
                continue
            seen.add(p)
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / CLK_TCK


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and their live descendants, in MB."""
    total = 0
    for p in {q for pid in pids for q in (pid, *_children(pid))}:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_healthy(base: str, proc: subprocess.Popen, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while not _healthy(base):
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}; see {log}")
        if time.monotonic() > deadline:
            sys.exit(f"server not healthy after {timeout_s:.0f} s; see {log}")
        time.sleep(0.5)


@dataclass
class Server:
    """A server under load: its base URL, the processes whose CPU counts, and how to stop it."""
    name: str
    base: str
    pids: list[int]
    proc: subprocess.Popen | None = None
    log: Path | None = None
    direct: list[str] = field(default_factory=list)  # the workers behind nginx, for warming up

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def start_streamlit(name: str, script: str, logdir: Path, env: dict) -> Server:
    """`streamlit run SCRIPT` from the repository root (so .streamlit/config.toml applies)."""
    port = _free_port()
    log = logdir / f"{name}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(name, base, [proc.pid], proc, log)
    try:
        _wait_healthy(base, proc, 120, log)
    except SystemExit:
        server.stop()
        raise
    return server


def start_serve(workers: int, logdir: Path, env: dict, ahead: int = 0, older: int = 0,
                follow: bool = True) -> Server:
    """`deploy/serve.sh --workers N --ahead MONTHS --ahead-older OLDER [--no-follow]` on a free port;
    CPU counts nginx and every worker. With views prepared ahead, returns once they are ready, the
    older months' too (the load starts on a quiet server)."""
    port = _free_port()
    run_dir = logdir / "serve"
    log = logdir / "serve.log"
    proc = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "serve.sh"), "--workers", str(workers), "--port", str(port),
         "--run-dir", str(run_dir), "--ahead", str(ahead), "--ahead-older", str(older),
         *([] if follow else ["--no-follow"])],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(f"app ×{workers}", base, [proc.pid], proc, log)
    try:
        _wait_healthy(base, proc, 180, log)
    except SystemExit:
        server.stop()
        raise
    # pids: "worker PORT PID" lines, then "nginx ADDR:PORT PID" (and "ahead - PID")
    for line in (run_dir / "pids").read_text().splitlines():
        kind, where, _ = line.split()
        if kind == "worker":
            server.direct.append(f"http://127.0.0.1:{where}")
    if ahead:
        _wait_prepared(run_dir / "ahead.log", proc, MAX_SECONDS, "ahead: stored:" if older else "ahead: ready:")
    return server


def _wait_prepared(log: Path, proc: subprocess.Popen, timeout_s: float, line_start: str) -> None:
    """Until deploy.ahead's log has a line starting with `line_start`; its lines so far are printed."""
    deadline = time.monotonic() + timeout_s
    while True:
        lines = log.read_text().splitlines() if log.exists() else []
        if any(line.startswith(line_start) for line in lines):
            for line in lines:
                print(f"# {line}", flush=True)
            return
        if proc.poll() is not None:
            sys.exit(f"serve.sh exited with {proc.returncode}; see {log}")
        if time.monotonic() > deadline:
            sys.exit(f"views not prepared after {timeout_s:.0f} s; see {log}")
        time.sleep(1)


# ---------------------------------------------------------------- one simulated browser session

class Browser(Session):
    """A session that keeps switching pages, as a person reading the dashboard does."""

    async def run(self, start_index: int, until: float, think_s: float, first_path: str) -> None:
        try:
            async with self.open() as ws:
                i = start_index
                first = True
                while time.monotonic() < until:
                    t0 = time.perf_counter()
                    try:
                        if first or not self.pages:
                            await self.load(ws, page_name=first_path)
                        else:
                            _, page_hash = self.pages[i % len(self.pages)]
                            # A page switch from the sidebar: the browser drops the page's
                            # query string and names the page by its hash.
                            self.query_string = ""
                            await self.load(ws, page_hash=page_hash)
                        self.tally.latencies.append(time.perf_counter() - t0)
                    except PageError as exc:
                        self.tally.error(str(exc))
                        if str(exc) == "timeout":
                            return
                    first = False
                    i += 1
                    if think_s:
                        await asyncio.sleep(max(0.0, min(think_s, until - time.monotonic())))
        except Exception as exc:
            self.tally.error(failure(exc))


def room_months(count: int, ahead: int = 0, gap: int = 3, older: int = 0,
                query: str = "") -> tuple[list[str], set[str]]:
    """Months nobody has asked for yet (the warm-up asks for the latest): from `gap` months before
    the latest month with data backwards, `gap` apart, so neither a month nor the month it is
    compared with was asked before; and the months whose view (with `query`) `deploy.ahead --months
    AHEAD --older OLDER` prepares: compared with a year earlier (`cmp=yoy`), only the recent months,
    and only with OLDER (the stored phase builds those). Read from the database the servers use
    (DATABASE_URL or the embedded default)."""
    from data.database import dataset_facts
    from data.engine import make_engine
    from metrics.periods import add_months
    facts = dataset_facts(make_engine())
    if not facts["last_month"]:
        sys.exit("the database holds no data")
    months = [add_months(facts["last_month"], -gap * (i + 1)) for i in range(count)]
    if months[-1] < facts["first_month"]:
        sys.exit(f"not enough months with data for {count} switches")
    if "cmp=yoy" in query.split("&"):
        prepared = ahead if ahead and older else 0
    else:
        prepared = ahead + older if ahead else 0
    return months, set(months_back(facts["last_month"], facts["first_month"], prepared))


def run_room(server: Server, sessions: int, months: list[str], spread_s: float, timeout_s: float,
             path: str, extra_query: str) -> list[dict]:
    """The room opening a link to each month in turn (see the module's text): one row per month."""
    ws_url = stream_url(server.base)
    rows = []
    for month in months:
        query = "&".join(q for q in (f"to={month}", extra_query) if q)
        # arrivals spread evenly over the window, in a fixed order: the same room every run
        delays = [spread_s * i / max(1, sessions - 1) for i in range(sessions)]
        tally = Tally()
        cpu0 = cpu_seconds(server.pids) if server.pids else None
        t0 = time.monotonic()
        asyncio.run(_room_step(ws_url, tally, timeout_s, path, query, delays))
        wall = time.monotonic() - t0
        cpu = (cpu_seconds(server.pids) - cpu0) if server.pids else None
        lat = sorted(tally.latencies)
        rows.append({"server": server.name, "month": month, "sessions": sessions, "loads": len(lat),
                     "p50": percentile(lat, 50), "p90": percentile(lat, 90), "max": lat[-1] * 1000 if lat else None,
                     "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
                     "cpu_ms": cpu * 1000 if cpu is not None else None, "wall_s": wall})
    return rows


async def open_link(ws_url: str, tally: Tally, timeout_s: float, path: str, query: str, delay_s: float) -> None:
    """A new tab opening a link after `delay_s`, timed from the connection to the end of the script run."""
    await asyncio.sleep(delay_s)
    t0 = time.perf_counter()
    try:
        await open_page(ws_url, timeout_s, path, query, tally)
        tally.latencies.append(time.perf_counter() - t0)
    except Exception as exc:
        tally.error(failure(exc))


async def _room_step(ws_url: str, tally: Tally, timeout_s: float, path: str, query: str,
                     delays: list[float]) -> None:
    await asyncio.gather(*(open_link(ws_url, tally, timeout_s, path, query, d) for d in delays))


def percentile(lat: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank) of sorted latencies in seconds, in ms."""
    if not lat:
        return None
    return lat[min(len(lat) - 1, max(0, round(p / 100 * len(lat)) - 1))] * 1000


def print_room(rows: list[dict], prepared: set[str] = frozenset()) -> None:
    for r in rows:
        errs = str(r["errors"]) + (f" {r['error_kinds']}" if r["errors"] else "")
        month = r["month"] + (" (prepared)" if r["month"] in prepared and r["server"] != "reference" else "")
        print(f"| {r['server']} | {month} | {r['sessions']} | {r['loads']} | {_fmt(r['p50'])} | "
              f"{_fmt(r['p90'])} | {_fmt(r['max'])} | {errs} | {_fmt(r['cpu_ms'])} | {r['wall_s']:.1f} |", flush=True)
    if rows:
        worst = max((r["p90"] or 0) for r in rows)
        print(f"# {rows[0]['server']}: worst p90 of a switch {worst:,.0f} ms over {len(rows)} switches", flush=True)


async def _load_step(base: str, sessions: int, seconds: float, think_s: float, timeout_s: float,
                     first_path: str) -> Tally:
    tally = Tally()
    ws_url = stream_url(base)
    until = time.monotonic() + seconds
    await asyncio.gather(*(Browser(ws_url, tally, timeout_s).run(i, until, think_s, first_path)
                           for i in range(sessions)))
    return tally


def run_step(server: Server, sessions: int, seconds: float, think_s: float, timeout_s: float,
             first_path: str = "") -> dict:
    """Load one server with N sessions for a while; its figures as a dict."""
    cpu0 = cpu_seconds(server.pids) if server.pids else None
    self0 = time.process_time()
    t0 = time.monotonic()
    tally = asyncio.run(_load_step(server.base, sessions, seconds, think_s, timeout_s, first_path))
    wall = time.monotonic() - t0
    cpu = (cpu_seconds(server.pids) - cpu0) if server.pids else None
    lat = sorted(tally.latencies)
    return {
        "server": server.name, "sessions": sessions, "loads": len(lat), "runs": tally.script_runs,
        "loads_per_s": len(lat) / wall if wall else 0.0, "p50": percentile(lat, 50), "p90": percentile(lat, 90),
        "p99": percentile(lat, 99),
        "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
        "cpu_ms_per_load": (cpu * 1000 / len(lat)) if cpu is not None and lat else None,
        "cpu_share": (cpu / wall) if cpu is not None and wall else None,
        "client_cpu_s": time.process_time() - self0,
        "rss_mb": rss_mb(server.pids) if server.pids else None,
    }


def warm_up(server: Server, timeout_s: float) -> None:
    """One session visits every page twice (on each worker), so the measured runs are cached runs."""
    for base in server.direct or [server.base]:
        _warm(base, server.name, timeout_s)


def _warm(base: str, name: str, timeout_s: float) -> None:
    async def visit():
        tally = Tally()
        s = Session(stream_url(base), tally, timeout_s)
        async with s.open() as ws:
            await s.load(ws)
            for _ in range(2):
                for _, page_hash in list(s.pages):
                    await s.load(ws, page_hash=page_hash)
    try:
        asyncio.run(visit())
    except PageError as exc:
        print(f"warning: warm-up of {name} ({base}): {exc}", file=sys.stderr)


def per_page(server: Server, reps: int, timeout_s: float) -> list[tuple[str, float, float]]:
    """One session loads each visible page `reps` times in a row (nothing else runs on the server):
    (page, server CPU ms per load, median load ms) per page. Servers behind nginx: all workers count."""
    async def visit():
        s = Session(stream_url(server.base), Tally(), timeout_s)
        out = []
        async with s.open() as ws:
            await s.load(ws)
            for path, page_hash in list(s.pages) or [("", "")]:
                await s.load(ws, page_hash=page_hash)  # the switch to the page, not counted
                cpu0, times = cpu_seconds(server.pids), []
                for _ in range(reps):
                    t0 = time.perf_counter()
                    await s.load(ws, page_hash=page_hash)
                    times.append(time.perf_counter() - t0)
                cpu = cpu_seconds(server.pids) - cpu0
                out.append(("/" + path if server.name == "app" else server.name, cpu * 1000 / reps,
                            statistics.median(times) * 1000))
        return out
    return asyncio.run(visit())


def print_per_page(app: list[tuple[str, float, float]], ref: list[tuple[str, float, float]] | None,
                   reps: int) -> None:
    ref_cpu = ref[0][1] if ref else None
    print(f"\n# each page loaded {reps} times in a row by one session (a rerun of a cached view)")
    print("| page | server CPU ms/load | app / reference | median load ms |")
    print("|---|---|---|---|")
    for path, cpu, lat in app + (ref or []):
        ratio = f"{cpu / ref_cpu:.2f}" if ref_cpu else "n/a"
        print(f"| {path} | {cpu:.1f} | {ratio} | {lat:.0f} |", flush=True)


# ---------------------------------------------------------------- report

def _fmt(v, spec: str = ",.0f") -> str:
    return "n/a" if v is None else format(v, spec)


def print_row(r: dict) -> None:
    errs = str(r["errors"]) + (f" {r['error_kinds']}" if r["errors"] else "")
    print(f"| {r['server']} | {r['sessions']} | {r['loads']} | {r['loads_per_s']:.1f} | "
          f"{_fmt(r['p50'])} | {_fmt(r['p90'])} | {_fmt(r['p99'])} | {errs} | {r['runs']} | "
          f"{_fmt(r['cpu_ms_per_load'])} | {_fmt(r['cpu_share'], '.2f')} | {_fmt(r['rss_mb'])} |", flush=True)


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        sys.exit(f"refusing to load {host}: loopback addresses only (127.0.0.1, localhost, ::1)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", default="1,5,20,50", help="comma-separated session counts (each ≤ 200); empty with --per-page")
    ap.add_argument("--seconds", type=float, default=20, help="length of each step (≤ 600)")
    ap.add_argument("--think", type=float, default=0.0, help="pause between page switches, seconds")
    ap.add_argument("--timeout", type=float, default=60.0, help="a page load slower than this is an error")
    ap.add_argument("--workers", type=int, default=0,
                    help="serve the app with deploy/serve.sh --workers N (nginx in front); 0: one streamlit process")
    ap.add_argument("--ahead", type=int, default=0, metavar="MONTHS",
                    help="with --workers: serve.sh --ahead MONTHS, and start once those views are prepared")
    ap.add_argument("--ahead-older", type=int, default=0, metavar="MONTHS",
                    help="with --ahead: serve.sh --ahead-older MONTHS (older months' pages built once into the "
                         "workers' piece store), and start once those are stored too")
    ap.add_argument("--no-follow", action="store_true",
                    help="with --ahead: serve.sh --no-follow (the next pages of views people open are not built)")
    ap.add_argument("--url", help="load an already running app (a Streamlit server or nginx) instead")
    ap.add_argument("--pid", type=int, action="append", default=[],
                    help="with --url: a server process whose CPU counts (repeatable)")
    ap.add_argument("--reference-url", help="an already running reference page")
    ap.add_argument("--reference-pid", type=int, action="append", default=[])
    ap.add_argument("--no-reference", action="store_true", help="skip the reference page")
    ap.add_argument("--no-warm-up", action="store_true", help="measure from a cold cache")
    ap.add_argument("--path", default="", help="first page's URL path, e.g. 'dossiers' (default: /)")
    ap.add_argument("--per-page", type=int, default=0, metavar="N",
                    help="also load each page N times with one session and print its CPU per load "
                         "beside the reference page's")
    ap.add_argument("--room", type=int, default=None, metavar="N",
                    help="instead of switching pages: N people open a link to a month nobody asked for yet, "
                         "each in a new session (see above)")
    ap.add_argument("--switches", type=int, default=4, help="with --room: how many new months, one after the other")
    ap.add_argument("--spread", type=float, default=3.0, help="with --room: seconds over which the room opens the link")
    ap.add_argument("--query", default="", help="with --room: more URL parameters, e.g. 'mode=meeting'")
    args = ap.parse_args(argv)

    counts = [int(x) for x in args.sessions.split(",") if x.strip()] if args.room is None else []
    if args.room is not None:
        if not (1 <= args.room <= MAX_SESSIONS and 1 <= args.switches <= 24 and 0 <= args.spread <= 60):
            sys.exit(f"--room: between 1 and {MAX_SESSIONS}; --switches: 1 to 24; --spread: 0 to 60 s")
    elif (not counts and not args.per_page) or (counts and (max(counts) > MAX_SESSIONS or min(counts) < 1)):
        sys.exit(f"--sessions: between 1 and {MAX_SESSIONS}")
    if args.ahead and not (args.workers and 1 <= args.ahead <= MAX_MONTHS):
        sys.exit(f"--ahead: 1 to {MAX_MONTHS} months, with --workers")
    if args.ahead_older and not (args.ahead and 1 <= args.ahead_older <= MAX_MONTHS):
        sys.exit(f"--ahead-older: 1 to {MAX_MONTHS} months, with --ahead")
    if not 0 < args.seconds <= MAX_SECONDS:
        sys.exit(f"--seconds: between 0 and {MAX_SECONDS}")
    for u in (args.url, args.reference_url):
        if u:
            _check_loopback(u)

    # A SIGTERM (e.g. from `timeout`) unwinds through `finally`, so the servers started here stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    logdir = Path(tempfile.mkdtemp(prefix="ccgov-load-"))
    servers: list[Server] = []
    try:
        if args.url:
            app = Server("app", args.url.rstrip("/"), args.pid)
        elif args.workers:
            app = start_serve(args.workers, logdir, env, args.ahead, args.ahead_older, not args.no_follow)
            servers.append(app)
        else:
            app = start_streamlit("app", "app.py", logdir, env)
            servers.append(app)
        ref = None
        if args.reference_url:
            ref = Server("reference", args.reference_url.rstrip("/"), args.reference_pid)
        elif not args.no_reference:
            ref = start_streamlit("reference", "bench/reference_app.py", logdir, env)
            servers.append(ref)
        targets = [s for s in (app, ref) if s]
        if not args.no_warm_up:
            for s in targets:
                warm_up(s, args.timeout)

        la = os.getloadavg()
        if args.room is not None:
            # after the servers' start: the embedded default is made then
            months, prepared = room_months(args.switches, args.ahead, older=args.ahead_older, query=args.query)
            print(f"# {os.cpu_count()} CPUs, load average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}; a room of {args.room} "
                  f"opens a link to a month no visitor asked for yet within {args.spread:g} s, {len(months)} times"
                  f"{' (prepared: opened ahead by deploy.ahead)' if prepared else ''}; "
                  f"database {os.environ.get('DATABASE_URL', 'embedded SQLite')}; logs in {logdir}")
            print("| server | month | sessions | page loads | p50 ms | p90 ms | max ms | errors | server CPU ms | wall s |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            for s in targets:
                print_room(run_room(s, args.room, months, args.spread, args.timeout, args.path, args.query), prepared)
            print("# each load is a new session: the websocket handshake and the session's start are included")
            return 0
        print(f"# {os.cpu_count()} CPUs, load average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}; "
              f"{args.seconds:g} s a step, think {args.think:g} s, "
              f"database {os.environ.get('DATABASE_URL', 'embedded SQLite')}; logs in {logdir}")
        print("| server | sessions | page loads | loads/s | p50 ms | p90 ms | p99 ms | errors | "
              "script runs | server CPU ms/load | server CPU cores | server MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        ratios = []
        for n in counts:
            rows = [run_step(s, n, args.seconds, args.think, args.timeout, args.path) for s in targets]
            for r in rows:
                print_row(r)
            print("# load generator CPU while loading: "
                  + ", ".join(f"{r['server']} {r['client_cpu_s'] / args.seconds:.2f} cores" for r in rows))
            if len(rows) == 2 and rows[0]["cpu_ms_per_load"] and rows[1]["cpu_ms_per_load"]:
                ratios.append((n, rows[0]["cpu_ms_per_load"] / rows[1]["cpu_ms_per_load"]))
        for n, ratio in ratios:
            print(f"# {n} sessions: server CPU per page load, app / reference = {ratio:.2f}")
        if args.per_page:
            print_per_page(per_page(app, args.per_page, args.timeout),
                           per_page(ref, args.per_page, args.timeout) if ref else None, args.per_page)
        print("# load generator CPU is on the same machine: it competes with the server")
    finally:
        for s in servers:
            s.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
