"""Numbers as users read them: Vietnamese `1.435` and `95,8%` first, English `1,435` and `95.8%`."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from metrics.catalog import Metric

LOCALES = {"vi": "vi_VN", "en": "en_US"}
NA = {"vi": "Không có số liệu", "en": "N/A"}


def _missing(x) -> bool:
    return x is None or x != x


def number(x, lang: str = "vi", digits: int = 0) -> str:
    """A count or decimal with the locale's grouping and decimal signs."""
    if _missing(x):
        return NA[lang]
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    # Half up, as people round by hand (Babel alone would round 98.25 to even: 98,2).
    exact = Decimal(str(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return format_decimal(exact, format=fmt, locale=LOCALES[lang])


def percent(x, lang: str = "vi", digits: int = 1) -> str:
    """A value already in percent (95.83) as `95,8%`."""
    if _missing(x):
        return NA[lang]
    return number(x, lang, digits) + "%"


def value(metric: Metric, x, lang: str = "vi", digits: int | None = None) -> str:
    """A metric value with its unit: `95,8%` or `1.435 dịch vụ`."""
    if _missing(x):
        return NA[lang]
    if metric.is_rate:
        return percent(x, lang, 1 if digits is None else digits)
    return f"{number(x, lang, digits or 0)} {metric.unit(lang)}"


def delta(metric: Metric, x, lang: str = "vi") -> str | None:
    """A change: `+1,2 điểm %` for rates, `+1.435` for counts; None when unknown."""
    if _missing(x):
        return None
    sign = "+" if x > 0 else "-" if x < 0 else ""  # ASCII minus: Streamlit reads it to point the arrow down
    if metric.is_rate:
        unit = "điểm %" if lang == "vi" else "pts"
        return f"{sign}{number(abs(x), lang, 1)} {unit}"
    return f"{sign}{number(abs(x), lang)}"
