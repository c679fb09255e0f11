"""Numbers as users read them: Vietnamese `1.435` and `95,8%` first, English `1,435` and `95.8%`.

The precision a value is shown with is decided here, once (`shown_digits`), and rankings rank on
exactly the shown value (`shown`), so equal shown values share a rank and different ranks never
show the same value.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from functools import lru_cache

from babel import Locale
from babel.numbers import parse_pattern

from i18n import t
from metrics.catalog import Metric

LOCALES = {"vi": "vi_VN", "en": "en_US"}
NA = {lang: t("mn_na", lang) for lang in ("vi", "en")}
RATE_DIGITS = 1
"""Decimals of a rate on screen, in files and in rankings (`95,8%`)."""
POINTS_DIGITS = 2
"""Decimals of composite index points (`69,26`), as the official index publishes them."""


def _missing(x) -> bool:
    return x is None or x != x


def shown_digits(metric: Metric | None) -> int:
    """Decimals a metric's value is shown with: rates 1, counts 0; None (composite points) 2."""
    if metric is None:
        return POINTS_DIGITS
    return RATE_DIGITS if metric.is_rate else 0


def _exact(x, digits: int) -> Decimal:
    # Half up, as people round by hand (Babel or numpy alone would round 98.25 to even: 98,2).
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def rounded(x, digits: int) -> float | None:
    """The number exactly as shown with `digits` decimals (None when missing)."""
    return None if _missing(x) else float(_exact(x, digits))


def shown(metric: Metric | None, x) -> float | None:
    """A metric's value as shown (None when missing): what rankings rank on."""
    return rounded(x, shown_digits(metric))


def number(x, lang: str = "vi", digits: int = 0) -> str:
    """A count or decimal with the locale's grouping and decimal signs."""
    if _missing(x):
        return NA[lang]
    return _pattern(digits).apply(_exact(x, digits), _locale(lang))


@lru_cache(maxsize=None)
def _pattern(digits: int):
    """Babel's number pattern with `digits` decimals, parsed once (what `format_decimal` parses on
    every call)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def percent(x, lang: str = "vi", digits: int = RATE_DIGITS) -> str:
    """A value already in percent (95.83) as `95,8%`."""
    if _missing(x):
        return NA[lang]
    return number(x, lang, digits) + "%"


def value(metric: Metric, x, lang: str = "vi", digits: int | None = None) -> str:
    """A metric value with its unit: `95,8%` or `1.435 dịch vụ`."""
    if _missing(x):
        return NA[lang]
    if digits is None:
        digits = shown_digits(metric)
    if metric.is_rate:
        return percent(x, lang, digits)
    return f"{number(x, lang, digits)} {metric.unit(lang)}"


def delta(metric: Metric, x, lang: str = "vi") -> str | None:
    """A change: `+1,2 điểm %` for rates, `+1.435` for counts; None when unknown."""
    if _missing(x):
        return None
    sign = "+" if x > 0 else "-" if x < 0 else ""  # ASCII minus: Streamlit reads it to point the arrow down
    if metric.is_rate:
        return f"{sign}{number(abs(x), lang, RATE_DIGITS)} {t('mn_rate_points', lang)}"
    return f"{sign}{number(abs(x), lang)}"
