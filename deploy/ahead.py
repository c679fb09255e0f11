"""Views prepared before anyone asks: every page of the recent months and their meeting mode, and
the latest month's scorecard of every province and ministry, as soon as the workers are up, and
again as soon as the warehouse's data changes. The newest month's pages are opened on each worker;
the scorecards and the other recent months are shared out among the workers of a machine, each
built once, on one of them, into the piece store they share, which the others read
(`recent_views`; with no store, `PIECE_STORE_DIR` unset here, every worker builds every view). A
meeting that moves to last quarter, or the 34 provinces opening their scorecards the morning a
month is published, then finds each view already built on whichever worker it reaches, instead of
waiting for the first person to build it.

    python -m deploy.ahead [--months 12] [--older 0] [--poll 5] [--refresh 3660] [--retry 30] [--once]
                           [--no-follow] WORKER [WORKER ...]

WORKER is a Streamlit worker's address (`127.0.0.1:8501`, or `http://host:port`), asked directly,
not through nginx. `deploy/serve.sh` starts this beside its workers (`--ahead MONTHS`, 0 to turn it
off). Each view is asked for the way a person opening a link asks for it: a new session
(`deploy.stream_client`) opening `/PAGE?to=YYYY-MM` (`/?mode=meeting&to=…`,
`/scorecard?to=…&agency=CODE`), so the worker builds and keeps exactly what that person's run
reads. One view at a time per worker, the newest first: a room arriving meanwhile shares the worker
with one preparing session.

With `--older MONTHS` (serve.sh gives 120), it then builds, once per machine and spread over that
machine's workers, the pages of the MONTHS months before the recent ones, of every quarter and year
holding one of them or a later one (`?pk=quarter&to=…`), and of the recent months, quarters and
years compared with a year earlier (`&cmp=yoy`) into the piece store the machine's workers share
(`pages.piece_store`), again when the data or the day changes.

With a piece store, a worker notes each view a person opened whose page it had to build
(`pages.next_views`); between the views of a walk, and every half second while it waits, this opens
such a view's other dashboard pages on that worker (`Follower`), before the person clicks on to them.
Its own sessions send `X-Prepared-Ahead`, so the views it prepares are never noted. `--no-follow`:
not this.

The warehouse is the one the workers use (`DATABASE_URL`, or the embedded default). Its data stamp
(`data.database.data_stamp`) is read every `--poll` seconds and between views: when it moves (an
import from the command line, the Submit page, another machine), the workers forget what they kept
at their next run and the preparation starts again from the newest view. With no new data it starts
again once what it prepared has expired on the workers (`--refresh`, an hour and a minute). A worker
that cannot be reached (not started yet, restarting) is tried again every `--retry` seconds.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data.agencies import codes_valid_in  # noqa: E402
from data.database import data_stamp, dataset_facts  # noqa: E402
from data.engine import make_engine  # noqa: E402
from deploy.stream_client import PageError, failure, open_page, stream_url  # noqa: E402
from metrics.periods import Period, add_months  # noqa: E402
from pages import next_views, piece_store  # noqa: E402

MAX_MONTHS = 120
LOAD_TIMEOUT_S = 300
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
FOLLOW_POLL_S = 0.5
"""Between walks, how often the views people opened that had to be built are looked for."""
FOLLOW_REST = 1.0
"""After opening a view's next page, the follower rests this many times as long as the page took: it
takes at most half of a worker busy with the people it serves."""
HEADERS = {next_views.AHEAD_HEADER: "1"}
"""Sent on every session this opens, so the workers do not note the views it prepares."""
REFRESH_S = 3660
"""The workers keep what they built an hour (`pages.cached_reads.CACHE_TTL`), counted from when it
was built: a minute after that, the views are prepared again, or the next room would find them
gone."""


@dataclass(frozen=True)
class View:
    """One view to prepare: a page's URL path ("" for the default page) and its query string."""
    path: str
    query: str

    def __str__(self) -> str:
        return f"/{self.path}?{self.query}"


def months_back(last: str, first: str, count: int) -> list[str]:
    """The `count` months up to `last`, newest first, none before `first`."""
    out = []
    month = last
    while len(out) < count and month >= first:
        out.append(month)
        month = add_months(month, -1)
    return out


def month_views(paths: list[str], month: str) -> list[View]:
    """Every page of the month, then its meeting mode."""
    return [View(p, f"to={month}") for p in paths] + [View("", f"mode=meeting&to={month}")]


def scorecards(month: str, agencies: list[str]) -> list[View]:
    """The scorecard of each agency in the month."""
    return [View("scorecard", f"to={month}&agency={code}") for code in agencies]


def recent_views(paths: list[str], months: list[str], agencies: list[str], workers: int) -> list[list[View]]:
    """What each of the `workers` workers of one machine prepares, in order: every page of the newest
    month and its meeting mode (on every worker: the view most people open, kept in each one's
    memory), then a share of that month's scorecards (every `workers`-th agency), then a run of the
    other months, newest first, each month's pages and meeting mode. (Meeting mode's slides show the
    pages' own pieces; its first slide, the overview, draws the map in 3D, which the page does not.)
    The scorecards and the other months are each built once, on one worker, into the machine's
    piece store, which the other workers read (as `older_views`); a run is consecutive months, so a
    worker building a month has the one it is compared with (the one before) already read."""
    count = max(1, workers)
    if not months:
        return [[] for _ in range(count)]
    cards = scorecards(months[0], agencies)
    runs = _runs(months[1:], count)
    return [month_views(paths, months[0]) + cards[i::count] + [v for m in runs[i] for v in month_views(paths, m)]
            for i in range(count)]


def _runs(items: list, count: int) -> list[list]:
    """`items` split into `count` runs of consecutive items, the first runs one longer when needed."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def quarters_and_years(start: str, last: str) -> list[str]:
    """The query of every quarter, then every year, that holds a month from `start` to `last`, newest
    first (`pk=quarter&to=YYYY-MM`, `pk=year&to=YYYY-MM`), its `to` being its last month with data."""
    def newest_first(kind: str, months_in: int) -> list[str]:
        out, end = [], last
        while end >= start:
            out.append(f"pk={kind}&to={end}")
            month = int(end[5:7])
            end = add_months(end, -((month - 1) % months_in + 1))  # the last month of the one before
        return out
    return newest_first("quarter", 3) + newest_first("year", 12)


def older_views(paths: list[str], groups: list[list[str]], workers: int) -> list[list[View]]:
    """The pages (no meeting mode, no scorecards) of each group of periods (queries such as
    `to=2026-07` or `pk=quarter&to=2026-09`, newest first), for the `workers` workers of one machine:
    each group is split into runs of consecutive periods, one run a worker, so each view is built
    once, by one of them, into the machine's piece store, which the others read. Consecutive, so a
    worker building a period has the one it is compared with (the one before) already read."""
    count = max(1, workers)
    runs = [_runs(list(group), count) for group in groups]
    return [[View(p, q) for group_runs in runs for q in group_runs[i] for p in paths] for i in range(count)]


def stored_groups(recent: list[str], older: list[str], last: str) -> list[list[str]]:
    """What is built into the piece store after the recent months: the older months, the quarters and
    years holding one of those months or a later one, then the recent months, quarters and years
    compared with the same period a year earlier (`cmp=yoy`, the comparison of most reports)."""
    periods = quarters_and_years((older or recent)[-1], last)
    return [[f"to={m}" for m in older], periods, [f"to={m}&cmp=yoy" for m in recent] + [f"{q}&cmp=yoy" for q in periods]]


def machines_of(bases: list[str]) -> dict[str, list[str]]:
    """The workers grouped by host, in their order: the workers of one machine share its piece store,
    so each machine is given every older view once."""
    machines: dict[str, list[str]] = {}
    for base in bases:
        machines.setdefault(urlsplit(base).hostname or base, []).append(base)
    return machines


def shares(bases: list[str]) -> dict[str, tuple[int, int]]:
    """Each worker's share of the recent views (`recent_views`): (its place among the workers of its
    machine, how many they are). Shared out only when there is a store to share (this process is
    given the one serve.sh gives the workers); otherwise every worker builds every view itself."""
    if piece_store.directory() is None:
        return {b: (0, 1) for b in bases}
    return {b: (i, len(group)) for group in machines_of(bases).values() for i, b in enumerate(group)}


def agencies_of(month: str) -> list[str]:
    """The provinces and ministries in force in the month, whose scorecards are prepared."""
    return sorted(codes_valid_in(month, ("province", "ministry")))


def worker_base(address: str) -> str:
    """`http://host:port` for a worker given as `host:port` or as a URL."""
    address = address.rstrip("/")
    return address if address.startswith(("http://", "https://")) else f"http://{address}"


def log(text: str) -> None:
    print(f"ahead: {text}", flush=True)


async def page_paths(base: str) -> list[str]:
    """The URL paths of the dashboard's pages in the worker's navigation ("" for the default): those
    listed under no heading (the access pages, under their own, are for a few signed-in people)."""
    session = await open_page(stream_url(base), LOAD_TIMEOUT_S, headers=HEADERS)
    return list(dict.fromkeys("" if path in ("", "home") else path for path, _ in session.pages
                              if not session.sections.get(path)))


@dataclass
class Outcome:
    """One worker's part of a walk."""
    opened: int = 0
    errors: list[str] = field(default_factory=list)
    unreachable: bool = False  # the worker could not be reached, or went away during the walk


async def prepare(base: str, plan: list[View], moved: Callable[[], bool],
                  follower: Follower | None = None, rest: float = 0.0) -> Outcome:
    """Open each view of the plan on one worker, one after the other, until done or until `moved()`
    says the data changed; before each, the next pages of views people opened on the worker
    (`follower`), which they are about to ask for. After each view, wait `rest` times as long as it
    took."""
    out = Outcome()
    for view in plan:
        if moved():
            break
        if follower is not None:
            await follower.follow(base)
        try:
            t0 = time.monotonic()
            await open_page(stream_url(base), LOAD_TIMEOUT_S, view.path, view.query, headers=HEADERS)
            out.opened += 1
            if rest:
                await asyncio.sleep(rest * (time.monotonic() - t0))
        except PageError as exc:
            out.errors.append(f"{view}: {exc}")
        except Exception as exc:  # the worker is gone or refuses: the rest of the plan would fail too
            out.errors.append(f"{view}: {failure(exc)}")
            out.unreachable = True
            break
    return out


class Follower:
    """The next pages of views people opened that had to be built (`pages.next_views`, noted by the
    workers of this machine in the piece store's directory): each such view's other dashboard pages
    are opened on the worker it was opened on, which keeps them and files them in the store, before
    the person clicks on to them. A view is followed once per data stamp and day, on the first worker
    that noted it (the others read its pages from the machine's store), taking at most half of that
    worker's time (`FOLLOW_REST`)."""

    def __init__(self, bases: list[str]):
        self.by_port = {urlsplit(b).port: b for b in bases if urlsplit(b).hostname in LOCAL_HOSTS}
        self.pending: dict[str, list[next_views.Wanted]] = {}
        self.followed: set[str] = set()
        self.key = None
        self.paths: list[str] | None = None

    def take(self, key) -> bool:
        """Take the views noted since the last call (`key`: the data stamp and the day; when it moves,
        what was followed may be followed again): whether any is waiting."""
        if key != self.key:
            self.key, self.followed, self.pending = key, set(), {}
        for wanted in next_views.taken():
            base = self.by_port.get(wanted.port)
            if base is None or wanted.query in self.followed:
                continue
            self.followed.add(wanted.query)
            self.pending.setdefault(base, []).append(wanted)
        return any(self.pending.values())

    async def follow(self, base: str) -> int:
        """Open the next pages of the views waiting for this worker: how many pages failed."""
        self.take(self.key)
        failed = 0
        for wanted in self.pending.pop(base, []):
            t0 = time.monotonic()
            try:
                if self.paths is None:
                    self.paths = await page_paths(base)
            except Exception as exc:
                log(f"{base}: the navigation: {failure(exc)}")
                return failed + 1
            plan = [View(p, wanted.query) for p in self.paths if p != wanted.path]
            done = await prepare(base, plan, lambda: False, rest=FOLLOW_REST)
            errors, _ = _reported([base], [done])
            failed += errors
            log(f"followed /{wanted.path}?{wanted.query} on {base}: {done.opened} other page(s) in "
                f"{time.monotonic() - t0:.1f} s" + (f", {errors} failed" if errors else ""))
            if done.unreachable:
                self.pending.pop(base, None)
                break
        return failed

    async def follow_all(self) -> None:
        await asyncio.gather(*(self.follow(b) for b in list(self.pending)))


class Warehouse:
    """The workers' warehouse: its data stamp and its months with data."""

    def __init__(self):
        self.engine = make_engine()

    def stamp(self):
        try:
            return data_stamp(self.engine)
        except Exception as exc:  # unreachable for a moment: nothing to compare with
            return ("unreadable", type(exc).__name__)

    def months(self) -> tuple[str | None, str | None]:
        facts = dataset_facts(self.engine)
        return facts["first_month"], facts["last_month"]


async def walk(bases: list[str], months: int, warehouse: Warehouse, stamp,
               older: int = 0, follower: Follower | None = None) -> tuple[bool, int, list[str]]:
    """Prepare the recent months on every worker side by side, each its share (`recent_views`), then
    (with `older`) the pages of `stored_groups` (up to `older` months before those, the quarters and
    years, comparisons with a year earlier), each on one worker of each machine reached: (whether it
    ran to its end with the data unchanged, how many views failed, the workers that could not be
    reached)."""
    try:
        first, last = warehouse.months()
    except Exception as exc:
        log(f"the warehouse cannot be read ({type(exc).__name__}); trying again")
        return False, 0, []
    if last is None:
        log("the warehouse holds no data yet; nothing to prepare")
        return True, 0, []
    chosen = months_back(last, first, months)
    agencies = agencies_of(last)
    t0 = time.monotonic()
    checked = {"at": 0.0, "moved": False}

    def moved() -> bool:  # the stamp, read at most twice a second whatever the number of workers
        if not checked["moved"] and time.monotonic() - checked["at"] >= 0.5:
            checked["at"] = time.monotonic()
            checked["moved"] = warehouse.stamp() != stamp
        return checked["moved"]

    share = shares(bases)

    async def one(base: str) -> Outcome:
        try:
            paths = await page_paths(base)
        except Exception as exc:
            return Outcome(errors=[f"the navigation: {failure(exc)}"], unreachable=True)
        i, count = share[base]
        return await prepare(base, recent_views(paths, chosen, agencies, count)[i], moved, follower)

    span = Period(chosen[-1], chosen[0]).label("en")
    log(f"preparing {len(chosen)} month(s) ({span}) and {len(agencies)} scorecards of "
        f"{Period.month(last).label('en')} on {len(bases)} worker(s), the newest month's pages on each, "
        f"the rest once per machine")
    results = await asyncio.gather(*(one(b) for b in bases))
    failed, unreachable = _reported(bases, results)
    if moved():
        log("new data while preparing; starting again")
        return False, failed, unreachable
    log(f"ready: {sum(r.opened for r in results)} views on {len(bases)} worker(s) in {time.monotonic() - t0:.1f} s"
        + (f", {failed} failed" if failed else ""))
    reached = [b for b in bases if b not in unreachable]
    if not older or not reached:
        return True, failed, unreachable
    rest = months_back(add_months(chosen[-1], -1), first, older)
    t1 = time.monotonic()
    try:
        paths = await page_paths(reached[0])
    except Exception as exc:
        log(f"{reached[0]}: the navigation: {failure(exc)}")
        return True, failed + 1, unreachable + [reached[0]]
    machines = machines_of(reached)
    groups = stored_groups(chosen, rest, last)
    jobs = [(b, plan) for group in machines.values()
            for b, plan in zip(group, older_views(paths, groups, len(group)))]
    log(f"storing the pages of {len(rest)} older month(s), {len(groups[1])} quarter(s) and year(s), and "
        f"{len(groups[2])} period(s) compared with a year earlier on {len(machines)} machine(s), {len(jobs)} worker(s)")
    stored = await asyncio.gather(*(prepare(b, plan, moved, follower) for b, plan in jobs))
    stored_failed, stored_unreachable = _reported([b for b, _ in jobs], stored)
    failed, unreachable = failed + stored_failed, unreachable + stored_unreachable
    if moved():
        log("new data while preparing; starting again")
        return False, failed, unreachable
    log(f"stored: {sum(r.opened for r in stored)} views of older months, quarters, years and a year earlier in "
        f"{time.monotonic() - t1:.1f} s" + (f", {stored_failed} failed" if stored_failed else ""))
    return True, failed, unreachable


def _reported(bases: list[str], results: list[Outcome]) -> tuple[int, list[str]]:
    """Each worker's failed views logged: (how many failed, the workers that could not be reached)."""
    for base, r in zip(bases, results):
        for e in r.errors:
            log(f"{base}: {e}")
    return sum(len(r.errors) for r in results), [b for b, r in zip(bases, results) if r.unreachable]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.ahead", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workers", nargs="+", metavar="WORKER", help="a worker's host:port (or http://host:port)")
    ap.add_argument("--months", type=int, default=12, help=f"recent months to prepare, 1 to {MAX_MONTHS} (default 12)")
    ap.add_argument("--older", type=int, default=0,
                    help=f"months before those whose pages are built once per machine, each on one worker, into the "
                         f"workers' piece store (PIECE_STORE_DIR), with the quarters and years and the comparisons "
                         f"with a year earlier; 0 to {MAX_MONTHS} (default 0: none of them)")
    ap.add_argument("--poll", type=float, default=5.0, help="seconds between two reads of the data stamp (default 5)")
    ap.add_argument("--refresh", type=float, default=REFRESH_S,
                    help=f"seconds after which, with no new data, everything is prepared again (default {REFRESH_S}: "
                         "the workers keep what they built an hour)")
    ap.add_argument("--retry", type=float, default=30.0,
                    help="seconds before a worker that could not be reached is tried again (default 30)")
    ap.add_argument("--once", action="store_true", help="prepare once and exit (1 if a view failed)")
    ap.add_argument("--no-follow", action="store_true",
                    help="do not open the other pages of views people opened that had to be built")
    args = ap.parse_args(argv)
    if not 1 <= args.months <= MAX_MONTHS or not 0 <= args.older <= MAX_MONTHS:
        ap.error(f"--months: 1 to {MAX_MONTHS}; --older: 0 to {MAX_MONTHS}")
    if not 0.5 <= args.poll <= 3600 or not 1 <= args.retry <= 3600 or not 1 <= args.refresh <= 86400:
        ap.error("--poll: 0.5 to 3600 seconds; --retry: 1 to 3600 seconds; --refresh: 1 to 86400 seconds")
    bases = [worker_base(w) for w in args.workers]
    warehouse = Warehouse()
    stamp = warehouse.stamp()
    walking, started, stored_for = bases, time.monotonic(), None
    follower = None if args.once or args.no_follow else Follower(bases)

    def between() -> None:  # while waiting: the next pages of views people opened meanwhile
        if follower is not None and follower.take((stamp, date.today())):
            asyncio.run(follower.follow_all())

    while True:
        # The older months once per data and day (the store files pieces under both); an hourly
        # refresh only prepares the recent months again in the workers' memory.
        day = date.today()
        older = args.older if stored_for != (stamp, day) else 0
        if follower is not None:
            follower.take((stamp, day))
        done, failed, unreachable = asyncio.run(walk(walking, args.months, warehouse, stamp, older, follower))
        if done and walking == bases:
            stored_for = (stamp, day)
        if args.once:
            return 0 if done and not failed else 1
        if not done:  # newer data meanwhile, or the warehouse unreadable: every worker, from the start
            time.sleep(args.poll)
        elif unreachable:  # a worker starting late or restarted: it alone again soon, unless new data comes
            log(f"{len(unreachable)} worker(s) not reached; trying again in {args.retry:g} s")
            if not changed(warehouse, stamp, args.retry, args.poll, between):
                walking = unreachable
                continue
            log("new data; preparing again")
        elif not changed(warehouse, stamp, max(0.0, started + args.refresh - time.monotonic()), args.poll, between):
            log(f"what was prepared {args.refresh:g} s ago has expired on the workers; preparing again")
        else:
            log("new data; preparing again")
        walking, started, stamp = bases, time.monotonic(), warehouse.stamp()


def changed(warehouse: Warehouse, stamp, within_s: float, poll_s: float,
            between: Callable[[], None] | None = None) -> bool:
    """Wait until the data stamp moves (True), or until `within_s` seconds have passed (False),
    reading the stamp every `poll_s` seconds and calling `between()` every `FOLLOW_POLL_S`."""
    until = time.monotonic() + within_s
    read_at = 0.0
    while True:
        now = time.monotonic()
        if now >= read_at:
            if warehouse.stamp() != stamp:
                return True
            read_at = now + poll_s
        if now >= until:
            return False
        if between is not None:
            between()
        time.sleep(max(0.0, min(FOLLOW_POLL_S if between is not None else poll_s, until - now, read_at - now)))


if __name__ == "__main__":
    sys.exit(main())
