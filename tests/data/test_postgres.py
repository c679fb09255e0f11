"""Checks that need a real PostgreSQL server (DATABASE_URL=postgresql+psycopg://...).

Skipped without one, and a failure under REQUIRE_REAL_SERVICES=1 (as in .ci/run).
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from data import schema
from data.agencies import MINISTRIES_22
from data.database import create_schema, load_reference
from data.engine import make_engine
from metrics.periods import Period
from metrics.queries import metric_value
from metrics.scope import Scope
from tests.conftest import insert_rows, postgres_url, require_or_skip

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="session", autouse=True)
def _needs_postgres():
    """Checked before the session fixtures build any database."""
    if postgres_url() is None:
        require_or_skip("DATABASE_URL is not PostgreSQL")


def _dossier(code="01", month="2020-01", **counts):
    row = {"agency_code": code, "month": month, "received": 10, "received_online": 2,
           "resolved_on_time": 5, "resolved_late": 1, "pending_in_time": 3, "pending_overdue": 1}
    row.update(counts)
    return row


def test_engine_is_postgresql(engine, demo_engine):
    assert engine.dialect.name == "postgresql"
    assert demo_engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"


def test_check_constraint_rejects_a_negative_count(engine):
    with pytest.raises(IntegrityError, match="ck_dossiers_resolved_late_nonneg"):
        insert_rows(engine, schema.dossiers, [_dossier(resolved_late=-1)])
    with pytest.raises(IntegrityError, match="ck_services_procedures_nonneg"):
        insert_rows(engine, schema.services, [{"agency_code": "01", "month": "2020-01", "procedures": -5,
                                               "services_online": 0, "services_full_online": 0,
                                               "services_on_portal": 0, "dossiers_synced": 0,
                                               "dossiers_online": 0}])
    # nothing was written
    with engine.connect() as conn:
        assert conn.execute(select(schema.dossiers)).all() == []


def test_check_constraints_reject_a_bad_month_flag_and_task_dates(engine):
    with pytest.raises(IntegrityError, match="ck_dossiers_month"):
        insert_rows(engine, schema.dossiers, [_dossier(month="2020-1")])
    with pytest.raises(IntegrityError, match="ck_documents_connected"):
        insert_rows(engine, schema.documents, [{"agency_code": "01", "month": "2020-01", "sent": 1,
                                                "received": 1, "sent_signed": 0, "connected": 2}])
    with pytest.raises(IntegrityError, match="ck_tasks_due_after_assigned"):
        insert_rows(engine, schema.tasks, [{"task_id": "T1", "agency_code": "01", "title": "x",
                                            "assigned_on": date(2020, 3, 1), "assigned_month": "2020-03",
                                            "due_on": date(2020, 2, 1), "completed_on": None}])


def test_a_duplicate_agency_month_is_rejected(engine):
    insert_rows(engine, schema.dossiers, [_dossier()])
    with pytest.raises(IntegrityError):
        insert_rows(engine, schema.dossiers, [_dossier(received=99)])
    with engine.connect() as conn:
        assert conn.execute(select(schema.dossiers.c.received)).scalars().all() == [10]


def _sqlite_engine_with(tmp_path, table_rows):
    eng = make_engine(f"sqlite:///{tmp_path / 'same_rows.sqlite'}")
    create_schema(eng, force=True)
    load_reference(eng)
    for table, rows in table_rows:
        insert_rows(eng, table, rows)
    return eng


def _rows(engine, table, *where):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).where(*where)).mappings()]


def test_calibrated_figures_equal_on_postgresql_and_sqlite(demo_engine, engine, tmp_path):
    # the demo's Lâm Đồng dossiers Jan–Oct 2020 and ministries' 2019 tasks, copied to a fresh
    # PostgreSQL warehouse and to a fresh SQLite file
    d, t = schema.dossiers, schema.tasks
    lam_dong = _rows(demo_engine, d, d.c.agency_code == "68", d.c.month.between("2020-01", "2020-10"))
    ministry_codes = [code for code, *_ in MINISTRIES_22]
    ministry_tasks = _rows(demo_engine, t, t.c.agency_code.in_(ministry_codes), t.c.assigned_month.like("2019-%"))
    assert len(lam_dong) == 10 and len(ministry_tasks) > 1000
    insert_rows(engine, d, lam_dong)
    insert_rows(engine, t, ministry_tasks)
    lite = _sqlite_engine_with(tmp_path, [(d, lam_dong), (t, ministry_tasks)])
    try:
        checks = [("dossier_on_time_rate", Period.between("2020-01", "2020-10"), Scope.of_agency("68"), None, 99.49),
                  ("task_overdue_rate", Period.year(2019), Scope.of_kind("ministry"), date(2019, 12, 31), 2.13)]
        for metric_id, period, scope, as_of, published in checks:
            pg = metric_value(engine, metric_id, period, scope, as_of)
            sq = metric_value(lite, metric_id, period, scope, as_of)
            assert (pg.numerator, pg.denominator) == (sq.numerator, sq.denominator), metric_id
            assert pg.value == sq.value, metric_id
            assert round(pg.value, 2) == published, metric_id
            # and the full demo database on PostgreSQL agrees
            assert metric_value(demo_engine, metric_id, period, scope, as_of).value == pg.value
    finally:
        lite.dispose()
