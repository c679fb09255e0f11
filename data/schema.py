"""The warehouse schema: reference tables, monthly count tables, task records, targets, import log.

Counts only; every rate is computed from summed counts at query time. Months are `YYYY-MM` text,
which sorts correctly and reads the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import (CheckConstraint, Column, Date, DateTime, Float, Integer, MetaData,
                        String, Table, Text)

metadata = MetaData()

MONTH_CHECK = "month LIKE '____-__'"

agencies = Table(
    "agencies", metadata,
    Column("code", String(16), primary_key=True),
    Column("set_id", String(4), primary_key=True, comment="63, 34, M22, M17, C (central), N (national)"),
    Column("kind", String(16), nullable=False),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("region", String(8)),
    Column("valid_from", String(7), nullable=False),
    Column("valid_to", String(7)),
    Column("successor_code", String(16)),
    Column("lat", Float),
    Column("lon", Float),
)

agency_rollup = Table(
    "agency_rollup", metadata,
    Column("view", String(4), primary_key=True),
    Column("source_code", String(16), primary_key=True),
    Column("month_from", String(7), primary_key=True),
    Column("month_to", String(7), nullable=False),
    Column("target_code", String(16), nullable=False),
)


def _counts(name: str, *count_columns: str, extra: tuple = ()) -> Table:
    cols = [Column(c, Integer, nullable=False) for c in count_columns]
    checks = [CheckConstraint(f"{c} >= 0", name=f"ck_{name}_{c}_nonneg") for c in count_columns]
    return Table(
        name, metadata,
        Column("agency_code", String(16), primary_key=True),
        Column("month", String(7), primary_key=True),
        *cols, *extra,
        CheckConstraint(MONTH_CHECK, name=f"ck_{name}_month"),
        *checks,
    )


DOSSIER_COLUMNS = ("received", "received_online", "resolved_on_time", "resolved_late",
                   "pending_in_time", "pending_overdue")
DOCUMENT_COLUMNS = ("sent", "received", "sent_signed")
SERVICE_STOCK_COLUMNS = ("procedures", "services_online", "services_full_online", "services_on_portal")
SERVICE_FLOW_COLUMNS = ("dossiers_synced", "dossiers_online")

dossiers = _counts("dossiers", *DOSSIER_COLUMNS)
documents = _counts("documents", *DOCUMENT_COLUMNS,
                    extra=(Column("connected", Integer, nullable=False),
                           CheckConstraint("connected IN (0, 1)", name="ck_documents_connected")))
services = _counts("services", *SERVICE_STOCK_COLUMNS, *SERVICE_FLOW_COLUMNS)

tasks = Table(
    "tasks", metadata,
    Column("task_id", String(64), primary_key=True),
    Column("agency_code", String(16), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("assigned_on", Date, nullable=False),
    Column("assigned_month", String(7), nullable=False, index=True),
    Column("due_on", Date, nullable=False),
    Column("completed_on", Date),
    CheckConstraint("due_on >= assigned_on", name="ck_tasks_due_after_assigned"),
    CheckConstraint("completed_on IS NULL OR completed_on >= assigned_on", name="ck_tasks_completed_after_assigned"),
)

targets = Table(
    "targets", metadata,
    Column("metric", String(64), primary_key=True),
    Column("scope", String(32), primary_key=True, comment="national, province, ministry or an agency code"),
    Column("deadline", Date, primary_key=True),
    Column("value", Float, nullable=False),
    Column("source", Text),
)

import_log = Table(
    "import_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(16)),
    Column("rows", Integer, nullable=False),
    Column("outcome", String(16), nullable=False, comment="applied or refused"),
    Column("errors", Text),
    Column("at", DateTime, nullable=False),
)

dataset_info = Table(
    "dataset_info", metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)
"""Facts about the loaded data, e.g. `demo` = `1` when the illustrative demo dataset is loaded."""

COUNT_TABLES = {"dossiers": dossiers, "documents": documents, "services": services}
