"""`python -m metrics index` on the demo warehouse: one agency's index as JSON, and the ranking."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.__main__ import main
from metrics.index_model import MODEL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(demo_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", demo_url)

    def call(*argv: str):
        code = main(["index", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return call


def test_one_agency_as_json(run):
    code, out, _ = run("--agency", "19", "--to", "2025-08", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"agency", "from", "to", "total", "rank", "of", "band", "groups", "criteria"}
    assert (data["agency"], data["from"], data["to"]) == ("19", "2025-08", "2025-08")
    assert (data["total"], data["rank"], data["of"], data["band"]) == (86.97, 1, 34, "Tốt")
    assert data["groups"]["transparency"] == 15.67 and data["groups"]["progress"] == 19.31
    assert [c["id"] for c in data["criteria"]] == [c.id for c in MODEL.criteria]
    progress = next(c for c in data["criteria"] if c["id"] == "handled_on_time")
    # 19.31 points of 20 = a rate of 96.55%
    assert (progress["points"], progress["max"], progress["value"]) == (19.31, 20.0, 96.55)
    assert set(data["criteria"][0]) == {"id", "points", "max", "value"}


def test_a_range_and_a_year_to_date(run):
    _, out, _ = run("--agency", "BTC", "--from", "2025-07", "--to", "2025-09", "--json")
    data = json.loads(out)
    assert (data["from"], data["to"], data["of"]) == ("2025-07", "2025-09", 17)
    _, out, _ = run("--agency", "19", "--to", "2025-08", "--period", "ytd", "--json")
    assert json.loads(out)["from"] == "2025-01"


def test_the_ranking_of_provinces(run):
    code, out, _ = run("--kind", "province", "--to", "2025-08", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 34
    assert [(r["agency"], r["total"], r["rank"]) for r in rows[:5]] == [
        ("19", 86.97, 1), ("44", 86.56, 2), ("38", 86.51, 3), ("75", 86.13, 4), ("42", 84.85, 5)]
    assert rows[0]["name"] == "Thái Nguyên" and set(rows[0]["groups"]) == {g.id for g in MODEL.groups}


def test_errors_are_one_line(demo_url):
    env = {**os.environ, "DATABASE_URL": demo_url}
    for argv, words in ((["--agency", "VPQH", "--to", "2025-08"], "not a province or a ministry"),
                        (["--agency", "99", "--to", "2025-08"], "unknown agency code"),
                        (["--kind", "province", "--to", "2022-05"], "starts in 08/2022"),
                        (["--kind", "province", "--to", "2099-01"], "01/2099")):
        r = subprocess.run([sys.executable, "-m", "metrics", "index", *argv], capture_output=True, text=True,
                           cwd=ROOT, env=env)
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith("error: ") and words in r.stderr and r.stderr.count("\n") == 1
