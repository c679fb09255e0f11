"""How long the first page after a server start takes to be drawn in a real browser, beside the
reference page served the same way.

    python bench/first_page.py [--reps N] [--timeout S] [--warm] [--serve N] [--returning [--visits N]]
                                [--phases] [--no-reference] [--rebuild]

Each repetition starts a fresh `streamlit run app.py` on a free loopback port (same
`.streamlit/config.toml`, no file watcher), waits until `/_stcore/health` answers, opens `/` in a new
Chromium context (empty browser cache: a first visitor) and times from the navigation to the page
fully drawn: the script run over and the app connected, the four KPI cards, the province map's canvas
and every visible plotly chart drawn, no skeleton placeholder left. Then the server is stopped. The
reference page (`bench/reference_app.py`: four metrics, four cached plotly charts, a table) is timed
the same way, each repetition with its own fresh server, and the ratio of the medians is printed.

With `--warm` the app is also timed a third way, as a deployment that warms each server before
sending it visitors: the server runs with `server.scriptHealthCheckEnabled`, and once healthy it is
asked `/_stcore/script-health-check`, which runs app.py once at the default view (filling the
process's caches) and answers when done; the time of that warm-up is printed, then `/` is timed as
above.

With `--serve N` the app is also timed as `deploy/serve.sh --workers N` serves it: nginx in front
(Streamlit's browser files from nginx, compressed), each worker warmed before nginx takes visitors.
Two ways: "serve.sh" with `--ahead 0` (nothing else runs when the visitor arrives), and "serve.sh,
walk" with the defaults, where the visitor arrives the moment nginx serves, while `deploy.ahead`
walks the recent months on every worker (on this machine the browser shares the cores with that
walk; in a room it runs on the visitor's own computer). Not with `--returning`.

With `--returning` every page and way above is also timed for a returning visitor: a browser that has
opened the page before, on an earlier server, and keeps Streamlit's frontend files in its HTTP cache
(the hashed bundles are served `Cache-Control: public, immutable`, by Streamlit and by the nginx of
`deploy/serve.sh`). Each repetition opens Chromium with a new profile on disk (a person's browser
keeps its cache on disk, not in memory as a new context does), starts a server, draws `/` on it
`--visits` times (default 1), each in its own page, then stops that server, starts a fresh one on the
same port (the cache is kept per origin), warms it when the way says so, and times `/` in a new page
of the same profile from the navigation to drawn, as above. Only that last load is timed.

For every timed load the script counts, through Chromium's DevTools protocol, the responses the page
received, how many of them came from the browser cache (memory or disk) and the bytes that came over
the network, and prints them beside the time, so a returning load is seen to have been served from
the cache. With `--phases` it also prints when each step of the timed load was first seen, in
seconds from the navigation (a MutationObserver in the page notes them): the app connected (the
frontend has started and opened its websocket), the script run over, the first card, the first
plotly chart drawn and the map's canvas; "drawn" is the time above.

Database: DATABASE_URL when set (used as it is: it must hold data); otherwise a copy of the
embedded demo database (`data/local/command_center.sqlite`), or, when there is none, a demo
database built once under /tmp/ccgov-first-page/ (`--rebuild` builds it again). The copy keeps the
server from treating it as the embedded default, so nothing is created or filled while timing.

Playwright drives Debian's Chromium at /usr/bin/chromium (BROWSER_PATH to override); no browser is
ever downloaded. Loopback only; every wait is bounded by --timeout. No assertions: figures only.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
os.chdir(ROOT)

from browser_support import CHROMIUM_ARGS, VIEWPORT, free_port, healthy, stop  # noqa: E402

WORK_DIR = Path("/tmp/ccgov-first-page")
EMBEDDED = ROOT / "data" / "local" / "command_center.sqlite"
REFERENCE = "bench/reference_app.py"
TARGET_S = 3.0

# Drawn: the run is over and the app connected, nothing is a skeleton, every visible chart has its
# SVG, every visible map and table its canvas, and at least the page's own cards, maps and charts
# are there (a run that has not reached them yet is not "drawn").
DRAWN_JS = """([metrics, maps, charts]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
      || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector("[data-testid='stStatusWidget']")) return false;
  const shown = sel => [...document.querySelectorAll(sel)]
    .filter(e => e.offsetParent !== null && !e.closest('details:not([open])'));
  const plots = shown("[data-testid='stPlotlyChart']"), decks = shown("[data-testid='stDeckGlJsonChart']");
  return shown("[data-testid='stSkeleton']").length === 0
    && shown("[data-testid='stMetric']").length >= metrics
    && decks.length >= maps && decks.every(e => e.querySelector('canvas'))
    && plots.length >= charts && plots.every(e => e.querySelector('.main-svg'))
    && shown("[data-testid='stDataFrame']").every(e => e.querySelector('canvas'));
}"""

# With --phases: the moment (ms from the navigation) each step of a load is first seen, recorded in
# the page by a MutationObserver, so a busy main thread delays nothing but its own notes.
PHASES = ("connected", "script finished", "first card", "first chart", "map canvas")
PHASES_JS = """(() => {
  const marks = {}; window.__firstPagePhases = marks;
  const mark = k => { if (!(k in marks)) marks[k] = performance.now(); };
  new MutationObserver(() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return;
    if (app.getAttribute('data-test-connection-state') === 'CONNECTED') mark('connected');
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') mark('script running');
    if ('script running' in marks && state === 'notRunning') mark('script finished');
    if (document.querySelector("[data-testid='stMetric']")) mark('first card');
    if (document.querySelector("[data-testid='stPlotlyChart'] .main-svg")) mark('first chart');
    if (document.querySelector("[data-testid='stDeckGlJsonChart'] canvas")) mark('map canvas');
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();"""

# script, (cards, maps, plotly charts) that make the page "drawn"
APP = ("app.py", (4, 1, 4))
REF = (REFERENCE, (4, 0, 4))


def database(rebuild: bool) -> tuple[str, str]:
    """(URL to serve, how it was chosen)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url, "DATABASE_URL"
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    copy = WORK_DIR / "demo.sqlite"
    if EMBEDDED.exists() and (rebuild or not copy.exists()):
        shutil.copyfile(EMBEDDED, copy)
        return f"sqlite:///{copy}", f"a copy of {EMBEDDED.relative_to(ROOT)}"
    if rebuild or not copy.exists():
        from data.database import init_database
        from data.engine import make_engine
        print(f"building a demo database at {copy} ...", flush=True)
        engine = make_engine(f"sqlite:///{copy}")
        try:
            init_database(engine, demo=True, force=True)
        finally:
            engine.dispose()
        return f"sqlite:///{copy}", "a demo database built under /tmp"
    return f"sqlite:///{copy}", f"the demo copy under {WORK_DIR}"


def start_server(script: str, url: str, log: Path, timeout_s: float,
                 warm: bool = False, port: int | None = None) -> tuple[subprocess.Popen, int]:
    """A `streamlit run script` on `port` (a free one when None), once `/_stcore/health` answers."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
           *(["--server.scriptHealthCheckEnabled", "true"] if warm else [])]
    return started(cmd, url, port, log, timeout_s, script), port


def start_serve(url: str, workers: int, walk: bool, run_dir: Path, timeout_s: float
                ) -> tuple[subprocess.Popen, int]:
    """`deploy/serve.sh --workers N` on a free port (with `--ahead 0` unless `walk`), once nginx
    answers `/_stcore/health`: serve.sh starts nginx only after every worker is warmed."""
    port = free_port()
    cmd = ["bash", "deploy/serve.sh", "--workers", str(workers), "--port", str(port), "--run-dir", str(run_dir),
           *([] if walk else ["--ahead", "0"])]
    return started(cmd, url, port, WORK_DIR / "server-serve.log", timeout_s, "serve.sh"), port


def started(cmd: list[str], url: str, port: int, log: Path, timeout_s: float, name: str) -> subprocess.Popen:
    """`cmd` run from the repository root over the database at `url` (output to `log`), once
    `/_stcore/health` answers on `port`."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            env={**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + timeout_s
    while not healthy(f"http://127.0.0.1:{port}/_stcore/health"):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise SystemExit(f"{name}: the server did not come up; see {log}")
        time.sleep(0.1)
    return proc


def warm_up(port: int, timeout_s: float) -> float:
    """Seconds the server takes to run app.py once at the default view (its script health check)."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/script-health-check", timeout=timeout_s) as r:
        if r.status != 200:
            raise SystemExit(f"the warm-up run failed: HTTP {r.status}")
    return time.perf_counter() - t0


class Network:
    """What one page received, counted from Chromium's DevTools protocol events: responses, those
    served from the browser cache (memory or disk, not revalidated), bytes over the network."""

    def __init__(self, context, page):
        self.responses = 0
        self.cached: set[str] = set()
        self.bytes = 0
        self.session = context.new_cdp_session(page)
        self.session.on("Network.responseReceived", self._response)
        self.session.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.session.on("Network.loadingFinished", lambda e: self._add(e.get("encodedDataLength", 0)))
        self.session.send("Network.enable")

    def _response(self, event: dict) -> None:
        if event.get("type") == "WebSocket":
            return
        self.responses += 1
        if event["response"].get("fromDiskCache"):
            self.cached.add(event["requestId"])

    def _add(self, n: float) -> None:
        self.bytes += int(n)

    def summary(self) -> tuple[int, int, int]:
        """(responses, from the browser cache, bytes over the network)."""
        return self.responses, len(self.cached), self.bytes


def drawn_after(page, port: int, counts: tuple[int, int, int], script: str, timeout_s: float) -> float:
    """Seconds from navigating `page` to `/` until the page is drawn (no error shown)."""
    t0 = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_function(DRAWN_JS, arg=list(counts), polling=50, timeout=timeout_s * 1000)
    seconds = time.perf_counter() - t0
    errors = page.locator("[data-testid='stException']")
    if errors.count():
        raise SystemExit(f"{script}: the page shows an error: {errors.first.inner_text()[:300]}")
    return seconds


def first_load(pw, browser, script: str, counts: tuple[int, int, int], url: str, timeout_s: float,
               warm: bool = False, visits: int = 0, phases: bool = False, serve: tuple[int, bool] | None = None
               ) -> tuple[float, tuple[int, int, int], dict[str, float]]:
    """(seconds from navigation to drawn, what the page received, seconds to each phase seen when
    `phases`) on a fresh server: in a fresh context of `browser` when `visits` is 0, else in a new
    browser profile that drew the page `visits` times on an earlier server at the same address.
    With `serve` (workers, walk): the app as `deploy/serve.sh` serves it (`start_serve`)."""
    log = WORK_DIR / f"server-{Path(script).stem}.log"
    with contextlib.ExitStack() as stack:
        port = None
        if visits:
            profile = stack.enter_context(tempfile.TemporaryDirectory(prefix="profile-", dir=WORK_DIR))
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=browser_path(), args=CHROMIUM_ARGS, viewport=VIEWPORT)
            stack.callback(context.close)
            earlier, port = start_server(script, url, log, timeout_s)
            try:  # the earlier visits fill the profile's caches; then their server goes away
                for _ in range(visits):
                    page = context.new_page()
                    drawn_after(page, port, counts, script, timeout_s)
                    with contextlib.suppress(Exception):
                        page.wait_for_load_state("networkidle", timeout=5000)
                    time.sleep(1.0)  # the browser writes its cache entries when idle
                    page.close()
            finally:
                stop(earlier)
        else:
            context = browser.new_context(viewport=VIEWPORT)
            stack.callback(context.close)
        if serve:
            run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="serve-", dir=WORK_DIR)))
            proc, port = start_serve(url, *serve, run_dir / "run", timeout_s)
        else:
            proc, port = start_server(script, url, log, timeout_s, warm, port)
        try:
            if warm:
                print(f"    (warm-up run: {warm_up(port, timeout_s):.2f} s)", flush=True)
            page = context.new_page()
            network = Network(context, page)
            if phases:
                page.add_init_script(PHASES_JS)
            seconds = drawn_after(page, port, counts, script, timeout_s)
            marks = page.evaluate("window.__firstPagePhases || {}") if phases else {}
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=2000)  # late responses still counted
            return seconds, network.summary(), {k: v / 1000 for k, v in marks.items() if k in PHASES}
        finally:
            stop(proc)


def browser_path() -> str:
    return os.environ.get("BROWSER_PATH", "/usr/bin/chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--reps", type=int, default=3, help="fresh servers per page (median shown)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds any one wait may take")
    parser.add_argument("--no-reference", action="store_true", help="time the app only")
    parser.add_argument("--rebuild", action="store_true", help="copy or build the demo database again")
    parser.add_argument("--warm", action="store_true",
                        help="also time the app on servers warmed by their script health check first")
    parser.add_argument("--serve", type=int, default=0, metavar="N",
                        help="also time the app served by deploy/serve.sh --workers N, without and with its walk")
    parser.add_argument("--returning", action="store_true",
                        help="also time each page for a browser that drew it before, on an earlier server")
    parser.add_argument("--phases", action="store_true",
                        help="also print when each step of a load is first seen (app connected, script run "
                             "over, first card, first chart, map canvas)")
    parser.add_argument("--visits", type=int, default=1,
                        help="with --returning: how many times that browser drew the page before (default 1)")
    args = parser.parse_args()
    if not 1 <= args.reps <= 20:
        raise SystemExit("--reps must be between 1 and 20")
    if not 1 <= args.visits <= 5:
        raise SystemExit("--visits must be between 1 and 5")
    if not 0 <= args.serve <= 8 or (args.serve and args.returning):
        raise SystemExit("--serve takes 1 to 8 workers, and not with --returning")

    from playwright.sync_api import sync_playwright
    # a SIGTERM unwinds like Ctrl-C, so the servers and browsers this script started are stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url, origin = database(args.rebuild)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"database: {origin} ({url.split(':', 1)[0]})", flush=True)
    print("timed: navigation to / until the page is drawn (cards, map canvas, charts, no run in flight) on a "
          "fresh server; first visitor: a new browser context; returning: a browser profile that drew the page "
          f"{args.visits} time(s) before, on an earlier server at the same address\n", flush=True)
    serve = ([("serve.sh", APP, False, (args.serve, False)), ("serve.sh, walk", APP, False, (args.serve, True))]
             if args.serve else [])
    pages = ([("app, cold", APP, False, None)] + ([("app, warmed", APP, True, None)] if args.warm else []) + serve
             + ([] if args.no_reference else [("reference page", REF, False, None)]))
    visitors = ["first visitor"] + (["returning"] if args.returning else [])
    results: dict[tuple[str, str], list[tuple[float, tuple[int, int, int], dict[str, float]]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path(), args=CHROMIUM_ARGS)
        try:
            for rep in range(args.reps):  # interleaved, so all see the same machine
                for visitor in visitors:
                    for name, (script, counts), warm, served in pages:
                        s, (responses, cached, size), marks = first_load(
                            pw, browser, script, counts, url, args.timeout, warm,
                            args.visits if visitor == "returning" else 0, args.phases, served)
                        results.setdefault((name, visitor), []).append((s, (responses, cached, size), marks))
                        print(f"  {name:<14} {visitor:<13} run {rep + 1}: {s:5.2f} s  ({responses} responses, "
                              f"{cached} from the browser cache, {size / 1e6:.2f} MB over the network)", flush=True)
                        if marks:
                            print("    " + ", ".join(f"{k} {v:.2f} s" for k, v in marks.items()), flush=True)
        finally:
            browser.close()

    print(f"\nload average {os.getloadavg()[0]:.1f} (1 min) at the end; target: the app drawn in < {TARGET_S:g} s\n")
    head = f"{'page':<14} | {'visitor':<13} | {'median s':>8} | {'min–max s':>11} | {'from cache':>10} | {'MB over net':>11}"
    print(head)
    print("-|-".join("-" * len(c) for c in head.split(" | ")))
    for (name, visitor), runs in results.items():
        seconds = [r[0] for r in runs]
        cached = statistics.median(r[1][1] for r in runs)
        responses = statistics.median(r[1][0] for r in runs)
        size = statistics.median(r[1][2] for r in runs)
        print(f"{name:<14} | {visitor:<13} | {statistics.median(seconds):>8.2f} | "
              f"{min(seconds):>5.2f}–{max(seconds):<5.2f} | {f'{cached:g}/{responses:g}':>10} | {size / 1e6:>11.2f}")
    if args.phases:
        print("\nmedian seconds from the navigation to each step first seen (– never seen)\n")
        head = f"{'page':<14} | {'visitor':<13} | " + " | ".join(PHASES) + " | drawn"
        print(head)
        print("-|-".join("-" * len(c) for c in head.split(" | ")))
        for (name, visitor), runs in results.items():
            cells = []
            for phase in PHASES:
                seen = [r[2][phase] for r in runs if phase in r[2]]
                cells.append(f"{statistics.median(seen):>{len(phase)}.2f}" if seen else f"{'–':>{len(phase)}}")
            print(f"{name:<14} | {visitor:<13} | " + " | ".join(cells)
                  + f" | {statistics.median(r[0] for r in runs):>5.2f}")
    print()
    for visitor in visitors:
        ref = results.get(("reference page", visitor))
        for (name, v), runs in results.items():
            if v == visitor and name != "reference page":
                app = statistics.median(r[0] for r in runs)
                ratio = f"{app / statistics.median(r[0] for r in ref):.1f}× the reference; " if ref else ""
                print(f"{name}, {visitor}: {ratio}{'under' if app < TARGET_S else 'OVER'} {TARGET_S:g} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
