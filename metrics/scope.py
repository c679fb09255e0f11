"""Which agencies a number covers: nationwide, one kind, one region, or one agency, in a boundary set.

A total (nationwide, a kind, a region) never depends on the boundary set's coverage: the 34-province
and 17-ministry views sum every stored row of every month, while the 63 and 22 views know the merged
units only before their merger. So totals are computed in those complete views (`pieces`); a region
of the 63 set is made of its 63 provinces before 07/2025 and of the 34-set region after.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from data import agencies as ref
from data.admin_units import MERGER_MONTH, REGIONS, moved_provinces
from i18n import t
from metrics.periods import Period, add_months, month_label

KINDS = ("province", "ministry", "central")
COMPLETE_VIEWS = {"province": "34", "ministry": "M17"}
"""The views that cover every month: history of merged units is summed into the merged ones."""
FORMER_VIEWS = {"province": "63", "ministry": "M22"}
CHANGE_MONTHS = {"province": MERGER_MONTH, "ministry": ref.MINISTRY_RESTRUCTURE_MONTH}
"""First month of the new set of each kind: where a boundary break lies."""


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

    @property
    def key(self) -> tuple[tuple[str, str | None], ...]:
        """A hashable key naming every field (for caches): `Scope.from_key(s.key) == s`."""
        return tuple(sorted(asdict(self).items()))

    @classmethod
    def from_key(cls, key: tuple[tuple[str, str | None], ...]) -> "Scope":
        return cls(**dict(key))


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


def _in_set(code: str, set_id: str) -> bool:
    return any(r["code"] == code and r["set_id"] == set_id for r in ref.agency_rows())


def agency_view(code: str, scope: Scope, period: Period) -> tuple[str, str]:
    """(kind, view) of an agency code for this scope and period. A former province or ministry asked
    for in the new set's period is answered in its own set (where its merger is explained)."""
    for kind in ("province", "ministry", "central", "national"):
        view = view_for_kind(kind, scope, period)
        if _in_set(code, view):
            return kind, view
    chosen = {"province": scope.boundary, "ministry": scope.ministry_set}
    for kind, former in FORMER_VIEWS.items():
        if _in_set(code, former):
            if chosen[kind] == "auto":
                return kind, former
            successor = next(r["successor_code"] for r in ref.agency_rows()
                             if r["code"] == code and r["set_id"] == former)
            raise ValueError(f"agency {code!r} is not in the {COMPLETE_VIEWS[kind]} set of {period.label()}: "
                             f"it merged into {successor!r} from {CHANGE_MONTHS[kind]}")
    raise ValueError(f"unknown agency code {code!r} for {period.label()} "
                     f"(boundary set {province_view(scope, period)})")


def agency_kind(code: str, scope: Scope, period: Period) -> str:
    """The kind of an agency code in the views of this scope and period; ValueError if unknown."""
    return agency_view(code, scope, period)[0]


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
        return [agency_view(scope.agency, scope, period)[1]]
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


def rollup_in(scope: Scope, period: Period, national_row: bool = False,
              kinds: tuple[str, ...] = ("province", "ministry")) -> list[dict]:
    """The rollup rows (view, source, months, target) that make up this scope."""
    vs = set(views(scope, period, national_row, kinds))
    targets = {r["code"] for r in target_agencies(scope, period, national_row, kinds)}
    return [r for r in ref.rollup_rows() if r["view"] in vs and r["target_code"] in targets]


def expected_rows(scope: Scope, period: Period, national_row: bool = False,
                  kinds: tuple[str, ...] = ("province", "ministry"), months: list[str] | None = None) -> int:
    """Agency-months that should have reported: source rows valid in each month of the period
    (or of `months`, a subset of it)."""
    rows = rollup_in(scope, period, national_row, kinds)
    return sum(1 for month in (period.months if months is None else months)
               for r in rows if r["month_from"] <= month <= r["month_to"])


def stock_sources(scope: Scope, period: Period, national_row: bool = False,
                  kinds: tuple[str, ...] = ("province", "ministry")) -> dict[str, list[str]]:
    """For a stock: target → the source agencies that should report at its last state in the period
    (the latest era of the target valid in the period: a merged province's parts before the
    merger, itself after). Targets with no valid row in the period are absent."""
    eras: dict[str, str] = {}
    rows = [r for r in rollup_in(scope, period, national_row, kinds)
            if r["month_from"] <= period.end and r["month_to"] >= period.start]
    for r in rows:
        eras[r["target_code"]] = max(eras.get(r["target_code"], r["month_from"]), r["month_from"])
    out: dict[str, list[str]] = {}
    for r in rows:
        if r["month_from"] == eras[r["target_code"]]:
            out.setdefault(r["target_code"], []).append(r["source_code"])
    return {k: sorted(v) for k, v in out.items()}


def is_total(scope: Scope) -> bool:
    return scope.level in ("national", "kind", "region")


def pieces(scope: Scope, period: Period) -> list[tuple[Period, Scope]]:
    """How a scope's number is computed: (months, scope in an explicit set) pieces, in order.

    A nationwide or kind total is computed in the complete views when the set asked for does not
    cover the period (the 63 or 22 set after its merger); a region of the 63 set in the months after
    the merger in the 34-set region (the 63 view has no rows for merged provinces then). An agency
    is one piece in its own view.
    """
    if scope.level in ("national", "kind"):
        # a former set that covers the whole period is kept (same total, its own agencies)
        boundary = province_view(scope, period)
        if boundary == FORMER_VIEWS["province"] and period.end >= CHANGE_MONTHS["province"]:
            boundary = COMPLETE_VIEWS["province"]
        ministries = ministry_view(period, scope)
        if ministries == FORMER_VIEWS["ministry"] and period.end >= CHANGE_MONTHS["ministry"]:
            ministries = COMPLETE_VIEWS["ministry"]
        return [(period, replace(scope, boundary=boundary, ministry_set=ministries))]
    if scope.level == "region":
        pv = province_view(scope, period)
        if pv == "34" or period.end < MERGER_MONTH:
            return [(period, replace(scope, boundary=pv))]
        if period.start >= MERGER_MONTH:
            return [(period, replace(scope, boundary="34"))]
        return [(Period(period.start, add_months(MERGER_MONTH, -1)), replace(scope, boundary="63")),
                (Period(MERGER_MONTH, period.end), replace(scope, boundary="34"))]
    return [(period, scope)]


def merged_agency(scope: Scope, period: Period) -> dict | None:
    """For an agency scope whose unit ceased within or before the period (a 63-set province after
    07/2025, a ministry after 03/2025): {code, name_vi, name_en, successor, successor_vi,
    successor_en, month} (month: the first month it is counted in the successor). None otherwise."""
    if scope.level != "agency":
        return None
    kind, view = agency_view(scope.agency, scope, period)
    if view not in FORMER_VIEWS.values() or period.end < CHANGE_MONTHS[kind]:
        return None
    single = [r for r in ref.rollup_rows() if r["view"] == view and r["target_code"] == scope.agency
              and r["month_from"] >= CHANGE_MONTHS[kind]]
    if single:  # an unchanged unit: it goes on in the former view too
        return None
    row = next(r for r in ref.agency_rows() if r["code"] == scope.agency and r["set_id"] == view)
    new_set = COMPLETE_VIEWS[kind]
    succ = next(r for r in ref.agency_rows() if r["code"] == row["successor_code"] and r["set_id"] == new_set)
    return {"code": row["code"], "name_vi": row["name_vi"], "name_en": row["name_en"],
            "successor": succ["code"], "successor_vi": succ["name_vi"], "successor_en": succ["name_en"],
            "month": CHANGE_MONTHS[kind]}


def region_moves(region: str | None = None) -> list[dict]:
    """63-set provinces that are in another region once merged (all, or those leaving or joining
    `region`): code, name_vi, name_en, into, into_vi, into_en, from_region, to_region."""
    names63 = {r["code"]: r for r in ref.agency_rows() if r["set_id"] == "63"}
    names34 = {r["code"]: r for r in ref.agency_rows() if r["set_id"] == "34"}
    out = []
    for m in moved_provinces():
        if region is None or region in (m["from_region"], m["to_region"]):
            out.append({**m, "name_vi": names63[m["code"]]["name_vi"], "name_en": names63[m["code"]]["name_en"],
                        "into_vi": names34[m["into"]]["name_vi"], "into_en": names34[m["into"]]["name_en"]})
    return out


def region_moves_note(region: str, lang: str = "vi") -> str | None:
    """One sentence naming the provinces that leave or join a region between the 63 and 34 sets,
    with the source of the 34-set regions; None when the region did not change."""
    moves = region_moves(region)
    if not moves:
        return None
    i = 0 if lang == "vi" else 1
    names = "; ".join(t("mn_region_moved", lang, name=m[f"name_{lang}"], from_region=REGIONS[m["from_region"]][i],
                        to_region=REGIONS[m["to_region"]][i], into=m[f"into_{lang}"]) for m in moves)
    return f"{t('mn_region_moved_note', lang, names=names)} ({t('mn_regions_34_source', lang)})"


def region_notes(scope: Scope, period: Period, lang: str = "vi") -> list[str]:
    """What a region's numbers need said beside them: the provinces that left or joined it between
    the 63 and 34 sets, and, when the period is read across the 2025 merger or in the 63 set after
    it, that the region is counted as it was formed then. No note for any other scope."""
    if scope.level != "region":
        return []
    out = []
    moved = region_moves_note(scope.region, lang)
    if moved:
        out.append(moved)
    if len(pieces(scope, period)) > 1 or province_view(scope, period) == "63" and period.end >= MERGER_MONTH:
        out.append(t("mn_region_after_merger", lang, month=month_label(MERGER_MONTH)))
    return out


def name_in_force(code: str, month: str, lang: str = "vi") -> str:
    """An agency's name, with its code, in the set in force in a month: `Quảng Nam (49)`."""
    for kind in ("province", "ministry", "central", "national"):
        set_id = ref.set_for_month(kind, month)
        for r in ref.agency_rows():
            if r["code"] == code and r["set_id"] == set_id:
                return f"{r['name_en'] if lang == 'en' else r['name_vi']} ({code})"
    return code


def label(scope: Scope, period: Period, lang: str = "vi") -> str:
    """A readable name for the scope, e.g. "Toàn quốc", "Các tỉnh, thành phố (34)", "Lâm Đồng"."""
    if scope.level == "national":
        return t("mn_scope_national", lang)
    if scope.level == "kind":
        key = {"province": "mn_scope_provinces", "ministry": "mn_scope_ministries",
               "central": "mn_scope_central"}[scope.kind]
        return t(key, lang, boundary=province_view(scope, period))
    if scope.level == "region":
        vi, en, _ = REGIONS[scope.region]
        return t("mn_scope_region", lang, region=vi if lang == "vi" else en)
    rows = target_agencies(scope, period)
    if not rows:
        return scope.agency
    return rows[0]["name_en"] if lang == "en" else rows[0]["name_vi"]
