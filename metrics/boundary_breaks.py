"""Boundary breaks: the months where the set of agencies changed (provinces 63 → 34 from 07/2025,
ministries 22 → 17 from 03/2025). Across a break a stock is not comparable: before it, a merged
unit's figure is the sum of the former units. Charts and scorecards mark what this module finds."""
from __future__ import annotations

from dataclasses import dataclass

from data import agencies as ref
from i18n import t
from metrics.periods import Period, add_months, month_label
from metrics.scope import CHANGE_MONTHS, Scope, agency_view, name_in_force

BREAK_KINDS = ("province", "ministry")


@dataclass(frozen=True)
class Break:
    month: str  # the first month of the new set
    kind: str  # province or ministry

    def label(self, lang: str = "vi") -> str:
        """`Hợp nhất tỉnh (63 → 34) từ 07/2025`."""
        return t(f"mn_break_{self.kind}", lang, month=month_label(self.month))

    def short_label(self, lang: str = "vi") -> str:
        """`Tỉnh 63→34` / `Bộ 22→17`: the label drawn on a chart (the month is the line's place)."""
        return t(f"mn_break_short_{self.kind}", lang)

    def stock_note(self, lang: str = "vi") -> str:
        return t("mn_break_stock_note", lang, month=month_label(self.month))


def _sources_at(view: str, target: str, month: str) -> set[str]:
    return {r["source_code"] for r in ref.rollup_rows()
            if r["view"] == view and r["target_code"] == target and r["month_from"] <= month <= r["month_to"]}


def agency_changed(code: str, scope: Scope, period: Period) -> str | None:
    """The kind whose break changed this agency (merged, merged into, or dissolved), else None."""
    kind, view = agency_view(code, scope, period)
    if kind not in CHANGE_MONTHS:
        return None
    month = CHANGE_MONTHS[kind]
    return kind if _sources_at(view, code, add_months(month, -1)) != _sources_at(view, code, month) else None


def breaks(scope: Scope, period: Period, kinds: tuple[str, ...] = BREAK_KINDS,
           national_row: bool = False) -> list[Break]:
    """The boundary breaks strictly inside the period (a month before and a month after) that
    touch the scope: every kind a total covers; an agency only if the change touched it."""
    if national_row and scope.level == "national":
        return []
    if scope.level == "national":
        involved = [k for k in BREAK_KINDS if k in kinds]
    elif scope.level in ("kind", "region"):
        involved = [scope.kind] if scope.kind in BREAK_KINDS else []
    else:
        changed = agency_changed(scope.agency, scope, period)
        involved = [changed] if changed else []
    return sorted((Break(CHANGE_MONTHS[k], k) for k in involved
                   if period.start < CHANGE_MONTHS[k] <= period.end), key=lambda b: b.month)


def former_units_in(sources: dict[str, list[str]], month: str, lang: str = "vi") -> list[str]:
    """Names of the units a stock sums for targets made of several former units (empty if none)."""
    names = []
    for parts in sources.values():
        if len(parts) > 1:
            for code in parts:
                names.append(name_in_force(code, month, lang))
    return names

