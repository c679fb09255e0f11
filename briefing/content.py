"""What a briefing pack says, gathered once from `metrics/` as the pages gather it: every format
(deck, report, PDF, annex) is written from this one object, so they cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from briefing import requests as explanation_requests
from data.database import is_demo
from i18n import t
from metrics import catalog, insights
from metrics.catalog import Family, Metric
from metrics.insights import Finding
from metrics.periods import Period, latest_complete_month, month_index, month_label
from metrics.queries import data_through, kpi_trend, metric_value
from metrics.ranking import rank_agencies
from metrics.scope import Scope, agency_kind, label as scope_label, province_view
from metrics.task_lists import overdue_tasks
from metrics.targets import current_target

TREND_MONTHS = 13  # the period's month and the same month a year before, on one chart
WEAKEST = 5
OVERDUE_SHOWN = 10
SECTIONS = ("families", "map", "ranking", "overdue", "missing", "requests", "decisions")
"""Parts of a pack a user may choose (the KPI families, the province map, the composite ranking,
overdue tasks, missing reports, explanation requests not yet closed, the points needing a decision)."""


class BriefingError(ValueError):
    """A request that cannot be honoured (no data, a future period, an unknown scope): one line, in
    English as the exception's text (the command line's), and in each language for the web page."""

    def __init__(self, message: str, texts: dict[str, str] | None = None):
        super().__init__(message)
        self.texts = texts or {}

    def text(self, lang: str) -> str:
        """The reason in the language (the English text when it has no other wording)."""
        return self.texts.get(lang, str(self))


def _refused(key: str, **values) -> BriefingError:
    """A BriefingError worded by the message `key` in Vietnamese and English; a value may be a
    function of the language."""
    texts = {lang: t(key, lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})
             for lang in ("vi", "en")}
    return BriefingError(texts["en"], texts)


def _period_words(period: Period):
    """The period as a refusal names it: `năm 2026` in Vietnamese, `Year 2026` in English."""
    return lambda lang: period.label(lang) if lang == "en" else insights.period_phrase(period, lang)


@dataclass
class FamilySection:
    family: Family
    metric: Metric
    headline: Finding
    trend: pd.DataFrame  # month, value, numerator, denominator
    trend_period: Period
    target: dict | None
    weakest: list[tuple[str, pd.DataFrame]]  # (ranking title, ranking frame)


@dataclass
class Pack:
    period: Period
    compare: Period
    cmp: str
    scope: Scope
    lang: str
    demo: bool
    last_month: str
    findings: list[Finding]
    families: list[FamilySection]
    rankings: list[tuple[str, str, str | None, pd.DataFrame]]  # (title, kind, region, composite ranking)
    map_values: pd.DataFrame | None  # composite per province, for the print map
    boundary: str
    overdue: pd.DataFrame
    overdue_total: Finding | None
    sections: tuple[str, ...] = SECTIONS
    focus: str | None = None  # the agency an agency pack is about
    memo: dict = field(default_factory=dict, repr=False)
    requests: pd.DataFrame | None = None  # explanation requests not yet closed (briefing/requests.py)

    @property
    def scope_label(self) -> str:
        return scope_label(self.scope, self.period, self.lang)

    @property
    def source(self) -> str:
        return t("br_source_demo" if self.demo else "br_source_db", self.lang)

    def of_kind(self, *kinds: str) -> list[Finding]:
        return [f for f in self.findings if f.kind in kinds]

    def decisions(self) -> list[Finding]:
        return insights.decisions(self.findings)


def parse_scope(text: str, boundary: str = "auto") -> Scope:
    """`national`, `provinces`, `ministries`, `region:DBSH` or `agency:68` as a Scope; BriefingError otherwise."""
    text = (text or "national").strip()
    try:
        if text == "national":
            return Scope.national(boundary)
        if text in ("provinces", "province"):
            return Scope.of_kind("province", boundary)
        if text in ("ministries", "ministry"):
            return Scope.of_kind("ministry", boundary)
        if text.startswith("region:"):
            return Scope.of_region(text.split(":", 1)[1].strip(), boundary)
        if text.startswith("agency:"):
            return Scope.of_agency(text.split(":", 1)[1].strip().upper(), boundary)
    except ValueError as e:
        raise BriefingError(str(e)) from None
    raise BriefingError(f"unknown scope {text!r}; expected national, provinces, ministries, region:CODE or agency:CODE")


def last_data_month(engine: Engine) -> str | None:
    """The latest month holding any dossier report: what the data reaches."""
    return data_through(engine, catalog.get("dossiers_received"))


def check_request(engine: Engine, period: Period, scope: Scope, today=None) -> str:
    """Refuse a future period, a period beyond the data, or a scope that holds no data for it."""
    named = _period_words(period)
    complete = latest_complete_month(today)
    if month_index(period.end) > month_index(complete):
        raise _refused("br_err_not_ended", month=month_label(complete), period=named)
    last = last_data_month(engine)
    if last is None:
        raise _refused("br_err_no_reports")
    if month_index(period.end) > month_index(last):
        raise _refused("br_err_beyond_data", month=month_label(last), period=named)
    if scope.level == "agency":
        try:
            agency_kind(scope.agency, scope, period)
        except ValueError as e:
            raise BriefingError(str(e)) from None
    r = metric_value(engine, "dossiers_received", period, scope)
    d = metric_value(engine, "documents_sent", period, scope)
    if not r.rows_reported and not d.rows_reported:
        raise _refused("br_err_no_scope_data", scope=lambda lang: scope_label(scope, period, lang),
                       period=named)
    return last


def _ranker(engine: Engine, memo: dict):
    def rank(metric_id, kind, period, boundary, region):
        key = (metric_id, kind, period, boundary, region)
        if key not in memo:
            memo[key] = rank_agencies(engine, metric_id, kind, period, boundary, region)
        return memo[key]
    return rank


def _ranking_specs(scope: Scope, period: Period) -> list[tuple[str, str | None]]:
    specs = insights.ranking_kinds(scope)
    if scope.level == "agency":
        specs = [(agency_kind(scope.agency, scope, period), None)]
        if specs[0][0] not in ("province", "ministry"):
            specs = []
    return specs


def _ranking_title(kind: str, region: str | None, n: int, lang: str) -> str:
    if region:
        from data.admin_units import REGIONS
        return t("br_rank_region", lang, region=REGIONS[region][0 if lang == "vi" else 1])
    return t("br_rank_provinces" if kind == "province" else "br_rank_ministries", lang, n=n)


def gather(engine: Engine, period: Period, scope: Scope, cmp: str = "prev", lang: str = "vi",
           sections: tuple[str, ...] = SECTIONS, today=None) -> Pack:
    """Everything a pack shows, computed once."""
    lang = "en" if lang == "en" else "vi"
    last = check_request(engine, period, scope, today)
    memo: dict = {}
    ranker = _ranker(engine, memo)
    compare = insights.comparison(period, cmp)
    findings = insights.collect(engine, period, scope, cmp, ranker=ranker)
    boundary = province_view(scope, period)
    specs = _ranking_specs(scope, period)
    rankings = []
    for kind, region in specs:
        b = boundary if kind == "province" else "auto"
        r = ranker("composite", kind, period, b, region)
        rankings.append((_ranking_title(kind, region, int(r["value"].notna().sum()), lang), kind, region, r))
    families = []
    window = Period(Period.month(period.end).shifted(-(TREND_MONTHS - 1)).start, period.end)
    for fam, head in zip(catalog.FAMILIES, [f for f in findings if f.kind == "headline"]):
        m = catalog.get(fam.headline)
        weakest = []
        for kind, region in specs:
            if kind not in m.kinds:
                continue
            b = boundary if kind == "province" else "auto"
            r = ranker(m.id, kind, head.period, b, region)  # tasks: the same 12-month window as the headline
            weakest.append((_ranking_title(kind, region, int(r["value"].notna().sum()), lang), r))
        tgt = current_target(engine, m.id, head.period)
        families.append(FamilySection(fam, m, head, kpi_trend(engine, m.id, window, scope), window, tgt, weakest))
    map_values = None
    if "map" in sections and any(kind == "province" for kind, _region in specs):
        map_values = ranker("composite", "province", period, boundary, None)  # the whole country
    backlog = Period(insights.BACKLOG_START, period.end)
    overdue = overdue_tasks(engine, backlog, scope).head(OVERDUE_SHOWN)
    total = next(iter([f for f in findings if f.kind == "overdue"]), None)
    focus = scope.agency if scope.level == "agency" else None
    waiting = explanation_requests.outstanding(engine, scope, period, today) if "requests" in sections else None
    return Pack(period, compare, cmp, scope, lang, is_demo(engine), last, findings, families, rankings,
                map_values, boundary, overdue, total, tuple(sections), focus, memo, waiting)
