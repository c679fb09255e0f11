"""Missing is null, months after the latest data are "not yet reported", periods and review dates in
the future are refused, and ranks are decided on the values as shown."""
from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from data import schema
from factories import dossier, task
from metrics import formatting
from metrics.__main__ import main
from metrics.periods import FuturePeriodError, Period, refuse_future
from metrics.queries import metric_trend, metric_value
from metrics.ranking import band, rank_agencies
from metrics.ranking_export import display_table
from metrics.scope import Scope

P = Period.between
TODAY = date(2026, 11, 30)
REPO = Path(__file__).resolve().parents[2]


# --- 4. months after the latest data, and months in the future -----------------------------------

def _data_through_october(add_rows):
    # the latest data is 10/2026: Hà Nội reported September and October, Hà Giang... nothing
    add_rows(schema.dossiers, [dossier("01", "2026-09", received=50), dossier("01", "2026-10", received=70),
                               dossier("08", "2026-10", received=5)])


def test_a_month_after_the_latest_data_is_not_yet_reported(engine, add_rows):
    _data_through_october(add_rows)
    r = metric_value(engine, "dossiers_received", Period.month("2026-11"), Scope.of_agency("01"), lang="en")
    assert (r.value, r.numerator, r.status) == (None, None, "not_yet_reported")
    assert (r.rows_expected, r.rows_not_yet_reported, r.missing, r.data_through) == (1, 1, 0, "2026-10")
    assert r.notes == ["not yet reported (data through 10/2026)"]
    # a month within the data that an agency skipped is a different thing: it did not report
    r = metric_value(engine, "dossiers_received", Period.month("2026-09"), Scope.of_agency("08"), lang="en")
    assert (r.status, r.missing, r.rows_not_yet_reported) == ("no_data", 1, 0)
    assert "no data" in r.notes and not any("not yet" in n for n in r.notes)


def test_a_period_running_past_the_latest_data_says_which_months_are_not_yet_reported(engine, add_rows):
    _data_through_october(add_rows)
    r = metric_value(engine, "dossiers_received", P("2026-10", "2026-11"), Scope.of_agency("01"), lang="en")
    assert r.value == 70  # October only; November is not yet reported, not counted as missing
    assert (r.rows_reported, r.rows_expected, r.rows_not_yet_reported, r.missing) == (1, 2, 1, 0)
    assert r.status == "reported_so_far"
    assert r.notes == ["not yet reported: 11/2026 (data through 10/2026)"]
    trend = metric_trend(engine, "dossiers_received", P("2026-09", "2026-11"), Scope.of_agency("01"))
    assert list(trend["not_yet_reported"]) == [False, False, True]


def test_periods_and_review_dates_in_the_future_are_refused():
    refuse_future(Period.month("2026-11"), date(2026, 11, 30), TODAY)  # this month and today: allowed
    with pytest.raises(FuturePeriodError, match="12/2026"):
        refuse_future(Period.month("2026-12"), None, TODAY, "en")
    with pytest.raises(FuturePeriodError, match="01/12/2026"):
        refuse_future(None, date(2026, 12, 1), TODAY, "en")


@pytest.mark.parametrize("args, words", [
    (["value", "dossiers_received", "--from", "2099-01", "--to", "2099-01"], "01/2099"),
    (["value", "dossiers_received", "--from", "2026-09", "--to", "2027-03"], "09/2026–03/2027"),
    (["value", "task_overdue_rate", "--to", "2026-10", "--as-of", "2027-06-30"], "30/06/2027"),
    (["rank", "dossier_on_time_rate", "--kind", "province", "--to", "2026-12"], "12/2026"),
])
def test_cli_refuses_the_future_in_one_line(engine, monkeypatch, capsys, scratch_url, args, words):
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    assert main([*args, "--lang", "en", "--json"], today=TODAY) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "future (today is 30/11/2026)" in lines[0]


def test_cli_answers_the_current_month_as_not_yet_reported(engine, add_rows, monkeypatch, capsys, scratch_url):
    _data_through_october(add_rows)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    assert main(["value", "dossiers_received", "--agency", "01", "--to", "2026-11", "--json"], today=TODAY) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["value"], out["rows_not_yet_reported"]) == ("not_yet_reported", None, 1)


# --- 5. missing is null throughout -----------------------------------------------------------------

def test_missing_values_have_null_counts(engine, add_rows, monkeypatch, capsys, scratch_url):
    add_rows(schema.dossiers, [dossier("01", "2020-02", on_time=9, late=1)])
    r = metric_value(engine, "dossier_on_time_rate", Period.month("2020-01"), Scope.of_agency("01"))
    assert (r.value, r.numerator, r.denominator) == (None, None, None)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    assert main(["value", "dossiers_received", "--agency", "02", "--to", "2020-01", "--json"], today=TODAY) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["value"], out["numerator"], out["denominator"]) == (None, None, None)
    # in frames: a month without data has NaN counts, never 0
    trend = metric_trend(engine, "dossier_on_time_rate", P("2020-01", "2020-02"), Scope.of_agency("01"))
    assert math.isnan(trend["numerator"].iloc[0]) and math.isnan(trend["value"].iloc[0])
    assert (trend["numerator"].iloc[1], trend["denominator"].iloc[1]) == (9, 10)


def test_a_reported_zero_is_zero_and_its_rate_says_why_it_has_none(engine, add_rows):
    # tasks: one task assigned, none done yet: the counts are real zeros, reported as 0
    add_rows(schema.tasks, [task("T1", "01", date(2020, 1, 5), due=date(2020, 3, 1))])
    r = metric_value(engine, "task_on_time_rate", Period.month("2020-01"), Scope.of_agency("01"), lang="en")
    # on time 0 of 0 done: no rate, and the note says the denominator is 0
    assert (r.value, r.numerator, r.denominator) == (None, 0, 0)
    assert "denominator is 0: no rate" in r.notes


# --- 6. ties as displayed ----------------------------------------------------------------------------

def test_ranks_are_decided_on_the_shown_precision(engine, add_rows):
    add_rows(schema.dossiers, [
        dossier("01", "2020-01", on_time=9804, late=196),  # 98.04% → shown 98,0%
        dossier("02", "2020-01", on_time=9796, late=204),  # 97.96% → shown 98,0%: a tie with 01
        dossier("04", "2020-01", on_time=393, late=7),  # 98.25% → shown 98,3% (half up)
        dossier("06", "2020-01", on_time=983, late=17),  # 98.30% → shown 98,3%: a tie with 04
        dossier("08", "2020-01", on_time=970, late=30),  # 97.00% → 97,0%
    ])
    r = rank_agencies(engine, "dossier_on_time_rate", "province", Period.month("2020-01"), boundary="63")
    ranked = r.dropna(subset=["rank"]).set_index("agency")
    # 98,3 98,3 98,0 98,0 97,0 → ranks 1 1 3 3 5 (two decimals would give 1 2 3 4 5)
    assert dict(ranked["rank"]) == {"06": 1, "04": 1, "01": 3, "02": 3, "08": 5}
    assert dict(ranked["shown_value"]) == {"06": 98.3, "04": 98.3, "01": 98.0, "02": 98.0, "08": 97.0}
    shown = display_table(r, "dossier_on_time_rate", "vi").head(5)
    pairs = list(zip(shown["rank"], shown["value"]))
    for rank_a, value_a in pairs:
        for rank_b, value_b in pairs:
            assert (rank_a == rank_b) == (value_a == value_b), (rank_a, value_a, rank_b, value_b)


def test_precision_is_decided_once():
    assert formatting.shown_digits(None) == formatting.POINTS_DIGITS == 2
    assert formatting.rounded(98.25, 1) == 98.3  # half up, as the table shows it
    assert formatting.number(89.996, "vi", formatting.POINTS_DIGITS) == "90,00"
    # a band follows the points as shown: 89,996 shows as 90,00, so Xuất sắc (≥ 90), not Tốt
    assert band(89.996) == "Xuất sắc"


# --- 17. a database that cannot be reached -------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["value", "dossiers_received", "--to", "2026-01"],
                                     ["rank", "dossier_on_time_rate", "--kind", "province", "--to", "2026-01"]])
def test_unreachable_database_is_one_line_with_the_password_masked(command):
    # nothing listens on a just-freed port: the connection is refused for real
    url = f"postgresql+psycopg://ccgov:s3cret-pw@127.0.0.1:{_free_port()}/ccgov_nowhere"
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "metrics", *command, "--lang", "en"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: cannot reach the database postgresql+psycopg://ccgov:***@127.0.0.1:")
    assert "s3cret-pw" not in done.stderr and "Traceback" not in done.stderr
