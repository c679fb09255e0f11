"""The URL parameters of the app, declared once: name, kind, allowed values, default, help.

The sidebar, meeting mode, share links and the notice for a value that cannot be honoured are all
derived from `PARAMS`; `resolve` turns a query string into values that can be shown, with one
`Notice` for every value it had to replace. Streamlit-free: tested like `metrics/`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from data.admin_units import REGIONS
from metrics import catalog
from metrics.periods import Period, add_months, month_of, parse_month
from metrics.ranking_export import COMPOSITE
from metrics.scope import Scope, target_agencies

PERIOD_KINDS = ("month", "quarter", "year", "custom")
SCOPES = ("national", "province", "ministry", "region", "agency")


@dataclass(frozen=True)
class Param:
    """One URL parameter. `kind`: choice (one of `choices`), month (`YYYY-MM` within the data),
    agency (a code in force for the view), integer (within `bounds`) or text (checked by its page).
    `filter`: a view filter (sidebar, meeting mode); `kept`: written back to the URL and carried by
    share links; `page`: read by one page only (not carried when another page is opened)."""
    name: str
    kind: str
    default: object
    help: str
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] = (0, 0)
    filter: bool = False
    kept: bool = True
    page: bool = False


PARAMS: tuple[Param, ...] = (
    Param("lang", "choice", "vi", "up_lang", choices=("vi", "en")),
    Param("mode", "choice", None, "up_mode", choices=("meeting",)),
    Param("every", "integer", 45, "up_every", bounds=(10, 600), kept=False),
    Param("pk", "choice", "month", "up_pk", choices=PERIOD_KINDS, filter=True),
    Param("m", "month", None, "up_m", filter=True, kept=False),
    Param("from", "month", None, "up_from", filter=True),
    Param("to", "month", None, "up_to", filter=True),
    Param("cmp", "choice", "prev", "up_cmp", choices=("prev", "yoy"), filter=True),
    Param("b", "choice", "auto", "up_b", choices=("auto", "63", "34"), filter=True),
    Param("scope", "choice", "national", "up_scope", choices=SCOPES, filter=True),
    Param("region", "choice", next(iter(REGIONS)), "up_region", choices=tuple(REGIONS), filter=True),
    Param("sa", "agency", None, "up_sa", filter=True),
    Param("agency", "text", None, "up_agency", page=True),
    Param("metric", "choice", None, "up_metric", choices=(*(m.id for m in catalog.METRICS), COMPOSITE), page=True),
)
BY_NAME = {p.name: p for p in PARAMS}
FILTERS = tuple(p.name for p in PARAMS if p.filter)
KEPT = tuple(p.name for p in PARAMS if p.kept)
SHARED = tuple(p.name for p in PARAMS if p.kept and not p.page)


@dataclass(frozen=True)
class Notice:
    """A link value that could not be honoured: `reason` is a message key (`un_<reason>`)."""
    name: str
    given: str
    reason: str
    shown: str | None = None


@dataclass
class Resolved:
    """What the link asks for, made showable; `notices` say what was replaced."""
    values: dict[str, str | None]
    notices: list[Notice] = field(default_factory=list)


def _choice(p: Param, query: Mapping[str, str], out: Resolved) -> str | None:
    given = query.get(p.name)
    if given in (None, ""):
        return p.default
    if given in p.choices:
        return given
    out.notices.append(Notice(p.name, given, "not_allowed", p.default))
    return p.default


def _month(name: str, given: str | None, fallback: str, first: str, last: str, today: str,
           out: Resolved) -> str | None:
    """The month if the data has it; else the fallback, with a notice saying why."""
    if given in (None, ""):
        return fallback
    try:
        month = parse_month(given)
    except ValueError:
        reason = "bad_month"
    else:
        if first <= month <= last:
            return month
        reason = "future" if month > today else "not_yet" if month > last else "before_data"
    out.notices.append(Notice(name, given, reason, fallback))
    return fallback


def period_of(values: Mapping[str, str | None]) -> Period:
    """The period that resolved filter values describe."""
    kind, end = values["pk"], values["to"]
    if kind == "quarter":
        return Period.quarter(int(end[:4]), (int(end[5:7]) - 1) // 3 + 1)
    if kind == "year":
        return Period.year(int(end[:4]))
    if kind == "custom":
        return Period.between(values["from"], end)
    return Period.month(end)


def resolve(query: Mapping[str, str], first_month: str, last_month: str,
            today: date | None = None) -> Resolved:
    """Every declared parameter made showable; unknown keys and values that cannot be honoured
    become notices. Months lie between the first and last month with data."""
    out = Resolved({})
    this_month = month_of(today or date.today())
    for name in query:
        if name not in BY_NAME:
            out.notices.append(Notice(name, str(query[name]), "unknown_key"))
    v = out.values
    for p in PARAMS:
        if p.kind == "choice":
            v[p.name] = _choice(p, query, out)
    v["every"] = _integer(BY_NAME["every"], query, out)
    months = (first_month, last_month, this_month, out)
    end_name = "to" if query.get("to") else "m"
    v["to"] = _month(end_name, query.get(end_name), last_month, *months)
    v["m"] = v["from"] = None
    if v["pk"] == "custom":
        start = _month("from", query.get("from"), max(add_months(v["to"], -11), first_month), *months)
        if start > v["to"]:
            out.notices.append(Notice("from", query["from"], "reversed", f"{v['to']}..{start}"))
            start, v["to"] = v["to"], start
        v["from"] = start
    if v["scope"] != "region":
        v["region"] = None
    v["sa"] = _agency(query.get("sa"), v, out) if v["scope"] == "agency" else None
    v["agency"] = query.get("agency") or None
    return out


def agency_choices(values: Mapping[str, str | None]) -> list[dict]:
    """Reference rows of the agencies a one-agency scope may name for these filter values."""
    return target_agencies(Scope.national(values["b"]), period_of(values))


def _agency(given: str | None, v: dict, out: Resolved) -> str:
    rows = agency_choices(v)
    codes = [r["code"] for r in rows]
    if given in codes:
        return given
    if given:
        out.notices.append(Notice("sa", given, "unknown_agency", codes[0]))
    return codes[0]


def _integer(p: Param, query: Mapping[str, str], out: Resolved) -> int:
    given = query.get(p.name)
    if given in (None, ""):
        return p.default
    try:
        n = int(given)
    except ValueError:
        out.notices.append(Notice(p.name, given, "not_integer", str(p.default)))
        return p.default
    low, high = p.bounds
    if not low <= n <= high:
        out.notices.append(Notice(p.name, given, "out_of_bounds", str(min(max(n, low), high))))
    return min(max(n, low), high)


def _shown(notice: Notice, shown: str) -> Notice:
    return Notice(notice.name, notice.given, notice.reason, shown)


def kept(values: Mapping[str, object], names: tuple[str, ...] = KEPT) -> dict[str, str]:
    """The parameters the URL keeps (empty ones left out); `names=SHARED` for a link to another page."""
    return {k: str(values[k]) for k in names if values.get(k) not in (None, "")}


def with_filters(values: Mapping[str, object], filters: Mapping[str, str | None]) -> dict[str, object]:
    """Resolved values with the filters replaced by those the sidebar set (a filter it did not set
    is dropped: a region once the scope is no longer a region)."""
    return {**values, **{k: None for k in FILTERS}, **filters}
