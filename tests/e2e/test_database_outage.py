"""A database that goes away while the app is open: the next rerun shows the one-line message with
the password masked (never a driver traceback), and the page comes back by itself (no click, no
reload) once the server is up again. The test runs its own throwaway PostgreSQL cluster, which it stops and restarts."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser_support import assert_no_error, free_port, open_page, screenshot, settle, streamlit_server
from data.database import init_database
from data.engine import make_engine

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name),
             default=Path("/usr/lib/postgresql/15/bin"))  # Debian's server binaries, newest version
PASSWORD = "outage-s3cret"
MESSAGE = "Không kết nối được cơ sở dữ liệu"
LOAD_TIMEOUT_MS = 120_000


class Cluster:
    """A PostgreSQL cluster in a temporary directory, run as the `postgres` user on a free port."""

    def __init__(self, root: Path):
        self.data, self.port, self.log = root / "data", free_port(), root / "server.log"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                          "-E", "UTF8", "--locale=C")

    def start(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                          "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{self.port}/postgres"


@contextmanager
def throwaway_cluster():
    root = Path(tempfile.mkdtemp(prefix="ccgov-outage-"))
    shutil.chown(root, "postgres", "postgres")
    cluster = Cluster(root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cluster(require):
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None or os.geteuid() != 0:
        require(f"a throwaway cluster needs {PG_BIN}/initdb, runuser and root (apt-get install postgresql)")
    with throwaway_cluster() as c:
        engine = make_engine(c.url)
        init_database(engine, demo=True)
        engine.dispose()
        yield c


def test_database_outage_shows_the_message_and_recovers(browser, idle, cluster, screenshots):
    with streamlit_server(cluster.url, "e2e-streamlit-outage.log") as base:
        context = browser.new_context(viewport={"width": 1600, "height": 1600}, locale="vi-VN")
        try:
            tab = context.new_page()
            open_page(tab, idle, base, "dossiers?pk=year&to=2020-12")
            assert_no_error(tab)
            assert tab.locator("[data-testid='stMetric']").count() == 3

            cluster.stop()
            tab.get_by_text("Cùng kỳ năm trước").click()  # a rerun in the same session
            tab.wait_for_selector(f"[data-testid='stAlertContentError']:has-text('{MESSAGE}')", timeout=LOAD_TIMEOUT_MS)
            idle(tab, 60)
            assert_no_error(tab)  # no OperationalError traceback
            error = tab.locator("[data-testid='stAlertContentError']").first.inner_text()
            assert PASSWORD not in error and "***" in error and str(cluster.port) in error
            screenshot(tab, screenshots / "database-gone.png")

            cluster.start()  # nobody touches the page: it asks again every few seconds
            tab.wait_for_selector("[data-testid='stMetric']", timeout=LOAD_TIMEOUT_MS)
            settle(tab, idle)
            assert_no_error(tab)
            assert tab.locator("[data-testid='stAlertContentError']").count() == 0
            assert tab.locator("[data-testid='stMetric']").count() == 3
        finally:
            context.close()
