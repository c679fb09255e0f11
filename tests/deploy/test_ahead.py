"""What `deploy.ahead` prepares and in which order, and the options it refuses. That the views are
really built on every worker before anyone asks, and again after new data, is shown with real
workers behind nginx in `tests/e2e/test_serve.py`."""
from __future__ import annotations

import pytest

from deploy.ahead import (REFRESH_S, Follower, View, agencies_of, machines_of, main, months_back, older_views,
                          quarters_and_years, recent_views, shares, stored_groups, worker_base)
from deploy.stream_client import stream_url


def test_months_back_are_newest_first_and_stop_at_the_first_month_with_data():
    assert months_back("2026-02", "2019-01", 4) == ["2026-02", "2026-01", "2025-12", "2025-11"]
    assert months_back("2019-02", "2019-01", 12) == ["2019-02", "2019-01"]
    assert months_back("2026-10", "2026-10", 1) == ["2026-10"]


def test_the_newest_month_and_its_scorecards_come_before_older_months():
    [got] = recent_views(["", "dossiers"], ["2026-10", "2026-09"], ["01", "02"], 1)
    assert got == [View("", "to=2026-10"), View("dossiers", "to=2026-10"), View("", "mode=meeting&to=2026-10"),
                   View("scorecard", "to=2026-10&agency=01"), View("scorecard", "to=2026-10&agency=02"),
                   View("", "to=2026-09"), View("dossiers", "to=2026-09"), View("", "mode=meeting&to=2026-09")]
    assert str(got[3]) == "/scorecard?to=2026-10&agency=01"
    assert recent_views(["", "dossiers"], [], ["01"], 1) == [[]]


def test_the_workers_of_a_machine_share_out_all_but_the_newest_months_pages():
    months = ["2026-10", "2026-09", "2026-08", "2026-07", "2026-06"]
    a, b = recent_views(["", "dossiers"], months, ["01", "02", "03"], 2)
    newest = [View("", "to=2026-10"), View("dossiers", "to=2026-10"), View("", "mode=meeting&to=2026-10")]
    assert a[:3] == b[:3] == newest  # on both: the view most people open
    # the scorecards dealt out one by one, then the other months in two runs of consecutive months
    assert [v.query for v in a[3:]] == ["to=2026-10&agency=01", "to=2026-10&agency=03"] + \
        ["to=2026-09"] * 2 + ["mode=meeting&to=2026-09"] + ["to=2026-08"] * 2 + ["mode=meeting&to=2026-08"]
    assert [v.query for v in b[3:]] == ["to=2026-10&agency=02"] + \
        ["to=2026-07"] * 2 + ["mode=meeting&to=2026-07"] + ["to=2026-06"] * 2 + ["mode=meeting&to=2026-06"]
    # together, every view of the one-worker plan once, the newest month's pages twice
    [alone] = recent_views(["", "dossiers"], months, ["01", "02", "03"], 1)
    assert sorted(map(str, a[3:] + b[3:])) == sorted(map(str, alone[3:])) and len(alone) == 3 + 3 + 4 * 3
    assert recent_views(["rankings"], ["2026-10"], [], 3) == [[View("rankings", "to=2026-10"),
                                                               View("", "mode=meeting&to=2026-10")]] * 3


def test_scorecards_are_those_of_the_agencies_in_force_that_month():
    # After the 2025 mergers: 34 provinces and 17 ministries; before them 63 and 22.
    assert len(agencies_of("2026-10")) == 34 + 17
    assert len(agencies_of("2024-10")) == 63 + 22
    assert "01" in agencies_of("2026-10")  # Hà Nội
    assert agencies_of("2026-10") == sorted(agencies_of("2026-10"))


def test_workers_are_given_as_addresses_or_urls():
    assert worker_base("127.0.0.1:8501") == "http://127.0.0.1:8501"
    assert worker_base("http://10.0.0.11:8501/") == "http://10.0.0.11:8501"
    assert stream_url(worker_base("127.0.0.1:8501")) == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("https://cc.example.vn/dash/") == "wss://cc.example.vn/dash/_stcore/stream"


def test_each_group_of_stored_periods_is_split_into_consecutive_runs_for_the_workers_of_a_machine():
    months = ["to=2026-07", "to=2026-06", "to=2026-05", "to=2026-04", "to=2026-03"]
    periods = ["pk=quarter&to=2026-09", "pk=quarter&to=2026-06", "pk=year&to=2026-09"]
    plans = older_views(["", "dossiers"], [months, periods], 2)
    assert [[v.query for v in plan] for plan in plans] == [
        ["to=2026-07", "to=2026-07", "to=2026-06", "to=2026-06", "to=2026-05", "to=2026-05",
         "pk=quarter&to=2026-09", "pk=quarter&to=2026-09", "pk=quarter&to=2026-06", "pk=quarter&to=2026-06"],
        ["to=2026-04", "to=2026-04", "to=2026-03", "to=2026-03", "pk=year&to=2026-09", "pk=year&to=2026-09"],
    ]
    assert plans[0][:2] == [View("", "to=2026-07"), View("dossiers", "to=2026-07")]
    assert older_views(["rankings"], [months[:2]], 1) == [[View("rankings", "to=2026-07"), View("rankings", "to=2026-06")]]
    assert older_views(["rankings"], [months[:1]], 3) == [[View("rankings", "to=2026-07")], [], []]


def test_the_store_gets_the_older_months_the_quarters_and_years_and_a_year_earlier():
    groups = stored_groups(["2026-10", "2026-09"], ["2026-08", "2026-07"], "2026-10")
    assert groups == [
        ["to=2026-08", "to=2026-07"],
        ["pk=quarter&to=2026-10", "pk=quarter&to=2026-09", "pk=year&to=2026-10"],
        ["to=2026-10&cmp=yoy", "to=2026-09&cmp=yoy", "pk=quarter&to=2026-10&cmp=yoy",
         "pk=quarter&to=2026-09&cmp=yoy", "pk=year&to=2026-10&cmp=yoy"],
    ]
    # no month before the recent ones: the quarters and years of the recent months
    assert stored_groups(["2026-10", "2026-09"], [], "2026-10")[1] == ["pk=quarter&to=2026-10", "pk=quarter&to=2026-09",
                                                                      "pk=year&to=2026-10"]


def test_every_quarter_and_year_holding_a_month_from_the_start_on_ends_at_its_last_month_with_data():
    # 04/2026 to 10/2026: Q4 (October only so far), Q3, Q2; the year 2026 so far
    assert quarters_and_years("2026-04", "2026-10") == ["pk=quarter&to=2026-10", "pk=quarter&to=2026-09",
                                                        "pk=quarter&to=2026-06", "pk=year&to=2026-10"]
    # 01/2019 to 10/2026: 32 quarters (Q1 2019 to Q4 2026) and 8 years
    every = quarters_and_years("2019-01", "2026-10")
    assert len(every) == 40 and every[31] == "pk=quarter&to=2019-03" and every[-1] == "pk=year&to=2019-12"
    assert quarters_and_years("2025-12", "2026-01") == ["pk=quarter&to=2026-01", "pk=quarter&to=2025-12",
                                                        "pk=year&to=2026-01", "pk=year&to=2025-12"]


def test_the_workers_of_each_machine_are_given_the_older_views_together():
    bases = ["http://127.0.0.1:8501", "http://127.0.0.1:8502", "http://10.0.0.11:8501", "https://10.0.0.11:8502",
             "http://10.0.0.12:8501"]
    assert machines_of(bases) == {"127.0.0.1": bases[:2], "10.0.0.11": bases[2:4], "10.0.0.12": bases[4:]}


def test_views_are_prepared_again_just_after_the_workers_forget_them():
    from pages.cached_reads import CACHE_TTL
    assert CACHE_TTL < REFRESH_S <= CACHE_TTL + 120


@pytest.mark.parametrize("args", [["--months", "0", "127.0.0.1:1"], ["--months", "121", "127.0.0.1:1"],
                                  ["--poll", "0.1", "127.0.0.1:1"], ["--retry", "0", "127.0.0.1:1"],
                                  ["--refresh", "0", "127.0.0.1:1"], ["--older", "-1", "127.0.0.1:1"],
                                  ["--older", "121", "127.0.0.1:1"], []])
def test_out_of_range_options_are_refused(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "error" in capsys.readouterr().err


def test_the_next_pages_of_a_view_are_followed_on_its_own_worker_once_per_data(tmp_path, monkeypatch):
    """`Follower.take` hands each noted view to the local worker it was first opened on (by its
    port; a worker on another machine keeps its own store and queue), once per data stamp and day."""
    from pages import next_views, piece_store
    from pages.next_views import Wanted

    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))
    a, b, remote = "http://127.0.0.1:8601", "http://localhost:8602", "http://10.0.0.5:8603"
    follower = Follower([a, b, remote])
    try:
        assert follower.take(("stamp 1", "day 1")) is False  # nothing noted yet
        next_views.ask(8601, "", "to=2025-03")
        next_views.ask(8602, "dossiers", "lang=en&to=2025-03")
        next_views.ask(8601, "tasks", "to=2025-03")  # the same view from another page: followed once
        next_views.ask(8602, "", "to=2025-03")  # the same view on the other worker: it reads the store
        next_views.ask(8603, "", "to=2025-03")  # not a worker of this machine
        assert follower.take(("stamp 1", "day 1")) is True
        assert follower.pending == {a: [Wanted(8601, "", "to=2025-03")],
                                    b: [Wanted(8602, "dossiers", "lang=en&to=2025-03")]}
        follower.pending.clear()  # as `follow` does once it has opened them
        next_views.ask(8601, "", "to=2025-03")  # asked again for the same data: already followed
        assert follower.take(("stamp 1", "day 1")) is False
        next_views.ask(8601, "", "to=2025-03")  # new data: built again, so followed again
        assert follower.take(("stamp 2", "day 1")) is True
        assert follower.pending == {a: [Wanted(8601, "", "to=2025-03")]}
    finally:
        next_views.close()
        piece_store.close()


def test_the_recent_views_are_shared_out_per_machine_only_when_the_workers_have_a_store(monkeypatch, tmp_path):
    bases = ["http://127.0.0.1:8601", "http://10.0.0.2:8501", "http://127.0.0.1:8602", "http://10.0.0.2:8502",
             "http://10.0.0.3:8501"]
    monkeypatch.setenv("PIECE_STORE_DIR", str(tmp_path))
    assert shares(bases) == {"http://127.0.0.1:8601": (0, 2), "http://127.0.0.1:8602": (1, 2),
                             "http://10.0.0.2:8501": (0, 2), "http://10.0.0.2:8502": (1, 2),
                             "http://10.0.0.3:8501": (0, 1)}
    for off in ("", "off"):
        monkeypatch.setenv("PIECE_STORE_DIR", off)
        assert shares(bases) == {b: (0, 1) for b in bases}  # every worker builds every view
