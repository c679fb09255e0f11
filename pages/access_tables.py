"""Tables of the access pages (submit, reporting status, history, users, explanation requests), built
without Streamlit so they are tested like `metrics/`: localised headers, agency names, months as
`10/2020`, times in Vietnam's time zone."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import pandas as pd

from data import agencies as agency_ref
from data import roles
from data.roles import User
from data.schema import ROLES
from i18n import t
from metrics import catalog
from metrics.periods import month_label

VN_TIME = timezone(timedelta(hours=7), "ICT")
FAMILY_KEYS = {"dossiers": "ac_fam_dossiers", "documents": "ac_fam_documents", "services": "ac_fam_services",
               "tasks": "ac_fam_tasks", "index766": "ac_fam_index766", "index766_scores": "ac_fam_index766_scores"}
STATUS_KEYS = {"open": "ac_st_open", "answered": "ac_st_answered", "closed": "ac_st_closed"}


def access_pages(user: User | None) -> tuple[str, ...]:
    """Slugs of the access pages this user may open, in menu order."""
    rules = (("submit", roles.may_submit), ("reporting", roles.may_see_reporting_status),
             ("explanations", roles.may_view), ("history", roles.may_see_history),
             ("users", roles.may_manage_users))
    return tuple(slug for slug, allowed in rules if allowed(user))


def family_label(kind: str, lang: str) -> str:
    """The name of a kind of figures (an import kind); the kind itself when it has no name yet."""
    return t(FAMILY_KEYS[kind], lang) if kind in FAMILY_KEYS else kind


def role_label(role: str, lang: str) -> str:
    return t(f"ac_role_{role}", lang)


def user_label(user: User, lang: str) -> str:
    """"name (email) · role · agency" for the sidebar."""
    who = f"{user.name} ({user.email})" if user.name else user.email
    parts = [who, role_label(user.role, lang)]
    if user.agency_code:
        parts.append(agency_name(user.agency_code, lang))
    return " · ".join(parts)


@lru_cache(maxsize=None)
def _names() -> dict[str, tuple[str, str]]:
    """Agency code → (Vietnamese, English) name, the newest set winning where a code is reused."""
    out: dict[str, tuple[str, str]] = {}
    for r in sorted(agency_ref.agency_rows(), key=lambda r: r["valid_from"]):
        out[r["code"]] = (r["name_vi"], r["name_en"])
    return out


def agency_name(code: str | None, lang: str) -> str:
    names = _names().get(code or "")
    return (names[1] if lang == "en" else names[0]) if names else (code or "")


def agency_options(lang: str) -> dict[str, str]:
    """Code → "code · name" for pickers (provinces of both sets, ministries, central bodies)."""
    codes = sorted({r["code"] for r in agency_ref.agency_rows() if r["kind"] in ("province", "ministry", "central")})
    return {c: f"{c} · {agency_name(c, lang)}" for c in codes}


def local_time(at: datetime | None) -> str:
    """A stored UTC time as `dd/mm/yyyy HH:MM` in Vietnam's time (UTC+7); empty when missing."""
    if at is None or (isinstance(at, float) and at != at) or at is pd.NaT:
        return ""
    return pd.Timestamp(at).to_pydatetime().replace(tzinfo=timezone.utc).astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M")


def day(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def period_text(start: str, end: str) -> str:
    return month_label(start) if start == end else f"{month_label(start)}–{month_label(end)}"


def metric_label(metric_id: str, lang: str) -> str:
    if metric_id == "composite":
        return t("ac_composite", lang)
    try:
        return catalog.get(metric_id).label(lang)
    except Exception:  # a metric retired from the catalog still shows its id
        return metric_id


def changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per agency-month: agency, month, rows added, updated, unchanged."""
    return pd.DataFrame({
        t("ac_col_agency", lang): [f"{c} · {agency_name(c, lang)}" for c in changes["agency_code"]],
        t("ac_col_month", lang): [month_label(m) for m in changes["month"]],
        t("ac_col_added", lang): changes["added"].astype(int).tolist(),
        t("ac_col_updated", lang): changes["updated"].astype(int).tolist(),
        t("ac_col_unchanged", lang): changes["unchanged"].astype(int).tolist(),
    })


def status_cell(row, lang: str) -> str:
    """One agency-family cell: ✓ with the submission date, ✗ with the latest month on file, or tasks' count."""
    if row["family"] == "tasks":
        return t("ac_tasks_assigned", lang, n=int(row["rows"]))
    if row["reported"]:
        stamp = local_time(row["submitted_at"])
        return "✓ " + (t("ac_sent_on", lang, at=stamp) if stamp else t("ac_sent", lang))
    latest = row["latest_month"]
    return "✗ " + (t("ac_latest", lang, month=month_label(latest)) if isinstance(latest, str) else t("ac_never", lang))


def status_table(status: pd.DataFrame, lang: str, only_missing: bool = False) -> pd.DataFrame:
    """One row per agency, one column per family (see status_cell); agencies owing a return first."""
    if status.empty:
        return pd.DataFrame()
    s = status.assign(cell=[status_cell(r, lang) for _, r in status.iterrows()])
    wide = s.pivot(index="agency_code", columns="family", values="cell")
    owing = s[s["expected"] & ~s["reported"]].groupby("agency_code").size()
    meta = s.drop_duplicates("agency_code").set_index("agency_code")
    out = pd.DataFrame({
        t("ac_col_code", lang): wide.index,
        t("ac_col_agency", lang): [meta.at[c, "name_en" if lang == "en" else "name_vi"] for c in wide.index],
        t("ac_col_kind", lang): [t(f"ac_kind_{meta.at[c, 'kind']}", lang) for c in wide.index],
        t("ac_col_missing", lang): [int(owing.get(c, 0)) for c in wide.index],
    })
    for family in ("dossiers", "documents", "services", "tasks"):
        out[t(FAMILY_KEYS[family], lang)] = [wide.at[c, family] if family in wide.columns and isinstance(
            wide.at[c, family], str) else "—" for c in wide.index]
    if only_missing:
        out = out[out[t("ac_col_missing", lang)] > 0]
    return out.sort_values([t("ac_col_missing", lang), t("ac_col_code", lang)], ascending=[False, True]).reset_index(drop=True)


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit log for people: time, who, session, what, on what, details."""
    return pd.DataFrame({
        t("ac_col_at", lang): [local_time(a) for a in history["at"]],
        t("ac_col_actor", lang): history["actor"].tolist(),
        t("ac_col_session", lang): history["session"].tolist(),
        t("ac_col_action", lang): [t(f"ac_act_{a}", lang) for a in history["action"]],
        t("ac_col_target", lang): history["target"].tolist(),
        t("ac_col_details", lang): [details_text(d) for d in history["details"]],
    })


def details_text(details: dict) -> str:
    """`key: value` pairs of an audit entry, lists joined with →."""
    parts = []
    for k, v in (details or {}).items():
        if isinstance(v, list):
            v = " → ".join("" if x is None else str(x) for x in v)
        parts.append(f"{k}: {'' if v is None else v}")
    return "; ".join(parts)


def requests_table(requests: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Explanation requests: number, agency, metric, period, due date (overdue flagged), status, asked by."""
    return pd.DataFrame({
        t("ac_col_id", lang): requests["id"].astype(int).tolist(),
        t("ac_col_agency", lang): [f"{c} · {agency_name(c, lang)}" for c in requests["agency_code"]],
        t("ac_col_metric", lang): [metric_label(m, lang) for m in requests["metric"]],
        t("ac_col_period", lang): [period_text(a, b) for a, b in zip(requests["period_from"], requests["period_to"])],
        t("ac_col_due", lang): [day(d) + (" · " + t("ac_overdue", lang) if o else "")
                                for d, o in zip(requests["due_on"], requests["overdue"])],
        t("ac_col_status", lang): [t(STATUS_KEYS[s], lang) for s in requests["status"]],
        t("ac_col_asked_by", lang): requests["asked_by"].tolist(),
    })


def users_table(users: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("ac_col_email", lang): users["email"].tolist(),
        t("ac_col_role", lang): [role_label(r, lang) for r in users["role"]],
        t("ac_col_agency", lang): [f"{c} · {agency_name(c, lang)}" if c else "" for c in users["agency_code"]],
        t("ac_col_name", lang): ["" if n is None else n for n in users["name"]],
        t("ac_col_updated_at", lang): [local_time(a) for a in users["updated_at"]],
    })


def role_choices() -> tuple[str, ...]:
    return ROLES
