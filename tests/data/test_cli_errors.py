"""`python -m data …` when the database cannot be reached: one line on stderr, a non-zero exit, the
password masked — and `init`'s success line never shows the password either."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import postgres_url

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-pw"


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dead_postgres() -> str:
    """A PostgreSQL URL with a password, on a port where no server listens."""
    return f"postgresql+psycopg://ccgov:{SECRET}@127.0.0.1:{free_port()}/ccgov"


@pytest.fixture(scope="module")
def sample_file() -> Path:
    return REPO / "data" / "examples" / "dossiers.csv"


@pytest.mark.parametrize("args", [
    ("init",), ("init", "--demo", "--lang", "en"), ("import", "FILE"), ("export", "dossiers", "--out", "OUT"),
], ids=["init", "init-demo-en", "import", "export"])
def test_unreachable_postgres_is_one_masked_line(dead_postgres, sample_file, tmp_path, args):
    args = tuple(str(sample_file) if a == "FILE" else str(tmp_path / "out.csv") if a == "OUT" else a for a in args)
    done = run(dead_postgres, *args)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert SECRET not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and done.stdout == ""
    masked = make_url(dead_postgres).render_as_string(hide_password=True)
    assert masked in lines[0] and "***" in lines[0]
    # "lỗi: không kết nối được cơ sở dữ liệu …" in Vietnamese, "error: cannot reach the database …" in English
    assert lines[0].startswith("error: cannot reach the database" if "en" in args else "lỗi: không kết nối được")


def test_unopenable_sqlite_file_is_one_line(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    done = run(f"sqlite:///{blocker}/sub/x.sqlite", "init", "--lang", "en")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")


def test_init_success_line_masks_the_password(scratch_url):
    done = run(scratch_url, "init", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [f"initialised {make_url(scratch_url).render_as_string()}"]
    password = make_url(scratch_url).password
    if postgres_url():
        assert password and f":{password}@" not in done.stdout and ":***@" in done.stdout
