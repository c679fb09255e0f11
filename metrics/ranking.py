"""Rankings of provinces or ministries on one metric or on the composite index, with tie-aware
ranks and the change of rank against the previous period of equal length."""
from __future__ import annotations

from dataclasses import replace
from functools import cache
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from i18n import t
from metrics import catalog, formatting
from metrics.periods import Period, add_months, task_window
from metrics.queries import (agency_values, monthly_agency_sums, monthly_agency_sums_of, values_of_counts,
                             with_values)
from metrics.scope import Scope, ministry_view, province_view, target_agencies

BANDS = tuple(  # composite points → band (floor, key, Vietnamese, English), as provinces grade their departments
    (floor, key, t(f"mn_band_{key}", "vi"), t(f"mn_band_{key}", "en"))
    for floor, key in ((90.0, "xuat_sac"), (80.0, "tot"), (70.0, "kha"), (50.0, "trung_binh"), (0.0, "yeu")))


def band(points: float | None, lang: str = "vi") -> str | None:
    """The named band of a composite score as shown (89,996 shows as 90,00: Xuất sắc); None without one."""
    if points is None or points != points:
        return None
    points = formatting.rounded(points, formatting.POINTS_DIGITS)
    for floor, _, vi, en in BANDS:
        if points >= floor:
            return vi if lang == "vi" else en
    return None


def metric_of(metric_id: str):
    """The catalog metric of a ranking, None for the composite index."""
    return None if metric_id == "composite" else catalog.get(metric_id)


def shown_values(values: pd.Series, metric_id: str) -> pd.Series:
    """Values exactly as the rankings table shows them (`formatting.shown`): what ranks are decided on."""
    metric = metric_of(metric_id)
    return pd.Series([formatting.shown(metric, v) for v in values], index=values.index, dtype=float)


def _ranks(values: pd.Series, higher_is_better: bool, metric_id: str) -> pd.Series:
    """Competition ranks (1, 2, 2, 4) on the values as shown: equal shown values share the best
    rank, different ranks never show the same value; missing values stay unranked."""
    return _ranks_of_shown(shown_values(values, metric_id), higher_is_better)


def _ranks_of_shown(shown: pd.Series, higher_is_better: bool) -> pd.Series:
    """`_ranks` of values already as shown."""
    return shown.rank(method="min", ascending=not higher_is_better).astype("Int64")


def _scope(kind: str, boundary: str, region: str | None, ministry_set: str = "auto") -> Scope:
    scope = Scope.of_region(region, boundary) if region else Scope.of_kind(kind, boundary)
    return replace(scope, ministry_set=ministry_set)


def _frame(engine: Engine, metric_id: str, kind: str, period: Period, boundary: str,
           region: str | None, as_of: date | None, ministry_set: str) -> pd.DataFrame:
    if metric_id == "composite":
        return composite_values(engine, kind, period, boundary, region, as_of, ministry_set)
    return agency_values(engine, metric_id, period, _scope(kind, boundary, region, ministry_set), as_of)


def rank_agencies(engine: Engine, metric_id: str, kind: str, period: Period, boundary: str = "auto",
                  region: str | None = None, as_of: date | None = None) -> pd.DataFrame:
    """One row per agency: agency, name_vi, name_en, region, value, shown_value, rank, of, prev_rank,
    rank_change.

    Ranks are decided on `shown_value`, the value at the precision the table shows
    (`formatting.shown_digits`). `rank_change` > 0 means the agency moved up. Agencies without data are listed last, unranked.
    The previous period is ranked in the same province and ministry sets, so the change compares
    like with like across the 2025 reorganizations.
    """
    if boundary == "auto":
        boundary = province_view(Scope(boundary="auto"), period)
    ministry_set = ministry_view(period)
    cur = _frame(engine, metric_id, kind, period, boundary, region, as_of, ministry_set)
    prev_period = period.previous()
    prev_as_of = None if as_of is None else prev_period.end_date
    prev = _frame(engine, metric_id, kind, prev_period, boundary, region, prev_as_of, ministry_set)
    return ranked(cur, prev, metric_id)


def ranked(cur: pd.DataFrame, prev: pd.DataFrame, metric_id: str) -> pd.DataFrame:
    """A ranking (`rank_agencies`' columns) from per-agency values of the period and of the period
    before, both in the same boundary and ministry sets."""
    higher = True if metric_id == "composite" else catalog.get(metric_id).higher_is_better
    shown = shown_values(cur["value"], metric_id)
    rank = _ranks_of_shown(shown, higher)
    prev_codes = prev["agency"].tolist()
    if len(set(prev_codes)) != len(prev_codes):  # not one row per agency: as a join does
        return _ranked_by_join(cur, prev, metric_id, higher, shown, rank)
    before = dict(zip(prev_codes, _ranks(prev["value"], higher, metric_id).array))
    codes = cur["agency"].tolist()
    prev_rank = pd.array([before.get(a, pd.NA) for a in codes], dtype="Int64")
    ranks = rank.array
    order = sorted(range(len(codes)), key=lambda i: (ranks[i] is pd.NA, 0 if ranks[i] is pd.NA else ranks[i], codes[i]))
    out = cur.iloc[order].reset_index(drop=True)
    extra = pd.DataFrame({"shown_value": shown.to_numpy()[order], "rank": ranks[order],
                          "of": np.full(len(codes), int(cur["value"].notna().sum()), dtype="int64"),
                          "prev_rank": prev_rank[order], "rank_change": (prev_rank - ranks)[order]})
    return pd.concat([out, extra], axis=1)


def _ranked_by_join(cur, prev, metric_id, higher, shown, rank) -> pd.DataFrame:
    """`ranked` when the previous period lists an agency more than once."""
    cur = cur.copy()
    cur["shown_value"] = shown
    cur["rank"] = rank
    cur["of"] = int(cur["value"].notna().sum())
    prev = prev[["agency"]].assign(prev_rank=_ranks(prev["value"], higher, metric_id))
    cur = cur.merge(prev, on="agency", how="left")
    cur["rank_change"] = (cur["prev_rank"] - cur["rank"]).astype("Int64")
    return cur.sort_values(["rank", "agency"], na_position="last").reset_index(drop=True)


def composite_values(engine: Engine, kind: str, period: Period, boundary: str = "auto",
                     region: str | None = None, as_of: date | None = None,
                     ministry_set: str = "auto") -> pd.DataFrame:
    """Composite index per agency: the weighted sum of its component scores, out of 100 points.

    A component scores weight × rate/100 (higher is better) or weight × (1 − rate/100). An agency
    missing any component gets no score (N/A), never a partial one. Task components cover the
    tasks assigned in the 12 months to the period's end, as of its last day: a single month holds
    too few tasks per agency to judge.
    """
    scope = _scope(kind, boundary, region, ministry_set)
    task_period = task_window(period)
    values = {}
    for metric_id in catalog.composite_weights():
        if catalog.get(metric_id).table == "tasks":
            values[metric_id] = agency_values(engine, metric_id, task_period, scope, as_of or period.end_date)
        else:
            values[metric_id] = agency_values(engine, metric_id, period, scope, as_of)
    return composite_of(values)


def composite_of(values: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The composite index from each component's per-agency values (`agency_values` frames, or any
    frame with agency, value and the reference columns): points_<metric> per component and value,
    their sum (NaN unless every component has a value)."""
    weights = catalog.composite_weights()
    frames = [values[i] for i in weights]
    codes = frames[0]["agency"].tolist()
    if len(set(codes)) == len(codes) and all(v["agency"].tolist() == codes for v in frames[1:]):
        # the same agencies in the same order (as `agency_values` lists a scope): side by side
        first = frames[0]
        return _with_total(pd.DataFrame({**{c: first[c].array for c in REFERENCE_COLUMNS},
                                         **{f"points_{i}": _points(i, w, v["value"].to_numpy())
                                            for (i, w), v in zip(weights.items(), frames)}}))
    out = None
    for metric_id, weight in weights.items():
        v = values[metric_id]
        part = v[list(REFERENCE_COLUMNS)].copy()
        part[f"points_{metric_id}"] = _points(metric_id, weight, v["value"])
        out = part if out is None else out.merge(part[["agency", f"points_{metric_id}"]], on="agency")
    return _with_total(out)


REFERENCE_COLUMNS = ("agency", "name_vi", "name_en", "kind", "region", "lat", "lon", "merged_into")
"""The columns of an agency the composite keeps from its components' values."""


def _points(metric_id: str, weight: float, value):
    """A component's composite points from its value in percent (inverted where lower is better)."""
    share = value / 100.0
    return weight * (share if catalog.get(metric_id).higher_is_better else 1 - share)


def _with_total(frame: pd.DataFrame) -> pd.DataFrame:
    """The composite's value: the sum of the frame's points_ columns, NaN unless every component has
    points (added in column order, as a row sum adds them)."""
    point_cols = [c for c in frame.columns if c.startswith("points_")]
    if not point_cols:
        frame["value"] = 0.0
        return frame
    total = frame[point_cols[0]].to_numpy(dtype=float)
    for c in point_cols[1:]:
        total = total + frame[c].to_numpy(dtype=float)
    frame["value"] = total
    return frame


def monthly_ranks(engine: Engine, metric_id: str, kind: str, months: list[str], boundary: str = "auto") -> pd.DataFrame:
    """Each month's ranking of provinces or ministries, as `rank_agencies` ranks the month (task KPIs
    and the composite's task component: the month's 12-month task window), in one long frame:
    month, agency, value, shown_value, rank, of. One grouped query per metric for all the months
    (per boundary set they fall in), instead of one ranking per month."""
    higher = True if metric_id == "composite" else catalog.get(metric_id).higher_is_better
    frames = []
    for scope, group in _months_by_scope(kind, sorted(months), boundary).items():
        if metric_id == "composite":
            weights = catalog.composite_weights()
            sums = monthly_agency_sums_of(engine, {i: group for i in weights}, scope)
            parts = [_monthly_values(i, sums[i], scope, group) for i in weights]
            cur = parts[0][["month", "agency"]].copy()
            for (i, weight), part in zip(weights.items(), parts):
                cur[f"points_{i}"] = _points(i, weight, part["value"].to_numpy())
            cur = _with_total(cur)
        else:
            cur = _monthly_values(metric_id, monthly_agency_sums(engine, catalog.get(metric_id), group, scope),
                                  scope, group)
        frames.append(cur[["month", "agency", "value"]])
    columns = ["month", "agency", "value", "shown_value", "rank", "of"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    out["shown_value"] = shown_values(out["value"], metric_id)
    shown, present = out["shown_value"], out["value"].notna().to_numpy()
    rank = pd.array([pd.NA] * len(out), dtype="Int64")
    of = np.zeros(len(out), dtype="int64")
    for rows in _rows_by_month(out["month"]).values():  # each month ranked on its own
        rank[rows] = _ranks_of_shown(shown.iloc[rows], higher).array
        of[rows] = int(present[rows].sum())
    out["rank"] = rank
    out["of"] = of
    return out[columns]


def month_rankings(engine: Engine, metric_ids: list[str], kind: str, month: str,
                   boundary: str = "auto") -> dict[str, pd.DataFrame]:
    """Metric → ranking of one month (`rankings_of_months` for one month)."""
    return rankings_of_months(engine, metric_ids, kind, [month], boundary)[month]


def rankings_of_months(engine: Engine, metric_ids: list[str], kind: str, months: list[str],
                       boundary: str = "auto") -> dict[str, dict[str, pd.DataFrame]]:
    """Month → metric → ranking, each as `rank_agencies` gives it for the month (task KPIs: the
    month's 12-month task window), from one grouped query per metric over every month needed (each
    month, the one before, and for task KPIs the window a year earlier; per set of boundaries)
    instead of two queries per ranking (ten for the composite). The composite reuses its
    components' counts, and a month's counts serve every ranking that needs them."""
    out = {}
    for scope, group in _months_by_scope(kind, months, boundary).items():
        out.update(_month_rankings(engine, metric_ids, scope, group))
    return {m: out[m] for m in months}


def _months_by_scope(kind: str, months: list[str], boundary: str) -> dict[Scope, list[str]]:
    """The months grouped by the scope their rankings are made in (the province set, `boundary` or
    the one in force that month, and the ministry set in force), each group in the given order."""
    groups: dict[Scope, list[str]] = {}
    for month in months:
        one = Period.month(month)
        view = boundary if boundary != "auto" else province_view(Scope(boundary="auto"), one)
        groups.setdefault(_scope(kind, view, None, ministry_view(one)), []).append(month)
    return groups


def _rows_by_month(months: pd.Series) -> dict[str, list[int]]:
    """Month → the positions of its rows, in row order."""
    at: dict[str, list[int]] = {}
    for i, m in enumerate(months.tolist()):
        at.setdefault(m, []).append(i)
    return at


def _month_rankings(engine: Engine, metric_ids: list[str], scope: Scope, months: list[str]) -> dict:
    """`rankings_of_months` for months whose rankings share one scope (boundary and ministry set)."""
    def before(metric_id: str, month: str) -> str:  # the period a rank change compares with
        table = None if metric_id == "composite" else catalog.get(metric_id).table
        return add_months(month, -12 if table == "tasks" else -1)

    needed: dict[str, set[str]] = {}
    for month in months:
        for metric_id in metric_ids:
            for i in (catalog.composite_weights() if metric_id == "composite" else (metric_id,)):
                needed.setdefault(i, set()).update((month, before(metric_id, month)))
    sums = {i: _by_month(frame) for i, frame in
            monthly_agency_sums_of(engine, {i: sorted(ms) for i, ms in needed.items()}, scope).items()}

    @cache  # the composite shares its components' values with their own rankings
    def values(metric_id: str, m: str) -> pd.DataFrame:
        if metric_id == "composite":
            return composite_of({i: values(i, m) for i in catalog.composite_weights()})
        metric = catalog.get(metric_id)
        period = task_window(Period.month(m)) if metric.table == "tasks" else Period.month(m)
        agencies, counts = sums[metric_id].get(m) or ([], {c: a[:0] for c, a in sums[metric_id][None].items()})
        return values_of_counts(metric, agencies, counts, period, scope)

    return {month: {i: ranked(values(i, month), values(i, before(i, month)), i) for i in metric_ids} for month in months}


def _by_month(sums: pd.DataFrame) -> dict:
    """`monthly_agency_sums` split by month: month → (agency codes, {column: array}) in row order,
    and under None each count column's full array (for a month without rows)."""
    arrays = {c: sums[c].to_numpy() for c in sums.columns if c not in ("agency", "month")}
    agencies = sums["agency"].tolist()
    out: dict = {m: ([agencies[i] for i in rows], {c: a[rows] for c, a in arrays.items()})
                 for m, rows in _rows_by_month(sums["month"]).items()}
    out[None] = arrays
    return out


def _monthly_values(metric_id: str, sums: pd.DataFrame, scope: Scope, months: list[str]) -> pd.DataFrame:
    """Per agency and month: value from `monthly_agency_sums`, over the scope's reference rows (the
    same in every month of the group; NaN where an agency did not report), as `agency_values` lists
    them. Rows in month, then agency reference order. Columns month, agency, value."""
    metric = catalog.get(metric_id)
    codes = [r["code"] for r in target_agencies(scope, Period.month(months[0]), kinds=metric.kinds)]
    value = with_values(metric, sums)["value"].to_numpy()
    at = {(m, a): i for i, (m, a) in enumerate(zip(sums["month"].tolist(), sums["agency"].tolist()))}
    if len(at) != len(sums):  # grouped by agency and month, so never: a value must not be dropped unseen
        raise ValueError(f"{metric_id}: monthly sums hold more than one row for an agency and month")
    spots = [at.get((m, a), -1) for m in months for a in codes]
    return pd.DataFrame({"month": [m for m in months for _ in codes], "agency": codes * len(months),
                         "value": np.array([value[i] if i >= 0 else np.nan for i in spots], dtype=float)})


def peers(ranking: pd.DataFrame, code: str) -> pd.DataFrame:
    """Agencies of the same region as `code` in a ranking, in rank order."""
    row = ranking.loc[ranking["agency"] == code]
    if row.empty or pd.isna(row.iloc[0]["region"]):
        return ranking.iloc[0:0]
    return ranking[ranking["region"] == row.iloc[0]["region"]]


def gap_to_next(ranking: pd.DataFrame, code: str) -> float | None:
    """How far the agency's value is from the agency ranked just above it (None if first/unranked),
    between the values as shown when the ranking has them, so a reader can check the difference."""
    values = ranking["shown_value" if "shown_value" in ranking else "value"].tolist()
    agencies, ranks = ranking["agency"].tolist(), ranking["rank"].tolist()
    if code not in agencies or pd.isna(ranks[agencies.index(code)]):
        return None
    i = agencies.index(code)
    rank, value = int(ranks[i]), float(values[i])
    above = [j for j, r in enumerate(ranks) if not pd.isna(r) and r < rank]
    if not above:
        return None
    nearest = max(above, key=lambda j: (ranks[j], -j))  # the first row holding the nearest rank above
    return abs(float(values[nearest]) - value)
