"""`deploy/serve.sh --workers 2`: two Streamlit workers behind Debian's nginx, driven by two real
browser sessions. Each browser sticks to one worker (the route cookie's hash), keeps its own
filters across reruns and reloads, and SIGTERM stops every process the script started."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit
from sqlalchemy.engine import make_url

from i18n import t
from browser_support import VIEWPORT, free_port, healthy

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
START_TIMEOUT_S = 240
LOAD_TIMEOUT_S = 180

# Two different views, set by URL as a shared link would: English, 12/2025; Vietnamese, 06/2024
# compared with the same month a year before.
VIEW_A = {"lang": "en", "pk": "month", "to": "2025-12"}
VIEW_B = {"lang": "vi", "pk": "month", "to": "2024-06", "cmp": "yoy"}
DEMO_LABEL = {"en": "Illustrative demo data", "vi": "Dữ liệu minh họa"}
DEFAULT_VIEW = "lang=vi&pk=month&to=2026-10&cmp=prev&b=auto&scope=national"
"""The default view's shared URL parameters, as the workers note a view whose pages to build next."""



def _descendants(pid: int) -> list[int]:
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [d for k in kids for d in _descendants(k)]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextmanager
def _serving(database_url: str, run_dir: Path, pytestconfig, ahead: int = 0, older: int = 0):
    """deploy/serve.sh --workers 2 on a free port over the database, preparing the views of the last
    `ahead` months and the pages of `older` months before them (none by default); yields (base, run
    dir, proc)."""
    if not Path(NGINX).exists():
        from tests.e2e.conftest import require_or_skip
        require_or_skip(pytestconfig, "nginx not found (apt-get install nginx)")
    port = free_port()
    log_path = ROOT / "test-output" / "e2e-serve.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    with log_path.open("w") as log:
        proc = subprocess.Popen(["bash", "deploy/serve.sh", "--workers", "2", "--port", str(port),
                                 "--run-dir", str(run_dir), "--ahead", str(ahead), "--ahead-older", str(older)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not (healthy(base + "/_stcore/health") and (run_dir / "pids").exists()
                       and "nginx" in (run_dir / "pids").read_text()):
                assert proc.poll() is None, f"serve.sh exited with {proc.returncode}; see {log_path}"
                assert time.monotonic() < deadline, f"serve.sh not serving after {START_TIMEOUT_S} s; see {log_path}"
                time.sleep(0.5)
            yield base, run_dir, proc
        finally:
            _stop(proc)


@pytest.fixture
def served(demo_url, tmp_path, pytestconfig):
    """deploy/serve.sh --workers 2 on a free port over the demo database; yields (base, run dir, proc)."""
    with _serving(demo_url, tmp_path / "run", pytestconfig) as got:
        yield got


def _demo_copy(demo_url: str, tmp_path: Path) -> str:
    """A copy of the demo SQLite database that a test may write to; its URL."""
    source = make_url(demo_url)
    if source.get_backend_name() != "sqlite":
        pytest.skip("copies the demo SQLite file (the PostgreSQL run does not run the browser tests)")
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(source.database) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return f"sqlite:///{copy}"


@pytest.fixture
def served_copy(demo_url, tmp_path, pytestconfig):
    """deploy/serve.sh --workers 2 over a copy of the demo SQLite database (a test may write to it);
    yields (base, run dir, proc, the copy's URL)."""
    url = _demo_copy(demo_url, tmp_path)
    with _serving(url, tmp_path / "run", pytestconfig) as (base, run_dir, proc):
        yield base, run_dir, proc, url


@pytest.fixture
def served_ahead(demo_url, tmp_path, pytestconfig):
    """`served_copy`, with the views of the last three months prepared (`--ahead 3`: the newest
    month's pages on both workers, the rest shared out between them) and the pages of the four months
    before them built once into the workers' piece store (`--ahead-older 4`)."""
    url = _demo_copy(demo_url, tmp_path)
    with _serving(url, tmp_path / "run", pytestconfig, ahead=3, older=4) as (base, run_dir, proc):
        yield base, run_dir, proc, url


def _stop(proc: subprocess.Popen) -> None:
    """After a failed test: SIGTERM serve.sh (which stops its children), then kill what is left."""
    if proc.poll() is not None:
        return
    family = [proc.pid, *_descendants(proc.pid)]
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pass
    for pid in family:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    proc.wait(timeout=30)


def _upstreams(run_dir: Path, route: str) -> set[str]:
    """The workers nginx sent this route cookie's requests to (from its access log; "-" is a file
    nginx served itself)."""
    log = (run_dir / "nginx-access.log").read_text()
    return set(re.findall(rf"upstream=(\S+) route={re.escape(route)} ", log)) - {"-"}


def _upstream_of(run_dir: Path, route: str) -> str:
    """The one worker a fresh browser's first request went to. nginx writes a request's log line
    after it has sent the answer, so the line may come a moment after the browser has it."""
    deadline = time.monotonic() + 30
    while not (seen := _upstreams(run_dir, route)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(seen) == 1, f"route {route}: nginx logged the workers {seen}"
    return next(iter(seen))


def _route_cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "ccgov_route")


def _query(tab) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(tab.url).query).items()}


def _settle(tab, idle) -> None:
    tab.wait_for_selector("[data-testid='stMetric'], [data-testid='stException']",
                          timeout=LOAD_TIMEOUT_S * 1000)
    idle(tab, LOAD_TIMEOUT_S)
    errors = tab.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()[:2000]


def _assert_view(tab, view: dict) -> None:
    got = _query(tab)
    assert {k: got.get(k) for k in view} == view, f"{tab.url} lost its filters {view}"
    assert DEMO_LABEL[view["lang"]] in tab.locator("body").inner_text(), f"{tab.url}: not in {view['lang']}"


def _choose(tab, idle, key: str, lang: str, param: str, value: str) -> None:
    """A rerun in the same session: pick a sidebar option by its label, until the URL shows it.

    On this shared machine a click can land while the frontend is still swapping a run's
    elements and be lost; it is repeated (at most three times) rather than waited on blindly."""
    option = tab.locator("[data-testid='stSidebar'] label").filter(has_text=t(key, lang)).first
    for _ in range(3):
        option.click()
        try:
            tab.wait_for_function("([p, v]) => new URL(location.href).searchParams.get(p) === v",
                                  arg=[param, value], timeout=40_000)
            break
        except Exception:
            continue
    _settle(tab, idle)


def _browsers_on_two_workers(browser, base: str, run_dir: Path):
    """Two browser contexts that nginx sends to different workers. Fresh browsers get a random route
    cookie; some are opened until two sit on different workers (each try lands on the other worker
    with probability 1/2, so 12 tries miss with 0.05 %)."""
    contexts, first_upstream, second = [], None, None
    for _ in range(12):
        ctx = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        contexts.append(ctx)
        ctx.request.get(base + "/_stcore/health")
        upstream = _upstream_of(run_dir, _route_cookie(ctx))
        if first_upstream is None:
            first_upstream = upstream
        elif upstream != first_upstream:
            second = ctx
            break
    assert second is not None, "nginx sent twelve fresh browsers to the same worker"
    for ctx in contexts:
        if ctx not in (contexts[0], second):
            ctx.close()
    return contexts[0], second


def test_two_browsers_keep_their_worker_and_filters_and_sigterm_stops_all(browser, idle, served):
    base, run_dir, proc = served

    ctx_a, ctx_b = _browsers_on_two_workers(browser, base, run_dir)

    tab_a, tab_b = ctx_a.new_page(), ctx_b.new_page()
    tab_a.goto(base + "/?" + "&".join(f"{k}={v}" for k, v in VIEW_A.items()), wait_until="domcontentloaded")
    tab_b.goto(base + "/?" + "&".join(f"{k}={v}" for k, v in VIEW_B.items()), wait_until="domcontentloaded")
    _settle(tab_a, idle)
    _settle(tab_b, idle)
    _assert_view(tab_a, VIEW_A)
    _assert_view(tab_b, VIEW_B)

    # Reruns, interleaved: each session changes one more filter and keeps all its others (they
    # live in its own worker's session state).
    _choose(tab_a, idle, "cmp_yoy", "en", "cmp", "yoy")
    _choose(tab_b, idle, "b_63", "vi", "b", "63")
    view_a, view_b = {**VIEW_A, "cmp": "yoy"}, {**VIEW_B, "b": "63"}
    _assert_view(tab_a, view_a)
    _assert_view(tab_b, view_b)
    _choose(tab_b, idle, "cmp_prev", "vi", "cmp", "prev")
    view_b["cmp"] = "prev"
    _assert_view(tab_b, view_b)
    _assert_view(tab_a, view_a)

    # A reload is a new websocket: it must reach the same worker again, with the same view.
    tab_a.reload(wait_until="domcontentloaded")
    _settle(tab_a, idle)
    _assert_view(tab_a, view_a)

    # Closing the browsers ends their websockets, which nginx then logs.
    route_a, route_b = _route_cookie(ctx_a), _route_cookie(ctx_b)
    ctx_a.close()
    ctx_b.close()
    stream = '"GET /_stcore/stream HTTP/1.1" 101 .* route={} '
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        log = (run_dir / "nginx-access.log").read_text()
        if len(re.findall(stream.format(route_a), log)) >= 2 and re.search(stream.format(route_b), log):
            break
        time.sleep(0.5)
    # A's page load and its reload: two websockets; B's page load: one; all upgraded (101).
    assert len(re.findall(stream.format(route_a), log)) == 2
    assert len(re.findall(stream.format(route_b), log)) == 1
    # Every request of each browser (page, static files, websockets) went to one worker, and the
    # two browsers to different ones.
    ups_a, ups_b = _upstreams(run_dir, route_a), _upstreams(run_dir, route_b)
    assert len(ups_a) == 1 and len(ups_b) == 1, f"a browser was split over workers: {ups_a}, {ups_b}"
    assert ups_a != ups_b

    # Streamlit's browser files came from nginx's own copy, never from a worker, and compressed.
    static = re.findall(rf'"GET (/static/\S+) HTTP/1.1" 200 \d+ upstream=(\S+) route={re.escape(route_a)} ', log)
    assert len(static) > 10 and {up for _, up in static} == {"-"}, static[:5]
    script = next(path for path, _ in static if path.endswith(".js"))
    asked = urllib.request.Request(base + script, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(asked, timeout=30) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert answer.headers["Content-Type"] == "application/javascript"
        sent = gzip.decompress(answer.read())
    assert sent == (STREAMLIT_STATIC / script.lstrip("/")).read_bytes()

    # Both workers ran the app once before nginx took visitors (the warm-up), and that check is not
    # reachable from outside.
    started_log = (ROOT / "test-output" / "e2e-serve.log").read_text()
    assert len(re.findall(r"worker on 127\.0\.0\.1:\d+ warmed up", started_log)) == 2, started_log
    assert started_log.index("warmed up") < started_log.index("serving http://")
    try:
        urllib.request.urlopen(base + "/_stcore/script-health-check", timeout=30)
        raise AssertionError("the warm-up check answered through nginx")
    except urllib.error.HTTPError as refused:
        assert refused.code == 404

    # SIGTERM stops nginx and both workers; nothing is left running.
    started = [proc.pid, *_descendants(proc.pid)]
    pids_file = (run_dir / "pids").read_text().split("\n")
    listed = [int(line.split()[2]) for line in pids_file if line.strip()]
    assert len(listed) == 3 and set(listed) <= set(started), (listed, started)  # 2 workers + nginx
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=90) == 0
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in started if _alive(p)] == []
    assert not healthy(base + "/_stcore/health")


ON_TIME = "Tỷ lệ hồ sơ giải quyết đúng hạn"
HANOI_OCT = "dossiers?scope=agency&sa=01&pk=month&to=2026-10"
# Hà Nội, 10/2026, as a province would correct it: 37 of 100 resolved dossiers on time = 37.0 %.
CORRECTION = ("agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
              "01,2026-10,400,100,37,63,0,0\n")


def _on_time_card(tab) -> str:
    return tab.locator("[data-testid='stMetric']").filter(has_text=ON_TIME).first.inner_text()


def test_an_import_from_the_command_line_shows_on_every_worker_at_the_next_run(browser, idle, served_copy, tmp_path):
    base, run_dir, _proc, url = served_copy
    ctx_a, ctx_b = _browsers_on_two_workers(browser, base, run_dir)
    tabs = [ctx_a.new_page(), ctx_b.new_page()]
    for tab in tabs:  # each worker computes and keeps Hà Nội's October (the demo's figures)
        tab.goto(f"{base}/{HANOI_OCT}", wait_until="domcontentloaded")
        _settle(tab, idle)
        assert "37,0%" not in _on_time_card(tab)

    corrected = tmp_path / "hanoi-oct.csv"
    corrected.write_text(CORRECTION, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "data", "import", str(corrected)], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr

    for tab in tabs:  # neither worker was told; both show the new figure at their next run
        tab.reload(wait_until="domcontentloaded")
        _settle(tab, idle)
        card = _on_time_card(tab)
        assert "37,0%" in card, card
    for ctx in (ctx_a, ctx_b):
        ctx.close()


def _ready_walks(run_dir: Path, count: int, line: str = "ahead: ready:") -> str:
    """The preparation log (`deploy.ahead`) once it says `count` times that every view is ready (or
    another `line`); no view may have failed."""
    log_path = run_dir / "ahead.log"
    deadline = time.monotonic() + 2 * START_TIMEOUT_S
    while True:
        text = log_path.read_text() if log_path.exists() else ""
        assert "failed" not in text and "cannot" not in text, text
        if text.count(line) >= count:
            return text
        assert time.monotonic() < deadline, f"not ready {count} time(s):\n{text}"
        time.sleep(1)


def _rewrite(db_url: str, month: str, on_time: bool) -> None:
    """Behind the importer's back (the data stamp does not move, so no worker forgets anything):
    every dossier resolved in the month becomes resolved late (`on_time` False) or on time."""
    moved, kept_ = ("resolved_late", "resolved_on_time") if not on_time else ("resolved_on_time", "resolved_late")
    with sqlite3.connect(make_url(db_url).database) as conn:
        conn.execute(f"UPDATE dossiers SET {moved} = {moved} + {kept_}, {kept_} = 0 WHERE month = ?", (month,))


def _national_on_time(db_url: str, month: str) -> str:
    """The national on-time rate of the month as the card shows it, summed from the rows by SQL."""
    with sqlite3.connect(make_url(db_url).database) as conn:
        on_time, resolved = conn.execute("SELECT SUM(resolved_on_time), SUM(resolved_on_time + resolved_late) "
                                         "FROM dossiers WHERE month = ?", (month,)).fetchone()
    return f"{100 * on_time / resolved:.1f}%".replace(".", ",")


def _on_time_value(tab) -> str:
    """The figure of the on-time card alone (its delta and help left out)."""
    card = tab.locator("[data-testid='stMetric']").filter(has_text=ON_TIME).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_views_are_prepared_for_every_worker_before_anyone_asks_and_again_after_new_data(
        browser, idle, served_ahead, tmp_path):
    base, run_dir, proc, url = served_ahead
    log = _ready_walks(run_dir, 1, "ahead: stored:")
    # On each worker, 10/2026's 8 dashboard pages and meeting mode (9 views); the 34 provinces' and
    # 17 ministries' scorecards of 10/2026 dealt out between the two (26 and 25), and 09/2026 on one,
    # 08/2026 on the other (9 views each), built once into the store: 44 + 43 = 87 views.
    assert "ready: 87 views on 2 worker(s)" in log, log
    # Then, into the shared piece store, the 8 pages once of: 07, 06, 05 and 04/2026; the quarters
    # (Q4, Q3 and Q2) and the year 2026 holding a month from 04/2026 on; and 10, 09 and 08/2026,
    # those three quarters and the year compared with a year earlier. 15 periods × 8 = 120 views,
    # each group split in two runs of consecutive periods, one a worker: 07 and 06 on one, 05 and
    # 04 on the other.
    assert "stored: 120 views of older months, quarters, years and a year earlier" in log, log
    assert stat.S_IMODE((run_dir / "pieces").stat().st_mode) == 0o700  # the store the workers share
    # The start's warm-up opened the default view on each worker, so its 7 other pages were opened
    # next on the first worker that noted it (the other reads them from the store); no view the
    # preparation opened itself was noted (it says who it is).
    followed = [line for line in log.splitlines() if " followed " in line]
    assert len(followed) == 1, log
    assert all(line.startswith(f"ahead: followed /?{DEFAULT_VIEW} on http://127.0.0.1:")
               and ": 7 other page(s) in " in line for line in followed), followed
    # --ahead 3 prepares 10/2026, 09/2026 and 08/2026. The start's warm-up opens 10/2026 only, which
    # reads 09/2026 for its comparison, so 08/2026 is a month only the preparation opened, on one
    # worker: the other reads what it filed in the store.
    # 06/2026 is then built by one worker only; the other never reads it, not even as the month
    # another one is compared with (07 and 06 are on the first, 05 is compared with 04).
    prepared, stored, not_prepared = "2026-08", "2026-06", "2026-02"
    before = {m: _national_on_time(url, m) for m in (prepared, stored)}
    assert "0,0%" not in before.values()
    for month in (prepared, stored, not_prepared):
        _rewrite(url, month, on_time=False)  # read now, any of them would show 0 of N on time: 0,0 %

    ctx_a, ctx_b = _browsers_on_two_workers(browser, base, run_dir)
    tabs = [ctx_a.new_page(), ctx_b.new_page()]
    for tab in tabs:
        tab.goto(f"{base}/?to={not_prepared}", wait_until="domcontentloaded")
        _settle(tab, idle)
        assert _on_time_value(tab) == "0,0%"  # built now, from the rewritten rows
        for month in (prepared, stored):
            tab.goto(f"{base}/?to={month}", wait_until="domcontentloaded")
            _settle(tab, idle)
            # built before anyone asked, from the rows as they were; 06/2026 by one worker only,
            # and the other reads what it filed
            assert _on_time_value(tab) == before[month], month

    # A view nobody prepared, opened on the first worker: its first page is built now, and its 7
    # other pages next, on that worker, into the store. So the other worker's first visitor of one of
    # them reads it from there, made from the rows as they were when it was opened. No view either
    # worker has opened reads 05/2025's figures (the recent months compared with a year earlier read
    # 10, 09 and 08/2025).
    followed = "2025-05"
    worker_a = _upstream_of(run_dir, _route_cookie(ctx_a))
    tabs[0].goto(f"{base}/?to={followed}", wait_until="domcontentloaded")
    _settle(tabs[0], idle)
    _ready_walks(run_dir, 1, f"followed /?{DEFAULT_VIEW.replace('2026-10', followed)} on http://{worker_a}: "
                             "7 other page(s)")
    original = _national_on_time(url, followed)
    _rewrite(url, followed, on_time=False)
    tabs[1].goto(f"{base}/dossiers?to={followed}", wait_until="domcontentloaded")
    _settle(tabs[1], idle)
    assert _on_time_value(tabs[1]) == original != "0,0%"
    tabs[1].goto(f"{base}/dossiers?to={followed}&cmp=yoy", wait_until="domcontentloaded")
    _settle(tabs[1], idle)
    assert _on_time_value(tabs[1]) == "0,0%"  # a view nobody opened before: built now, from the rows as they are

    corrected = tmp_path / "hanoi-oct.csv"  # new data through the importer: every worker forgets
    corrected.write_text(CORRECTION, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "data", "import", str(corrected)], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    log = _ready_walks(run_dir, 2)
    assert "new data; preparing again" in log
    _rewrite(url, prepared, on_time=True)  # read now, the month would show N of N on time: 100,0 %
    for tab in tabs:  # prepared again after the import, from the rows then: 0 of N on time
        tab.goto(f"{base}/?to={prepared}", wait_until="domcontentloaded")
        _settle(tab, idle)
        assert _on_time_value(tab) == "0,0%"
    for ctx in (ctx_a, ctx_b):
        ctx.close()

    helper = [int(line.split()[2]) for line in (run_dir / "pids").read_text().splitlines()
              if line.startswith("ahead ")]
    assert len(helper) == 1 and _alive(helper[0])
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=90) == 0
    deadline = time.monotonic() + 10
    while _alive(helper[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(helper[0])
    assert not (run_dir / "pieces").exists()  # the start's own store goes with it


def test_a_worker_that_starts_late_is_prepared_once_it_answers(demo_url, tmp_path, monkeypatch):
    """`deploy.ahead` started before its worker: it says the worker was not reached, tries again, and
    prepares it once it answers; with no new data it prepares everything again once `--refresh`
    seconds have passed (what the workers keep expires). With `--no-follow`, a view someone opened
    that the worker had to build stays noted: its next pages are left to be built when asked for."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from browser_support import streamlit_server
    from deploy.stream_client import open_page, stream_url
    from pages import next_views, piece_store
    from pages.next_views import Wanted

    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))  # the worker's, ahead's and ours
    port = free_port()
    log_path = tmp_path / "ahead.log"
    with log_path.open("w") as log:
        ahead = subprocess.Popen([sys.executable, "-m", "deploy.ahead", "--months", "1", "--retry", "2",
                                  "--refresh", "3", "--no-follow", f"127.0.0.1:{port}"], cwd=ROOT, stdout=log,
                                 stderr=subprocess.STDOUT,
                                 env={**os.environ, "DATABASE_URL": demo_url, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while "not reached" not in log_path.read_text():
            assert ahead.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        assert "ConnectionRefusedError" in log_path.read_text()
        with streamlit_server(demo_url, "e2e-late-worker.log", port=port):
            deadline = time.monotonic() + 2 * START_TIMEOUT_S
            # 10/2026: the 8 dashboard pages, meeting mode and the 51 scorecards = 60 views
            while log_path.read_text().count("ready: 60 views on 1 worker(s)") < 2:
                assert ahead.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.5)
            # a person opens a view nobody prepared; the walks go on every 3 s, the queue is
            # looked at before each view of a walk and every half second between them
            with ThreadPoolExecutor(1) as pool:  # a thread of its own: Playwright may hold this one's event loop
                pool.submit(asyncio.run, open_page(stream_url(f"http://127.0.0.1:{port}"), LOAD_TIMEOUT_S, "",
                                                   "lang=en&to=2025-05")).result()
            walks = log_path.read_text().count("ready: 60 views")
            deadline = time.monotonic() + 2 * START_TIMEOUT_S
            while log_path.read_text().count("ready: 60 views") < walks + 2:
                assert ahead.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.5)
            assert next_views.taken() == [Wanted(port, "", "lang=en&pk=month&to=2025-05&cmp=prev&b=auto&scope=national")]
            next_views.close()
            piece_store.close()
        text = log_path.read_text()
        assert text.index("has expired on the workers; preparing again") > text.index("ready: 60 views"), text
        assert " followed " not in text
    finally:
        ahead.terminate()
        ahead.wait(timeout=30)
