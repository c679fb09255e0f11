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
    Column("kind", String(32)),
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

# ---------------------------------------------------------------- access and data operations

ROLES = ("leader", "staff", "agency", "admin")
"""leader: sees all; staff: sees all, imports for any agency, asks for explanations; agency: a
province's or ministry's user, submits and answers for its own agency only; admin: manages users."""

users = Table(
    "users", metadata,
    Column("email", String(254), primary_key=True, comment="lower case; the identity provider's email claim"),
    Column("role", String(16), nullable=False),
    Column("agency_code", String(16), comment="the agency an agency user acts for; empty for other roles"),
    Column("name", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint("role IN ('leader', 'staff', 'agency', 'admin')", name="ck_users_role"),
    CheckConstraint("(role = 'agency') = (agency_code IS NOT NULL)", name="ck_users_agency_code"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True, comment="UTC"),
    Column("actor", String(254), nullable=False, comment="email of the signed-in user, or local:/cli: and a name"),
    Column("session", String(64), nullable=False, comment="the browser session or the command line process"),
    Column("action", String(32), nullable=False, index=True),
    Column("target", Text, comment="what was written: a file, a user, a request"),
    Column("details", Text, comment="JSON"),
)
"""Every write through the product: who, when, from which session, what."""

submissions = Table(
    "submissions", metadata,
    Column("agency_code", String(16), primary_key=True),
    Column("family", String(16), primary_key=True, comment="dossiers, documents, services or tasks"),
    Column("month", String(7), primary_key=True, comment="the month the figures are for (tasks: assigned month)"),
    Column("submitted_at", DateTime, nullable=False, comment="UTC, the last time a file carried this agency-month"),
    Column("submitted_by", String(254), nullable=False),
    Column("sha256", String(64), nullable=False, comment="the file's digest, as in import_log"),
    CheckConstraint(MONTH_CHECK, name="ck_submissions_month"),
)
"""When each agency last submitted each family for each month (the reporting-status list)."""

explanation_requests = Table(
    "explanation_requests", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(16), nullable=False, index=True),
    Column("metric", String(64), nullable=False, comment="a metric id of the catalog, or composite"),
    Column("period_from", String(7), nullable=False),
    Column("period_to", String(7), nullable=False),
    Column("question", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(16), nullable=False, comment="open, answered or closed"),
    Column("asked_by", String(254), nullable=False),
    Column("asked_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    CheckConstraint("status IN ('open', 'answered', 'closed')", name="ck_explanation_status"),
)
"""Yêu cầu giải trình: a leader or staff member asks an agency to explain an indicator."""

explanation_messages = Table(
    "explanation_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, nullable=False, index=True),
    Column("author", String(254), nullable=False),
    Column("author_role", String(16), nullable=False),
    Column("body", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)
"""The thread of a request: the question first, then answers and follow-ups."""

ACCESS_TABLES = (users, audit_log, submissions, explanation_requests, explanation_messages)

# --- Decision 766's service index (the official index of the Government Office) -----------------

INDEX_INPUT_COLUMNS = (
    # transparency
    "procedures_announced", "procedures_announced_on_time",
    "procedures_to_publish", "procedures_published_on_time",
    "procedures_public", "procedures_public_complete",
    "dossiers_received_reporting", "dossiers_received_portal", "dossiers_synced_realtime",
    # progress and results
    "handled_done_on_time", "handled_done_late", "handled_pending_in_time", "handled_pending_overdue",
    # online services
    "procedures_total", "procedures_online",
    "online_services_total", "online_services_with_dossiers",
    "dossiers_received_total", "dossiers_received_online",
    # online payment
    "dossiers_with_fee", "dossiers_paid_online",
    "fee_procedures", "fee_procedures_on_portal", "fee_procedures_paid_online",
    # digitisation of dossiers and results
    "results_paper_required", "results_electronic",
    "dossiers_in_scope", "dossiers_digitised", "dossiers_personal_store",
    "communes", "communes_certified_copies",
    "dossiers_reuse_eligible", "dossiers_reused_data",
    "citizen_dossiers", "citizen_dossiers_population_data",
    "citizen_procedures", "citizen_procedures_population_data",
    # satisfaction
    "petitions", "petitions_on_time", "petitions_handled", "petitions_disliked_or_late",
    "dossiers_rated", "dossiers_overdue_or_disliked",
)
"""Per agency and month, the counts the index's criteria are computed from (see metrics.index_model)."""

index766_inputs = _counts("index766_inputs", *INDEX_INPUT_COLUMNS)

INDEX_GROUP_MAX = {"transparency": 18.0, "progress": 20.0, "online_services": 12.0, "online_payment": 10.0,
                   "digitisation": 22.0, "satisfaction": 18.0}
"""The index's six groups and their maximum points, as published per agency and month (the model in
metrics.index_model is checked against these)."""
INDEX_GROUP_COLUMNS = tuple(INDEX_GROUP_MAX)

index766_published = Table(
    "index766_scores", metadata,
    Column("agency_code", String(16), primary_key=True),
    Column("month", String(7), primary_key=True),
    *[Column(g, Float, comment="points; empty when the publication does not give the group") for g in INDEX_GROUP_COLUMNS],
    Column("total", Float, nullable=False),
    Column("source", Text, comment="where the published figures were read, e.g. the Portal's page and date"),
    CheckConstraint(MONTH_CHECK, name="ck_index766_published_month"),
    CheckConstraint("total >= 0 AND total <= 100", name="ck_index766_published_total"),
)
"""Scores as the National Public Service Portal published them, to reconcile with computed ones."""

COUNT_TABLES.update({"index766": index766_inputs, "index766_scores": index766_published})
"""The two import kinds of the index are stored per agency and month like the count tables."""
