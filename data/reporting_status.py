"""Reporting status for one month: which agencies have submitted which family, which have not, and
when they last submitted — the list staff chase before a meeting.

Whether an agency reported comes from the count tables (a row for the agency and month), so figures
loaded from the command line count too; the submission time and user come from `submissions`, which
the web upload stamps. Tasks are records assigned to agencies, not a monthly return: their column
shows the tasks assigned that month and is never counted as missing.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from data import agencies as agency_ref
from data import schema

FAMILIES = ("dossiers", "documents", "services", "tasks")
MONTHLY_RETURNS = ("dossiers", "documents", "services")
"""Families every agency of the reporting kinds owes each month."""

COLUMNS = ["agency_code", "kind", "name_vi", "name_en", "family", "expected", "reported", "rows",
           "latest_month", "submitted_at", "submitted_by"]


def agencies_in(month: str) -> list[dict]:
    """Reference rows of the agencies that exist in a month (the set in force for each kind)."""
    sets = {agency_ref.set_for_month(k, month) for k in ("province", "ministry", "central", "national")}
    return [r for r in agency_ref.agency_rows() if r["set_id"] in sets]


def reporting_status(engine: Engine, month: str) -> pd.DataFrame:
    """One row per agency and family that applies to it in the month (see COLUMNS)."""
    agencies = agencies_in(month)
    codes = [r["code"] for r in agencies]
    with engine.connect() as conn:
        reported = {f: _rows_in_month(conn, f, month, codes) for f in FAMILIES}
        latest = {f: _latest_month(conn, f, month, codes) for f in FAMILIES}
        s = schema.submissions
        stamps = {(r.agency_code, r.family): (r.submitted_at, r.submitted_by)
                  for r in conn.execute(select(s.c.agency_code, s.c.family, s.c.submitted_at, s.c.submitted_by)
                                        .where(s.c.month == month))}
    out = []
    for a in agencies:
        for family in FAMILIES:
            if a["kind"] not in agency_ref.REPORTING_KINDS[family]:
                continue
            n = reported[family].get(a["code"], 0)
            at, by = stamps.get((a["code"], family), (None, None))
            out.append({"agency_code": a["code"], "kind": a["kind"], "name_vi": a["name_vi"],
                        "name_en": a["name_en"], "family": family, "expected": family in MONTHLY_RETURNS,
                        "reported": n > 0, "rows": n, "latest_month": latest[family].get(a["code"]),
                        "submitted_at": at, "submitted_by": by})
    return pd.DataFrame(out, columns=COLUMNS)


def summary(status: pd.DataFrame) -> pd.DataFrame:
    """Per family of monthly returns: agencies expected, reported, missing."""
    owed = status[status["expected"]]
    g = owed.groupby("family", sort=False)["reported"].agg(expected="size", reported="sum").reset_index()
    g["reported"] = g["reported"].astype(int)
    g["missing"] = g["expected"] - g["reported"]
    return g


def missing(status: pd.DataFrame) -> pd.DataFrame:
    """The agencies that owe a monthly return and have not submitted it (the list to chase)."""
    return status[status["expected"] & ~status["reported"]].reset_index(drop=True)


def _table(family: str):
    return schema.tasks if family == "tasks" else schema.COUNT_TABLES[family]


def _month_col(family: str):
    t = _table(family)
    return t.c.assigned_month if family == "tasks" else t.c.month


def _rows_in_month(conn, family: str, month: str, codes: list[str]) -> dict[str, int]:
    t = _table(family)
    q = (select(t.c.agency_code, func.count()).where(_month_col(family) == month, t.c.agency_code.in_(codes))
         .group_by(t.c.agency_code))
    return {code: int(n) for code, n in conn.execute(q)}


def _latest_month(conn, family: str, month: str, codes: list[str]) -> dict[str, str]:
    """Each agency's latest month with figures, up to the month asked."""
    t = _table(family)
    col = _month_col(family)
    q = select(t.c.agency_code, func.max(col)).where(col <= month, t.c.agency_code.in_(codes)).group_by(t.c.agency_code)
    return {code: m for code, m in conn.execute(q)}
