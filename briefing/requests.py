"""The explanation requests a pack reports: those not yet closed (open or answered) for the agencies
of the pack's scope, with the overdue flag as `data.explanations` sets it. The report, the deck and
the annex all take their rows from here, so they show the same requests in the same words."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from data import explanations
from i18n import t
from metrics import catalog
from metrics.periods import Period
from metrics.scope import Scope, name_in_force, target_agencies

STATUS_KEYS = {"open": "ac_st_open", "answered": "ac_st_answered"}


def scope_codes(scope: Scope, period: Period) -> set[str] | None:
    """The agency codes whose requests belong to the scope; None nationwide (every agency)."""
    if scope.level == "national":
        return None
    if scope.level == "agency":
        return {scope.agency}
    return {r["code"] for r in target_agencies(scope, period)}


def outstanding(engine: Engine, scope: Scope, period: Period, today: date | None = None) -> pd.DataFrame:
    """Requests not yet closed for the scope's agencies, oldest due date first."""
    codes = scope_codes(scope, period)
    if codes is not None and len(codes) == 1:
        frame = explanations.outstanding(engine, today=today, agency_code=next(iter(codes)))
    else:
        frame = explanations.outstanding(engine, today=today)
        if codes is not None:
            frame = frame[frame["agency_code"].isin(codes)]
    return frame.sort_values(["due_on", "id"]).reset_index(drop=True)


def metric_label(metric_id: str | None, lang: str) -> str:
    """A metric's name; `composite` is the composite index; an id the catalog no longer holds stays as is."""
    if metric_id is None:
        return ""
    if metric_id == "composite":
        return t("br_composite", lang)
    try:
        return catalog.get(metric_id).label(lang)
    except KeyError:
        return metric_id


def headers(lang: str) -> list[str]:
    return t("br_req_cols", lang).split("|")


def rows(frame: pd.DataFrame, lang: str) -> list[list[str]]:
    """One row per request: agency, indicator, period, question, due date, status, overdue flag."""
    out = []
    for _, r in frame.iterrows():
        metric = metric_label(r["metric"], lang)
        out.append([name_in_force(r["agency_code"], r["period_to"], lang), metric[:1].upper() + metric[1:],
                    Period.between(r["period_from"], r["period_to"]).label(lang), str(r["question"]),
                    r["due_on"].strftime("%d/%m/%Y"), t(STATUS_KEYS[r["status"]], lang),
                    t("ac_overdue", lang) if r["overdue"] else ""])
    return out


def summary(frame: pd.DataFrame, lang: str) -> str:
    """One sentence: how many requests wait and how many are overdue, or that none is outstanding."""
    if frame.empty:
        return t("br_req_none", lang)
    return t("br_req_summary", lang, n=len(frame), open=int((frame["status"] == "open").sum()),
             overdue=int(frame["overdue"].sum()))
