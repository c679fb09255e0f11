"""The command lines, run as a user would: `python -m data init --demo`, `python -m metrics list|value|rank`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import postgres_url

REPO = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = {"metric", "value", "numerator", "denominator", "unit", "from", "to", "scope"}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)


def _env(url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture(scope="module")
def cli_env(request, tmp_path_factory) -> dict:
    """Environment pointing at a demo database: initialised by the CLI on SQLite; on PostgreSQL
    the session's demo database (built by the same `init_database`) is reused."""
    if postgres_url():
        return _env(request.getfixturevalue("demo_url"))
    env = _env(f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.sqlite'}")
    done = run(env, "data", "init", "--demo", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "with demo data" in done.stdout
    return env


def metrics_json(env, *args):
    done = run(env, "metrics", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_init_demo_marks_the_database_as_demo(cli_env):
    from data.database import is_demo
    from data.engine import make_engine
    engine = make_engine(cli_env["DATABASE_URL"])
    try:
        assert is_demo(engine)
    finally:
        engine.dispose()


def test_list(tmp_path):
    # the catalog needs no database
    rows = metrics_json(_env(f"sqlite:///{tmp_path / 'none.sqlite'}"), "list")
    assert len(rows) == 19  # 17 KPIs and two official definitions beside them
    assert {r["id"] for r in rows} >= {"dossier_on_time_rate", "task_overdue_rate", "services_on_portal"}
    assert all(r["label_vi"] and r["definition_vi"] and r["unit"] for r in rows)


def test_value_of_lam_dong(cli_env):
    out = metrics_json(cli_env, "value", "dossier_on_time_rate", "--agency", "68", "--from", "2020-01", "--to", "2020-10")
    assert CONTRACT_KEYS <= set(out)
    assert round(out["value"], 2) == 99.49
    assert (out["metric"], out["from"], out["to"], out["unit"]) == ("dossier_on_time_rate", "2020-01", "2020-10", "%")
    assert out["scope"] == "Lâm Đồng"
    assert out["numerator"] <= out["denominator"]


def test_value_accepts_mm_yyyy(cli_env):
    out = metrics_json(cli_env, "value", "documents_sent", "--from", "3/2019", "--to", "07/2019")
    assert (out["from"], out["to"], out["value"]) == ("2019-03", "2019-07", 68_257)


def test_rank_provinces_2020(cli_env):
    rows = metrics_json(cli_env, "rank", "dossier_on_time_rate", "--kind", "province",
                        "--from", "2020-01", "--to", "2020-12")
    assert len(rows) == 63
    assert all(set(r) == {"agency", "name", "value", "rank", "of", "rank_change"} for r in rows)
    assert {r["of"] for r in rows} == {63}
    assert rows[0]["rank"] == 1
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks)
    # 2019 has data too, so every province has a change of rank against it
    assert all(isinstance(r["rank_change"], int) for r in rows)


def test_rank_in_the_34_set(cli_env):
    rows = metrics_json(cli_env, "rank", "dossier_on_time_rate", "--kind", "province",
                        "--from", "2020-01", "--to", "2020-12", "--boundary", "34")
    assert len(rows) == 34
    assert {r["of"] for r in rows} == {34}
    assert "68" in {r["agency"] for r in rows} and "60" not in {r["agency"] for r in rows}


@pytest.mark.parametrize("args, words", [
    (("value", "no_such_metric", "--from", "2020-01"), "no_such_metric"),
    (("rank", "no_such_metric", "--kind", "province", "--from", "2020-01"), "no_such_metric"),
    (("value", "dossier_on_time_rate", "--agency", "99", "--from", "2020-01"), "99"),
    (("value", "dossier_on_time_rate", "--agency", "60", "--from", "2020-01", "--boundary", "34"), "60"),
    (("value", "dossier_on_time_rate", "--from", "2020-13"), "2020-13"),
])
def test_unknown_metric_or_agency_exits_2_without_a_traceback(cli_env, args, words):
    done = run(cli_env, "metrics", *args, "--json")
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_without_a_schema_the_cli_says_what_to_do(tmp_path):
    done = run(_env(f"sqlite:///{tmp_path / 'empty.sqlite'}"), "metrics", "value", "dossier_on_time_rate",
               "--from", "2020-01", "--json")
    assert done.returncode == 2
    assert "python -m data init" in done.stderr
    assert "Traceback" not in done.stderr


def test_as_of_for_task_metrics(cli_env):
    base = ("value", "task_completion_rate", "--agency", "68", "--from", "2020-01", "--to", "2020-10")
    out = metrics_json(cli_env, *base, "--as-of", "2020-10-31")
    # Lâm Đồng: 33 of 77 tasks done at 31 Oct 2020
    assert (out["numerator"], out["denominator"]) == (33, 77)
    assert metrics_json(cli_env, *base) == out  # the default is the end of --to
    # at the end of 2020 more of those tasks are done; and fewer at mid-year (tasks assigned
    # after 30 Jun are not counted yet)
    later = metrics_json(cli_env, *base, "--as-of", "2020-12-31")
    assert later["denominator"] == 77 and later["numerator"] > 33
    earlier = metrics_json(cli_env, *base, "--as-of", "2020-06-30")
    assert earlier["denominator"] < 77
    rows = metrics_json(cli_env, "rank", "task_overdue_rate", "--kind", "ministry", "--from", "2019-01",
                        "--to", "2019-12", "--as-of", "2019-12-31")
    assert len(rows) == 22 and rows[0]["rank"] == 1
