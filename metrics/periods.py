"""Reporting periods (month, quarter, year, custom range) over `YYYY-MM` months, and their labels."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from i18n import t

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> str:
    """Normalise `YYYY-MM`, `MM/YYYY` or `M/YYYY` to `YYYY-MM`; ValueError otherwise."""
    s = str(text).strip()
    m = MONTH_RE.match(s) or re.match(r"^(\d{1,2})/(\d{4})$", s)
    if not m:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM or MM/YYYY)")
    year, month = (m.group(1), m.group(2)) if "-" in s else (m.group(2), m.group(1))
    y, mo = int(year), int(month)
    if not 1 <= mo <= 12 or y < 1900:
        raise ValueError(f"not a month: {text!r}")
    return f"{y:04d}-{mo:02d}"


def month_index(month: str) -> int:
    y, m = int(month[:4]), int(month[5:7])
    return y * 12 + m - 1


def month_from_index(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def add_months(month: str, n: int) -> str:
    return month_from_index(month_index(month) + n)


def month_range(start: str, end: str) -> list[str]:
    return [month_from_index(i) for i in range(month_index(start), month_index(end) + 1)]


@lru_cache(maxsize=4096)
def _months(start: str, end: str) -> tuple[str, ...]:
    return tuple(month_range(start, end))


def month_end(month: str) -> date:
    y, m = int(month[:4]), int(month[5:7])
    return date(y, m, calendar.monthrange(y, m)[1])


def month_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def latest_complete_month(today: date | None = None) -> str:
    """The last month that has ended: the default period of every view."""
    today = today or date.today()
    return add_months(month_of(today), -1)


@dataclass(frozen=True)
class Period:
    start: str
    end: str
    kind: str = "custom"  # month, quarter, year or custom

    def __post_init__(self):
        if month_index(self.start) > month_index(self.end):
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    @classmethod
    def month(cls, month: str) -> "Period":
        month = parse_month(month)
        return cls(month, month, "month")

    @classmethod
    def quarter(cls, year: int, q: int) -> "Period":
        start = f"{year:04d}-{3 * q - 2:02d}"
        return cls(start, add_months(start, 2), "quarter")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(f"{year:04d}-01", f"{year:04d}-12", "year")

    @classmethod
    def between(cls, start: str, end: str) -> "Period":
        """A range of months, named month, quarter or year when it is exactly one."""
        start, end = parse_month(start), parse_month(end)
        n = month_index(end) - month_index(start) + 1
        m = int(start[5:7])
        kind = ("month" if n == 1 else "quarter" if n == 3 and m % 3 == 1
                else "year" if n == 12 and m == 1 else "custom")
        return cls(start, end, kind)

    @property
    def months(self) -> list[str]:
        return list(_months(self.start, self.end))

    @property
    def length(self) -> int:
        return month_index(self.end) - month_index(self.start) + 1

    @property
    def end_date(self) -> date:
        return month_end(self.end)

    def shifted(self, months: int) -> "Period":
        return Period(add_months(self.start, months), add_months(self.end, months), self.kind)

    def previous(self) -> "Period":
        """The period of equal length just before this one."""
        return self.shifted(-self.length)

    def same_last_year(self) -> "Period":
        return self.shifted(-12)

    def label(self, lang: str = "vi") -> str:
        y, m = int(self.start[:4]), int(self.start[5:7])
        if self.kind == "month":
            return f"{m:02d}/{y}"
        if self.kind == "quarter":
            q = (m - 1) // 3 + 1
            return t("mn_quarter", lang, q=ROMAN[q] if lang == "vi" else q, year=y)
        if self.kind == "year":
            return t("mn_year", lang, year=y)
        return f"{_mm_yyyy(self.start)}–{_mm_yyyy(self.end)}"


def _mm_yyyy(month: str) -> str:
    return f"{month[5:7]}/{month[:4]}"


def month_label(month: str) -> str:
    """`2020-10` → `10/2020`."""
    return _mm_yyyy(month)


TASK_WINDOW_MONTHS = 12


def task_window(period: Period) -> Period:
    """The tasks a period judges: those assigned in the 12 months to its end (or in the period, if
    longer), with their status as of its last day. One month holds too few tasks per agency, most
    of them not yet due."""
    start = add_months(period.end, -(TASK_WINDOW_MONTHS - 1))
    return Period.between(min(start, period.start), period.end)


class FuturePeriodError(ValueError):
    """A period or review date after today: nothing can have been reported for it."""


def refuse_future(period: Period | None = None, as_of: date | None = None, today: date | None = None,
                  lang: str = "vi") -> None:
    """Raise FuturePeriodError when the period ends after today's month or the review date is after
    today. The current month is allowed (its figures are "not yet reported", not refused)."""
    today = today or date.today()
    if period is not None and period.end > month_of(today):
        raise FuturePeriodError(t("mn_future_period", lang, period=period.label(lang),
                                  today=today.strftime("%d/%m/%Y")))
    if as_of is not None and as_of > today:
        raise FuturePeriodError(t("mn_future_as_of", lang, as_of=as_of.strftime("%d/%m/%Y"),
                                  today=today.strftime("%d/%m/%Y")))
