"""Which agencies a number covers: nationwide, one kind, one region, or one agency, in a boundary set."""
from __future__ import annotations

from dataclasses import dataclass

from data import agencies as ref
from data.admin_units import MERGER_MONTH, REGIONS
from metrics.periods import Period

KINDS = ("province", "ministry", "central")


@dataclass(frozen=True)
class Scope:
    level: str = "national"  # national, kind, region, agency
    kind: str | None = None
    region: str | None = None
    agency: str | None = None
    boundary: str = "auto"  # "63", "34" or "auto" (the set in force at the period's end)
    ministry_set: str = "auto"  # "M22", "M17" or "auto" (the set in force at the period's end)

    @classmethod
    def national(cls, boundary: str = "auto") -> "Scope":
        return cls("national", boundary=boundary)

    @classmethod
    def of_kind(cls, kind: str, boundary: str = "auto") -> "Scope":
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        return cls("kind", kind=kind, boundary=boundary)

    @classmethod
    def of_region(cls, region: str, boundary: str = "auto") -> "Scope":
        if region not in REGIONS:
            raise ValueError(f"unknown region {region!r}; expected one of {', '.join(REGIONS)}")
        return cls("region", kind="province", region=region, boundary=boundary)

    @classmethod
    def of_agency(cls, code: str, boundary: str = "auto") -> "Scope":
        return cls("agency", agency=code, boundary=boundary)


def province_view(scope: Scope, period: Period) -> str:
    """The province set a query is expressed in ("63" or "34")."""
    if scope.boundary in ("63", "34"):
        return scope.boundary
    if scope.boundary != "auto":
        raise ValueError(f"unknown boundary set {scope.boundary!r}; expected 63 or 34")
    return "34" if period.end >= MERGER_MONTH else "63"


def ministry_view(period: Period, scope: Scope | None = None) -> str:
    """The ministry set a query is expressed in ("M22" before 03/2025, "M17" from then)."""
    if scope is not None and scope.ministry_set in ("M22", "M17"):
        return scope.ministry_set
    return "M17" if period.end >= ref.MINISTRY_RESTRUCTURE_MONTH else "M22"


def view_for_kind(kind: str, scope: Scope, period: Period) -> str:
    return {"province": province_view(scope, period), "ministry": ministry_view(period, scope),
            "central": "C", "national": "N"}[kind]


def agency_kind(code: str, scope: Scope, period: Period) -> str:
    """The kind of an agency code in the views of this scope and period; ValueError if unknown."""
    for kind in ("province", "ministry", "central", "national"):
        view = view_for_kind(kind, scope, period)
        if any(r["code"] == code and r["set_id"] == view for r in ref.agency_rows()):
            return kind
    raise ValueError(f"unknown agency code {code!r} for {period.label()} "
                     f"(boundary set {province_view(scope, period)})")


def views(scope: Scope, period: Period, national_row: bool = False,
          kinds: tuple[str, ...] = ("province", "ministry")) -> list[str]:
    """The rollup views whose rows make up this scope (nationwide: the kinds that report)."""
    if scope.level == "national":
        if national_row:
            return ["N"]
        return [view_for_kind(k, scope, period) for k in kinds]
    if scope.level in ("kind", "region"):
        return [view_for_kind(scope.kind, scope, period)]
    if scope.level == "agency":
        return [view_for_kind(agency_kind(scope.agency, scope, period), scope, period)]
    raise ValueError(f"unknown scope level {scope.level!r}")


def target_agencies(scope: Scope, period: Period, national_row: bool = False,
                    kinds: tuple[str, ...] = ("province", "ministry")) -> list[dict]:
    """Reference rows of the agencies this scope reports on, in their views."""
    vs = views(scope, period, national_row, kinds)
    rows = [r for r in ref.agency_rows() if r["set_id"] in vs]
    if scope.level == "region":
        rows = [r for r in rows if r["region"] == scope.region]
    if scope.level == "agency":
        rows = [r for r in rows if r["code"] == scope.agency]
    return rows


def expected_rows(scope: Scope, period: Period, national_row: bool = False,
                  kinds: tuple[str, ...] = ("province", "ministry")) -> int:
    """Agency-months that should have reported: source rows valid in each month of the period."""
    vs = set(views(scope, period, national_row, kinds))
    targets = {r["code"] for r in target_agencies(scope, period, national_row, kinds)}
    n = 0
    for month in period.months:
        n += sum(1 for r in ref.rollup_rows()
                 if r["view"] in vs and r["target_code"] in targets
                 and r["month_from"] <= month <= r["month_to"])
    return n


def label(scope: Scope, period: Period, lang: str = "vi") -> str:
    """A readable name for the scope, e.g. "Toàn quốc", "Tỉnh/thành (34)", "Lâm Đồng"."""
    if scope.level == "national":
        return "Toàn quốc" if lang == "vi" else "Nationwide"
    if scope.level == "kind":
        pv = province_view(scope, period)
        names = {"province": (f"Các tỉnh, thành phố ({pv})", f"Provinces ({pv})"),
                 "ministry": ("Các bộ, cơ quan ngang bộ", "Ministries"),
                 "central": ("Các cơ quan trung ương khác", "Other central bodies")}[scope.kind]
        return names[0] if lang == "vi" else names[1]
    if scope.level == "region":
        vi, en, _ = REGIONS[scope.region]
        return f"Vùng {vi}" if lang == "vi" else en
    rows = target_agencies(scope, period)
    if not rows:
        return scope.agency
    return rows[0]["name_vi"] if lang == "vi" else rows[0]["name_en"]
