"""Rule-based findings for briefings and the overview's highlights, each with the figures behind it.

A finding is a fact the numbers support, never an opinion: a family's headline against its
comparison period and target, rank movers, agencies entering or leaving the bottom five, values far
from an agency's own history or from its region's peers, the agencies that drove a national change,
missing reports and overdue tasks. Every finding carries its numerator, denominator, period and
scope; `sentence` writes it in Vietnamese (administrative register) or English from the templates
in `i18n/briefing.py`. The rules and their thresholds are the constants below.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy import Engine

from data import agencies as ref
from data.admin_units import REGIONS
from i18n import t
from metrics import catalog, formatting
from metrics.periods import Period, add_months, month_label, task_window
from metrics.queries import agency_sums, agency_values, metric_value, monthly_agency_sums, with_values
from metrics.ranking import rank_agencies
from metrics.scope import (Scope, agency_kind, label as scope_label, ministry_view, province_view,
                           target_agencies, views)
from metrics.targets import current_target, target_status

# --- rules and thresholds ------------------------------------------------------------------------
HISTORY_MONTHS = 12  # an agency's own history: the 12 months before the period
HISTORY_MIN_MONTHS = 6  # fewer reported months than this: no judgement
HISTORY_SIGMAS = 3.0  # anomaly: farther than 3 sample standard deviations from the history's mean
HISTORY_MIN_POINTS = 2.0  # ... and at least 2 percentage points away
PEER_MIN = 3  # region peers (other provinces of the region with a value) needed for a judgement
PEER_MADS = 3.0  # anomaly: farther than 3 median absolute deviations from the peers' median
PEER_MIN_POINTS = 5.0  # ... and at least 5 percentage points away
ANOMALIES_PER_RULE = 3  # the largest ones per metric and rule
DRIVER_MIN_CHANGE = 0.1  # a national change smaller than this (points) is not split
DRIVERS_SHOWN = 3
MOVERS_SHOWN = 3
BOTTOM = 5
OVERDUE_LISTED = 3
BACKLOG_START = "2019-01"  # overdue tasks: every task assigned from the warehouse's first month
ANOMALY_METRICS = tuple(f.headline for f in catalog.FAMILIES if catalog.get(f.headline).table != "tasks")
REPORTED_FAMILIES = tuple(f for f in catalog.FAMILIES if catalog.get(f.headline).table != "tasks")
"""Families reported monthly per agency (tasks are records, not monthly reports)."""

STATUS_KEYS = ("met", "missed", "on_track", "at_risk")
SEVERITY_DECISION, SEVERITY_WATCH, SEVERITY_INFO = 2, 1, 0


@dataclass(frozen=True)
class Finding:
    """One finding: what kind, about which metric and agency, its value, numerator and denominator,
    period and scope, and the other figures its sentence quotes (`facts`)."""
    kind: str
    period: Period
    scope_vi: str
    scope_en: str
    metric: str | None = None
    family: str | None = None
    agency: str | None = None
    name_vi: str | None = None
    name_en: str | None = None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    facts: dict = field(default_factory=dict, hash=False, compare=False)
    severity: int = SEVERITY_INFO

    def scope(self, lang: str = "vi") -> str:
        return self.scope_en if lang == "en" else self.scope_vi

    def name(self, lang: str = "vi") -> str | None:
        return self.name_en if lang == "en" else self.name_vi


def _scopes(scope: Scope, period: Period) -> tuple[str, str]:
    return scope_label(scope, period, "vi"), scope_label(scope, period, "en")


def comparison(period: Period, cmp: str) -> Period:
    """The comparison period: the previous period of equal length (`prev`) or a year before (`yoy`)."""
    if cmp not in ("prev", "yoy"):
        raise ValueError(f"unknown comparison {cmp!r}; expected prev or yoy")
    return period.same_last_year() if cmp == "yoy" else period.previous()


def headline_periods(metric_id: str, period: Period, compare: Period) -> tuple[Period, Period]:
    """The periods a family's card shows: task metrics judge the 12-month window to the period's end."""
    if catalog.get(metric_id).table == "tasks":
        return task_window(period), task_window(compare)
    return period, compare


def target_verdict(status, period: Period) -> str | None:
    """met, missed (deadline passed), on_track or at_risk (the 12-month trend misses it)."""
    if status.reached:
        return "met"
    if status.deadline < period.end_date:
        return "missed"
    return {True: "on_track", False: "at_risk"}.get(status.on_track)


class Reader:
    """Where the findings read their numbers: straight from the database. A caller that already
    holds some of them (the pages' cached reads) hands in a subclass, so a headline and the KPI card
    beside it, or a peer anomaly and the ranking table beside it, are computed once. Each method
    returns what the query it names returns (`value`: a `MetricResult` or anything with its fields)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def value(self, metric_id: str, period: Period, scope: Scope):
        """`metrics.queries.metric_value`."""
        return metric_value(self.engine, metric_id, period, scope)

    def target(self, metric_id: str, period: Period, scope: Scope):
        """The status against the target in force (`metrics.targets.target_status`), None without one."""
        row = current_target(self.engine, metric_id, period)
        if row is None:
            return None
        return target_status(self.engine, metric_id, period, row["value"], row["deadline"], scope, row.get("source"))

    def ranking(self, metric_id: str, kind: str, period: Period, boundary: str, region: str | None) -> pd.DataFrame:
        """`metrics.ranking.rank_agencies`."""
        return rank_agencies(self.engine, metric_id, kind, period, boundary, region)

    def agency_values(self, metric_id: str, period: Period, scope: Scope) -> pd.DataFrame:
        """`metrics.queries.agency_values`."""
        return agency_values(self.engine, metric_id, period, scope)

    def scope_values(self, metric_id: str, period: Period, scope: Scope) -> pd.DataFrame:
        """The values of each agency of a scope the anomaly rules judge (`agency_values`)."""
        return self.agency_values(metric_id, period, scope)

    def reported_rows(self, metric, month: Period, scope: Scope, period: Period) -> dict[str, int]:
        """Rows reported per agency of the scope in `month` (the last month of `period`)."""
        return dict(zip(*[agency_sums(self.engine, metric, month, scope)[c] for c in ("agency", "rows")]))


class RankedReader(Reader):
    """A reader whose values of all provinces or all ministries come from that kind's ranking: the
    same `agency_values` frame, ranked, so when the rankings are read anyway (the overview's tables
    of the weakest agencies) the findings need no query of their own."""

    def scope_values(self, metric_id: str, period: Period, scope: Scope) -> pd.DataFrame:
        if scope.level == "kind" and scope.kind in ("province", "ministry"):
            boundary = province_view(scope, period) if scope.kind == "province" else "auto"
            return self.ranking(metric_id, scope.kind, period, boundary, None)
        return super().scope_values(metric_id, period, scope)

    def reported_rows(self, metric, month: Period, scope: Scope, period: Period) -> dict[str, int]:
        if month == period and scope.level == "kind" and scope.kind in ("province", "ministry"):
            vals = self.scope_values(metric.id, period, scope)  # agencies that did not report: NaN
            return {a: int(n) for a, n in zip(vals["agency"], vals["rows"]) if pd.notna(n)}
        return super().reported_rows(metric, month, scope, period)


# --- headlines -----------------------------------------------------------------------------------

def headlines(engine: Engine, period: Period, scope: Scope, cmp: str = "prev",
              reader: Reader | None = None) -> list[Finding]:
    """Each family's headline metric: value, change against the comparison period, target status."""
    reader = reader or Reader(engine)
    out = []
    for fam in catalog.FAMILIES:
        m = catalog.get(fam.headline)
        cur_p, cmp_p = headline_periods(m.id, period, comparison(period, cmp))
        cur = reader.value(m.id, cur_p, scope)
        prev = reader.value(m.id, cmp_p, scope)
        change = None if cur.value is None or prev.value is None else cur.value - prev.value
        facts = {"compare_period": cmp_p, "compare_value": prev.value, "compare_numerator": prev.numerator,
                 "compare_denominator": prev.denominator, "change": change, "light": m.status(cur.value),
                 "rows_reported": cur.rows_reported, "rows_expected": cur.rows_expected, "status": None}
        severity = SEVERITY_INFO
        s = reader.target(m.id, cur_p, scope) if cur.value is not None else None
        if s is not None:
            verdict = target_verdict(s, cur_p)
            facts.update(target=s.target, deadline=s.deadline, projected=s.projected, gap=s.gap,
                         target_source=s.source, status=verdict)
            if verdict in ("missed", "at_risk"):
                severity = SEVERITY_DECISION
        if cur.value is None:
            severity = SEVERITY_WATCH
        out.append(Finding("headline", cur_p, scope_label(scope, cur_p, "vi"),
                           scope_label(scope, cur_p, "en"), m.id, fam.id, value=cur.value,
                           numerator=cur.numerator, denominator=cur.denominator, facts=facts, severity=severity))
    return out


# --- rankings ------------------------------------------------------------------------------------

def rank_findings(ranking: pd.DataFrame, metric_id: str, period: Period, scope_vi: str, scope_en: str,
                  movers: int = MOVERS_SHOWN, bottom: int = BOTTOM) -> list[Finding]:
    """Biggest movers up and down (rank change against the previous period of equal length) and the
    agencies entering or leaving the `bottom` worst ranks (ties at the edge included)."""
    out = []
    prev_period = period.previous()
    ranked = ranking.dropna(subset=["rank"])
    of = int(ranked["of"].iloc[0]) if len(ranked) else 0
    moved = ranked.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] != 0]

    def finding(kind, row, severity, **facts):
        return Finding(kind, period, scope_vi, scope_en, metric_id,
                       None if metric_id == "composite" else catalog.get(metric_id).family,
                       row["agency"], row["name_vi"], row["name_en"], float(row["value"]),
                       _opt(row.get("numerator")), _opt(row.get("denominator")),
                       {"rank": int(row["rank"]), "of": of, "prev_rank": _int(row.get("prev_rank")),
                        "rank_change": _int(row.get("rank_change")), "compare_period": prev_period, **facts},
                       severity)

    ups = moved[moved["rank_change"] > 0].sort_values(["rank_change", "rank", "agency"], ascending=[False, True, True])
    downs = moved[moved["rank_change"] < 0].sort_values(["rank_change", "rank", "agency"], ascending=[True, True, True])
    out += [finding("mover_up", r, SEVERITY_INFO) for _, r in ups.head(movers).iterrows()]
    out += [finding("mover_down", r, SEVERITY_WATCH) for _, r in downs.head(movers).iterrows()]
    now = _worst(ranked, "rank", bottom)
    before = _worst(ranked.dropna(subset=["prev_rank"]), "prev_rank", bottom)
    for _, r in ranked.sort_values(["rank", "agency"], ascending=[False, True]).iterrows():
        if r["agency"] in now and r["agency"] not in before and pd.notna(r.get("prev_rank")):
            out.append(finding("bottom_enter", r, SEVERITY_DECISION, bottom=bottom))
    for _, r in ranked.sort_values(["rank", "agency"]).iterrows():
        if r["agency"] in before and r["agency"] not in now:
            out.append(finding("bottom_leave", r, SEVERITY_INFO, bottom=bottom))
    return out


def _worst(ranked: pd.DataFrame, col: str, n: int) -> set[str]:
    if ranked.empty:
        return set()
    edge = sorted(ranked[col].astype(int), reverse=True)[:n][-1]
    return set(ranked.loc[ranked[col].astype(int) >= edge, "agency"])


def _opt(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def ranking_kinds(scope: Scope) -> list[tuple[str, str | None]]:
    """(kind, region) of the rankings a scope's briefing reports."""
    if scope.level == "national":
        return [("province", None), ("ministry", None)]
    if scope.level == "kind" and scope.kind in ("province", "ministry"):
        return [(scope.kind, None)]
    if scope.level == "region":
        return [("province", scope.region)]
    return []


def rankings(engine: Engine, period: Period, scope: Scope, metric_id: str = "composite",
             ranker=None, reader: Reader | None = None) -> list[Finding]:
    """Rank findings on the composite index (or one metric) for each ranking the scope covers.

    `ranker(metric_id, kind, period, boundary, region)` may hand in rankings already computed
    (the briefing pack draws them too); default `metrics.ranking.rank_agencies`."""
    ranker = ranker or (reader or Reader(engine)).ranking
    if scope.level == "agency":
        return own_rank(engine, period, scope, metric_id, ranker)
    out = []
    for kind, region in ranking_kinds(scope):
        boundary = province_view(scope, period) if kind == "province" else "auto"
        r = ranker(metric_id, kind, period, boundary, region)
        sub = Scope.of_region(region, boundary) if region else Scope.of_kind(kind, boundary)
        out += rank_findings(r, metric_id, period, *_scopes(sub, period))
    return out


def own_rank(engine: Engine, period: Period, scope: Scope, metric_id: str = "composite", ranker=None) -> list[Finding]:
    """For one province or ministry: its rank among its kind and the change against the previous period."""
    kind = agency_kind(scope.agency, scope, period)
    if kind not in ("province", "ministry"):
        return []
    boundary = province_view(scope, period) if kind == "province" else "auto"
    r = (ranker or (lambda *a: rank_agencies(engine, *a)))(metric_id, kind, period, boundary, None)
    row = r[(r["agency"] == scope.agency) & r["rank"].notna()]
    if row.empty:
        return []
    x = row.iloc[0]
    vi, en = _scopes(Scope.of_kind(kind, boundary), period)
    return [Finding("own_rank", period, vi, en, metric_id, None, x["agency"], x["name_vi"], x["name_en"],
                    float(x["value"]), _opt(x.get("numerator")), _opt(x.get("denominator")),
                    {"rank": int(x["rank"]), "of": int(x["of"]), "prev_rank": _int(x.get("prev_rank")),
                     "rank_change": _int(x.get("rank_change")), "compare_period": period.previous()},
                    SEVERITY_WATCH if (_int(x.get("rank_change")) or 0) < 0 else SEVERITY_INFO)]


# --- anomalies -----------------------------------------------------------------------------------

def agency_scopes(scope: Scope, kinds: tuple[str, ...] = ("province", "ministry")) -> list[Scope]:
    """The scopes whose agencies a finding about single agencies looks at."""
    if scope.level == "national":
        return [Scope.of_kind(k, scope.boundary) for k in kinds]
    return [scope]


def history_anomalies(engine: Engine, metric_id: str, period: Period, scope: Scope,
                      reader: Reader | None = None) -> list[Finding]:
    """Agencies whose value for the period lies farther than HISTORY_SIGMAS sample standard
    deviations (and at least HISTORY_MIN_POINTS points) from the mean of their own monthly values
    over the HISTORY_MONTHS months before the period (at least HISTORY_MIN_MONTHS reported)."""
    m = catalog.get(metric_id)
    reader = reader or Reader(engine)
    hist = Period(add_months(period.start, -HISTORY_MONTHS), add_months(period.start, -1))
    found = []
    for sub in agency_scopes(scope, tuple(k for k in m.kinds if k in ("province", "ministry"))):
        cur = reader.scope_values(metric_id, period, sub).dropna(subset=["value"])
        monthly = with_values(m, agency_sums(engine, m, hist, sub, by_month=True))
        series: dict[str, list[float]] = {}  # each agency's reported months, in month order
        for a, v in zip(monthly["agency"], monthly["value"]):
            if pd.notna(v):
                series.setdefault(a, []).append(float(v))
        for i, (a, v) in enumerate(zip(cur["agency"], cur["value"])):
            h = series.get(a, [])
            if len(h) < HISTORY_MIN_MONTHS:
                continue
            mean, sd = statistics.fmean(h), statistics.stdev(h)
            dev = float(v) - mean
            if abs(dev) > HISTORY_SIGMAS * sd and abs(dev) >= HISTORY_MIN_POINTS:
                found.append((abs(dev) / sd if sd else float("inf"), a, cur, i, mean, sd, len(h), dev, sub))
    found.sort(key=lambda x: (-x[0], x[1]))
    out = []
    for _, _a, frame, i, mean, sd, n, dev, sub in found[:ANOMALIES_PER_RULE]:
        r = frame.iloc[i]
        out.append(Finding("anomaly_history", period, *_scopes(sub, period), metric_id, m.family, r["agency"],
                           r["name_vi"], r["name_en"], float(r["value"]), _opt(r["numerator"]),
                           _opt(r["denominator"]),
                           {"mean": mean, "sd": sd, "months": n, "deviation": dev, "history": hist,
                            "sigmas": HISTORY_SIGMAS, "min_points": HISTORY_MIN_POINTS, "worse": _worse(m, dev)},
                           SEVERITY_DECISION if _worse(m, dev) else SEVERITY_INFO))
    return out


def peer_anomalies(engine: Engine, metric_id: str, period: Period, scope: Scope,
                   reader: Reader | None = None) -> list[Finding]:
    """Provinces whose value lies farther than PEER_MADS median absolute deviations (and at least
    PEER_MIN_POINTS points) from the median of the other provinces of their region."""
    m = catalog.get(metric_id)
    boundary = province_view(scope, period)
    if scope.level == "region":
        base = Scope.of_region(scope.region, boundary)
    elif scope.level == "agency":
        row = target_agencies(scope, period)
        if not row or not row[0].get("region"):
            return []
        base = Scope.of_region(row[0]["region"], boundary)
    elif scope.level == "national" or scope.kind == "province":
        base = Scope.of_kind("province", boundary)
    else:
        return []
    vals = (reader or Reader(engine)).scope_values(metric_id, period, base).dropna(subset=["value", "region"])
    found = []
    for region, group in vals.groupby("region"):
        agencies, values = list(group["agency"]), [float(v) for v in group["value"]]
        for j, (a, v) in enumerate(zip(agencies, values)):
            if scope.level == "agency" and a != scope.agency:
                continue
            peers = [x for b, x in zip(agencies, values) if b != a]
            if len(peers) < PEER_MIN:
                continue
            median = statistics.median(peers)
            mad = statistics.median([abs(x - median) for x in peers])
            dev = v - median
            if abs(dev) > PEER_MADS * mad and abs(dev) >= PEER_MIN_POINTS:
                found.append((abs(dev), a, group, j, region, median, mad, len(peers), dev))
    found.sort(key=lambda x: (-x[0], x[1]))
    found = [(size, group.iloc[j], region, median, mad, n, dev)
             for size, _a, group, j, region, median, mad, n, dev in found[:ANOMALIES_PER_RULE]]
    return [Finding("anomaly_peers", period, *_scopes(Scope.of_region(region, boundary), period), metric_id,
                    m.family, r["agency"], r["name_vi"], r["name_en"], float(r["value"]), _opt(r["numerator"]),
                    _opt(r["denominator"]),
                    {"region": region, "median": median, "mad": mad, "peers": n, "deviation": dev,
                     "mads": PEER_MADS, "min_points": PEER_MIN_POINTS, "worse": _worse(m, dev)},
                    SEVERITY_DECISION if _worse(m, dev) else SEVERITY_INFO)
            for _, r, region, median, mad, n, dev in found[:ANOMALIES_PER_RULE]]


def _worse(m, dev: float) -> bool:
    return dev < 0 if m.higher_is_better else dev > 0


# --- drivers of a change -------------------------------------------------------------------------

def drivers(engine: Engine, metric_id: str, period: Period, compare: Period, scope: Scope,
            n: int = DRIVERS_SHOWN) -> list[Finding]:
    """The agencies that drove the change of a rate over a scope, from summed counts.

    With totals N/D now and N0/D0 before and R0 = N0/D0, the change R − R0 splits exactly into
    agency terms c_i = [(n_i − n0_i) − R0·(d_i − d0_i)] / D: an agency whose counts did not move
    contributes nothing, and the terms add up to the change. Its share is c_i / (R − R0). Both
    periods are read in the boundary set of `period`, so merged provinces compare like with like.
    """
    m = catalog.get(metric_id)
    if m.national_row or m.kind != "ratio" or scope.level == "agency":
        return []
    pinned = replace(scope, boundary=province_view(scope, period), ministry_set=ministry_view(period, scope))
    cur, prev = _two_periods(engine, m, period, compare, pinned)
    if cur.empty or prev.empty:
        return []
    now, before = _counts_by_agency(cur, m), _counts_by_agency(prev, m)
    # per agency (a missing period counts 0): agency, n, d, n0, d0
    both = [(a, *now.get(a, (0, 0)), *before.get(a, (0, 0))) for a in sorted(set(now) | set(before))]
    N, D, N0, D0 = (float(sum(r[i] for r in both)) for i in (1, 2, 3, 4))
    if not D or not D0:
        return []
    r0 = N0 / D0
    change = 100.0 * (N / D - r0)
    if abs(change) < DRIVER_MIN_CHANGE or len(both) < 2:
        return []
    parts = [(a, n, d, n0, d0, 100.0 * ((n - n0) - r0 * (d - d0)) / D) for a, n, d, n0, d0 in both]
    same = sorted((p for p in parts if (p[5] > 0 if change > 0 else p[5] < 0)), key=lambda p: (-abs(p[5]), p[0]))[:n]
    names = {r["code"]: r for r in target_agencies(pinned, period, kinds=m.kinds)}
    vi, en = _scopes(scope, period)
    out = []
    for agency, n_, d, n0, d0, c in same:
        a = names.get(agency, {})
        out.append(Finding(
            "driver", period, vi, en, m.id, m.family, agency, a.get("name_vi", agency),
            a.get("name_en", agency), 100.0 * n_ / d if d else None, float(n_), float(d),
            {"contribution": float(c), "share": float(c) / change, "change": change,
             "total_value": 100.0 * N / D, "total_numerator": N, "total_denominator": D,
             "compare_value": 100.0 * r0, "compare_period": compare,
             "agency_compare_value": 100.0 * n0 / d0 if d0 else None,
             "agency_compare_numerator": float(n0), "agency_compare_denominator": float(d0)},
            SEVERITY_WATCH if _worse(m, change) else SEVERITY_INFO))
    return out


def _counts_by_agency(sums: pd.DataFrame, m) -> dict[str, tuple[int, int]]:
    """Agency → (numerator, denominator) of its summed counts (`with_values`)."""
    v = with_values(m, sums)
    return dict(zip(v["agency"].tolist(), zip(v["numerator"].tolist(), v["denominator"].tolist())))


def _as_month(m, period: Period) -> str | None:
    """The month `monthly_agency_sums` stands `period` for (a month, or a task metric's 12-month
    window to a month's end), None for any other period."""
    month = Period.month(period.end)
    if period == (task_window(month) if m.table == "tasks" else month):
        return month.start
    return None


def _two_periods(engine: Engine, m, period: Period, compare: Period, scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`agency_sums` of both periods; for two months (or two task windows), from one grouped query."""
    cur_month, prev_month = _as_month(m, period), _as_month(m, compare)
    if cur_month is None or prev_month is None or cur_month == prev_month:
        return agency_sums(engine, m, period, scope), agency_sums(engine, m, compare, scope)
    sums = monthly_agency_sums(engine, m, [prev_month, cur_month], scope)
    return tuple(sums[sums["month"] == month].drop(columns="month").reset_index(drop=True)
                 for month in (cur_month, prev_month))


# --- missing reports and overdue tasks ------------------------------------------------------------


def missing_reports(engine: Engine, period: Period, scope: Scope, reader: Reader | None = None) -> list[Finding]:
    """Per monthly-reported family: the agencies of the scope with no report (or an incomplete one,
    for a merged province whose old parts reported separately) for the period's last month."""
    month = Period.month(period.end)
    reader = reader or Reader(engine)
    out = []
    own_kind = agency_kind(scope.agency, scope, month) if scope.level == "agency" else None
    for fam in REPORTED_FAMILIES:
        m = catalog.get(fam.headline)
        if own_kind is not None and own_kind not in m.kinds:
            continue  # e.g. a central body reports documents only
        missing, expected = [], 0
        for sub in agency_scopes(scope, m.kinds):
            vs = set(views(sub, month, False, m.kinds))
            targets = target_agencies(sub, month, False, m.kinds)
            codes = {r["code"] for r in targets}
            need = {}
            for r in ref.rollup_rows():
                if r["view"] in vs and r["target_code"] in codes and r["month_from"] <= month.end <= r["month_to"]:
                    need[r["target_code"]] = need.get(r["target_code"], 0) + 1
            got = reader.reported_rows(m, month, sub, period)
            for r in targets:
                if need.get(r["code"]):
                    expected += 1
                    if got.get(r["code"], 0) < need[r["code"]]:
                        missing.append((r["code"], r["name_vi"], r["name_en"]))
        if missing:
            vi, en = _scopes(scope, month)
            out.append(Finding("missing", month, vi, en, m.id, fam.id, value=float(len(missing)),
                               numerator=float(len(missing)), denominator=float(expected),
                               facts={"agencies": missing}, severity=SEVERITY_WATCH))
    return out


def overdue(engine: Engine, period: Period, scope: Scope, listed: int = OVERDUE_LISTED,
            reader: Reader | None = None) -> list[Finding]:
    """Unfinished tasks past their deadline on the period's last day, among all tasks assigned since
    BACKLOG_START, with the agencies holding the most."""
    reader = reader or Reader(engine)
    backlog = Period(BACKLOG_START, period.end)
    total = reader.value("task_overdue_rate", backlog, scope)
    if not total.denominator:
        return []
    per = reader.agency_values("task_overdue_rate", backlog, scope)
    per = per[per["numerator"].fillna(0) > 0].sort_values(["numerator", "agency"], ascending=[False, True])
    top = [(r["agency"], r["name_vi"], r["name_en"], int(r["numerator"]), int(r["denominator"]))
           for _, r in per.head(listed).iterrows()]
    m = catalog.get("task_overdue_rate")
    vi, en = _scopes(scope, period)
    return [Finding("overdue", backlog, vi, en, m.id, m.family, value=total.value,
                    numerator=float(total.numerator), denominator=float(total.denominator),
                    facts={"as_of": period.end_date, "agencies": top, "agencies_with_overdue": len(per)},
                    severity=SEVERITY_DECISION if total.numerator else SEVERITY_INFO)]


# --- everything ----------------------------------------------------------------------------------

def collect(engine: Engine, period: Period, scope: Scope, cmp: str = "prev", ranker=None,
            reader: Reader | None = None) -> list[Finding]:
    """All findings for a period and scope, in briefing order (`ranker`: see `rankings`; `reader`:
    where the numbers are read, see `Reader`)."""
    compare = comparison(period, cmp)
    out = headlines(engine, period, scope, cmp, reader=reader)
    out += rankings(engine, period, scope, ranker=ranker, reader=reader)
    for metric_id in ANOMALY_METRICS:
        out += history_anomalies(engine, metric_id, period, scope, reader=reader)
        out += peer_anomalies(engine, metric_id, period, scope, reader=reader)
    for fam in catalog.FAMILIES:
        m = catalog.get(fam.headline)
        cur_p, cmp_p = headline_periods(m.id, period, compare)
        out += drivers(engine, m.id, cur_p, cmp_p, scope)
    out += missing_reports(engine, period, scope, reader=reader)
    out += overdue(engine, period, scope, reader=reader)
    return out


def decisions(findings: list[Finding]) -> list[Finding]:
    """The findings that need a leader's decision, most severe kinds first."""
    order = {k: i for i, k in enumerate(("headline", "overdue", "bottom_enter", "anomaly_history",
                                         "anomaly_peers", "driver", "missing", "mover_down"))}
    return sorted([f for f in findings if f.severity >= SEVERITY_DECISION], key=lambda f: order.get(f.kind, 99))


# --- sentences -----------------------------------------------------------------------------------

def period_phrase(period: Period, lang: str = "vi") -> str:
    """`tháng 10/2026`, `quý III/2026`, `năm 2026`, `giai đoạn 11/2025–10/2026` (en: `10/2026`, …)."""
    return t(f"br_period_{period.kind}", lang, label=period.label(lang), year=period.start[:4])


def _fmt_value(metric_id: str | None, x, lang: str) -> str:
    if metric_id is None or metric_id == "composite":
        return t("br_score", lang, value=formatting.number(x, lang, 2))
    return formatting.value(catalog.get(metric_id), x, lang)


def _points(x, lang: str) -> str:
    """Percentage points, one decimal (two below 0.1, so a real contribution never reads 0,0)."""
    return formatting.number(abs(x), lang, 1 if round(abs(x), 1) >= 0.1 else 2)


def _ratio(num, den, lang: str) -> str:
    return f"{formatting.number(num, lang)}/{formatting.number(den, lang)}"


def _metric_name(metric_id: str, lang: str) -> str:
    if metric_id == "composite":
        return t("br_composite", lang)
    label = catalog.get(metric_id).label(lang)
    return label[:1].lower() + label[1:]


def _change_phrase(metric_id: str, change, lang: str) -> str:
    m = catalog.get(metric_id)
    if change is None:
        return t("br_change_none", lang)
    amount = _points(change, lang) if m.is_rate else formatting.number(abs(change), lang)
    unit = t("br_points", lang) if m.is_rate else m.unit(lang)
    if round(change, 1) == 0:
        return t("br_change_same", lang)
    return t("br_change_up" if change > 0 else "br_change_down", lang, amount=amount, unit=unit)


def _names(items, lang: str) -> str:
    return ", ".join(name_en if lang == "en" else name_vi for _code, name_vi, name_en, *_ in items)


def sentence(f: Finding, lang: str = "vi") -> str:
    """The finding as one sentence (or two), quoting its figures."""
    lg = "en" if lang == "en" else "vi"
    name = f.name(lg)
    metric = _metric_name(f.metric, lg) if f.metric else ""
    period = period_phrase(f.period, lg)
    x = f.facts
    if f.kind == "headline":
        m = catalog.get(f.metric)
        if f.value is None:
            return t("br_headline_none", lg, metric=metric, scope=f.scope(lg), period=period)
        ratio = (t("br_ratio", lg, ratio=_ratio(f.numerator, f.denominator, lg), noun=t(f"br_den_{m.id}", lg))
                 if m.is_rate else "")
        text = t("br_headline", lg, scope=f.scope(lg), metric=metric, period=period,
                 value=_fmt_value(m.id, f.value, lg), ratio=ratio,
                 change=_change_phrase(m.id, x["change"], lg),
                 compare=period_phrase(x["compare_period"], lg),
                 compare_value=_fmt_value(m.id, x["compare_value"], lg))
        if x.get("status"):
            proj = x.get("projected")
            if proj is not None and m.is_rate:  # a straight line can leave 0–100%; a rate cannot
                proj = min(max(proj, 0.0), 100.0)
            text += " " + t(f"br_target_{x['status']}", lg, target=_fmt_value(m.id, x["target"], lg),
                            deadline=x["deadline"].strftime("%d/%m/%Y"),
                            projected=_fmt_value(m.id, proj, lg) if proj is not None else formatting.NA[lg])
        return text
    if f.kind in ("mover_up", "mover_down"):
        return t(f"br_{f.kind}", lg, name=name, places=abs(x["rank_change"]), metric=metric,
                 prev=x["prev_rank"], rank=x["rank"], of=x["of"], period=period,
                 compare=period_phrase(x["compare_period"], lg), value=_fmt_value(f.metric, f.value, lg),
                 scope=f.scope(lg))
    if f.kind == "own_rank":
        change = x["rank_change"]
        key = "br_own_rank_none" if change is None else "br_own_rank_up" if change > 0 else \
            "br_own_rank_down" if change < 0 else "br_own_rank_same"
        return t(key, lg, name=name, metric=metric, rank=x["rank"], of=x["of"], period=period, scope=f.scope(lg),
                 value=_fmt_value(f.metric, f.value, lg), places=abs(change or 0), prev=x["prev_rank"],
                 compare=period_phrase(x["compare_period"], lg))
    if f.kind in ("bottom_enter", "bottom_leave"):
        return t(f"br_{f.kind}", lg, name=name, n=x["bottom"], metric=metric, rank=x["rank"], of=x["of"],
                 prev=x["prev_rank"], period=period, compare=period_phrase(x["compare_period"], lg),
                 value=_fmt_value(f.metric, f.value, lg), scope=f.scope(lg))
    if f.kind == "anomaly_history":
        return t("br_anomaly_history_" + ("below" if x["deviation"] < 0 else "above"), lg, name=name,
                 metric=metric, period=period, value=_fmt_value(f.metric, f.value, lg),
                 ratio=_ratio(f.numerator, f.denominator, lg), mean=formatting.percent(x["mean"], lg),
                 months=x["months"], history=x["history"].label(lg), dev=_points(x["deviation"], lg),
                 sd=formatting.number(x["sd"], lg, 2), k=formatting.number(x["sigmas"], lg),
                 min=formatting.number(x["min_points"], lg))
    if f.kind == "anomaly_peers":
        region = REGIONS[x["region"]][0 if lg == "vi" else 1]
        return t("br_anomaly_peers_" + ("below" if x["deviation"] < 0 else "above"), lg, name=name,
                 metric=metric, period=period, value=_fmt_value(f.metric, f.value, lg),
                 ratio=_ratio(f.numerator, f.denominator, lg), region=region, peers=x["peers"],
                 median=formatting.percent(x["median"], lg), dev=_points(x["deviation"], lg),
                 mad=formatting.number(x["mad"], lg, 2), k=formatting.number(x["mads"], lg),
                 min=formatting.number(x["min_points"], lg))
    if f.kind == "driver":
        return t("br_driver_" + ("up" if x["change"] > 0 else "down"), lg, name=name, metric=metric,
                 scope=f.scope(lg), period=period, compare=period_phrase(x["compare_period"], lg),
                 contribution=_points(x["contribution"], lg), change=_points(x["change"], lg),
                 share=formatting.percent(100.0 * x["share"], lg, 0),
                 before=formatting.percent(x["agency_compare_value"], lg),
                 before_ratio=_ratio(x["agency_compare_numerator"], x["agency_compare_denominator"], lg),
                 after=formatting.percent(f.value, lg), after_ratio=_ratio(f.numerator, f.denominator, lg))
    if f.kind == "missing":
        fam = next(fa for fa in catalog.FAMILIES if fa.id == f.family)
        return t("br_missing", lg, family=fam.label(lg), n=formatting.number(f.numerator, lg),
                 expected=formatting.number(f.denominator, lg), month=month_label(f.period.end),
                 names=_names(x["agencies"], lg), scope=f.scope(lg))
    if f.kind == "overdue":
        top = "; ".join(t("br_overdue_item", lg, name=(ne if lg == "en" else nv), overdue=formatting.number(o, lg),
                          assigned=formatting.number(a, lg)) for _c, nv, ne, o, a in x["agencies"])
        return t("br_overdue", lg, date=x["as_of"].strftime("%d/%m/%Y"), scope=f.scope(lg),
                 overdue=formatting.number(f.numerator, lg), assigned=formatting.number(f.denominator, lg),
                 rate=formatting.percent(f.value, lg), start=month_label(f.period.start),
                 agencies=x["agencies_with_overdue"], top=top)
    raise ValueError(f"unknown finding kind {f.kind!r}")


def decision_line(f: Finding, lang: str = "vi") -> str:
    """A finding as one short line for the closing slide of points needing a decision."""
    lg = "en" if lang == "en" else "vi"
    x = f.facts
    if f.kind == "headline" and x.get("status"):
        m = catalog.get(f.metric)
        return t("br_dec_headline", lg, metric=m.label(lg), value=_fmt_value(m.id, f.value, lg),
                 status=t(f"br_dec_status_{x['status']}", lg), target=_fmt_value(m.id, x["target"], lg),
                 deadline=x["deadline"].strftime("%d/%m/%Y"))
    if f.kind == "overdue":
        return t("br_dec_overdue", lg, overdue=formatting.number(f.numerator, lg), rate=formatting.percent(f.value, lg),
                 names=_names(x["agencies"], lg))
    if f.kind == "bottom_enter":
        return t("br_dec_bottom", lg, name=f.name(lg), n=x["bottom"], metric=_metric_name(f.metric, lg),
                 rank=x["rank"], of=x["of"])
    if f.kind in ("anomaly_history", "anomaly_peers"):
        ref = (t("br_dec_ref_history", lg, mean=formatting.percent(x["mean"], lg)) if f.kind == "anomaly_history"
               else t("br_dec_ref_peers", lg, median=formatting.percent(x["median"], lg),
                      region=REGIONS[x["region"]][0 if lg == "vi" else 1]))
        return t("br_dec_anomaly", lg, name=f.name(lg), metric=_metric_name(f.metric, lg),
                 value=_fmt_value(f.metric, f.value, lg), ref=ref)
    return sentence(f, lg)
