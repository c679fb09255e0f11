"""`python -m data users add|list|remove`, run as an operator would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from data import audit

REPO = Path(__file__).resolve().parents[2]


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.run([sys.executable, "-m", "data", "users", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_users_add_list_and_refusals(db, scratch_url):
    done = run(scratch_url, "add", "Leader@VPCP.gov.vn", "--role", "leader", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Added leader@vpcp.gov.vn (leader)."
    done = run(scratch_url, "add", "so@lamdong.gov.vn", "--role", "agency", "--agency", "68")
    assert done.returncode == 0 and done.stdout.strip() == "Đã thêm so@lamdong.gov.vn (agency 68)."

    done = run(scratch_url, "add", "x@y.vn", "--role", "agency", "--lang", "en")
    assert done.returncode == 2
    assert done.stderr.strip() == "An agency user needs an agency code (--agency)."  # one line, no traceback

    done = run(scratch_url, "list", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == [
        {"email": "so@lamdong.gov.vn", "role": "agency", "agency_code": "68", "name": None},
        {"email": "leader@vpcp.gov.vn", "role": "leader", "agency_code": None, "name": None},
    ]  # by role (agency < leader), then email
    done = run(scratch_url, "list")
    assert done.stdout.splitlines() == ["so@lamdong.gov.vn\tagency\t68\t", "leader@vpcp.gov.vn\tleader\t\t"]

    assert run(scratch_url, "remove", "leader@vpcp.gov.vn").returncode == 0
    assert run(scratch_url, "remove", "leader@vpcp.gov.vn").returncode == 2

    h = audit.history(db)
    assert list(h["action"]) == ["user_remove", "user_add", "user_add"]
    assert all(a.startswith("cli:") for a in h["actor"]) and all(s.startswith("cli:") for s in h["session"])


def test_a_command_line_import_is_in_the_history(db, scratch_url, tmp_path):
    f = tmp_path / "oct.csv"
    f.write_text("agency_code,month,sent,received,sent_signed,connected\n68,2020-10,10,20,8,1\n")
    env = dict(os.environ, DATABASE_URL=scratch_url)
    done = subprocess.run([sys.executable, "-m", "data", "import", str(f)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    h = audit.history(db)
    assert list(h["action"]) == ["import"] and h.iloc[0]["actor"].startswith("cli:")
    assert (h.iloc[0]["target"], h.iloc[0]["details"]["added"]) == ("oct.csv", 1)
