"""Decision 766's index computed from stored counts: each criterion's rate and points, the groups,
the total out of 100, the band, tie-aware ranks among the same peers, and where points were lost.

Counts are summed over the months of a period (stocks: each agency's last reported month) and over
the old provinces or ministries that make up a merged one, then turned into rates; points follow
each criterion's declared rule (`metrics.index_model`). The same functions score a what-if.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data import schema
from metrics.index_model import FIRST_MONTH, MODEL, Criterion, IndexModel
from metrics.periods import Period, add_months, month_index, parse_month
from metrics.ranking import band
from metrics.scope import Scope, ministry_view, province_view, target_agencies, view_for_kind

R = schema.agency_rollup
T = schema.index766_inputs
PERIOD_KINDS = ("month", "quarter", "ytd")
KINDS = ("province", "ministry")
REFERENCE = ["agency", "name_vi", "name_en", "kind", "region", "lat", "lon"]


# --- periods --------------------------------------------------------------------------------------

def index_period(kind: str, to: str) -> Period:
    """The month, the quarter or the year to date ending with month `to`, from 08/2022 at the earliest."""
    to = parse_month(to)
    if month_index(to) < month_index(FIRST_MONTH):
        raise ValueError(f"the 766 index starts in {FIRST_MONTH[5:]}/{FIRST_MONTH[:4]}; no score for {to}")
    if kind == "month":
        return Period.month(to)
    if kind == "quarter":
        start = add_months(to, -((int(to[5:]) - 1) % 3))
        return Period.between(max(start, FIRST_MONTH), to)
    if kind == "ytd":
        return Period.between(max(f"{to[:4]}-01", FIRST_MONTH), to)
    raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(PERIOD_KINDS)}")


def previous_period(kind: str, to: str) -> Period | None:
    """The period a rank change compares with: the previous month, the previous quarter, or the
    year to date one month earlier. None before the index began."""
    to = parse_month(to)
    back = (int(to[5:]) - 1) % 3 + 1 if kind == "quarter" else 1  # to the previous quarter's last month
    prev_to = add_months(to, -back)
    return index_period(kind, prev_to) if month_index(prev_to) >= month_index(FIRST_MONTH) else None


def clipped(period: Period) -> Period | None:
    """A view's period within the index's life: from 08/2022 at the earliest (None if it ends before)."""
    if month_index(period.end) < month_index(FIRST_MONTH):
        return None
    if month_index(period.start) >= month_index(FIRST_MONTH):
        return period
    return Period.between(FIRST_MONTH, period.end)


def period_before(period: Period) -> Period | None:
    """For any range of months: the range of equal length just before it (None before the index)."""
    prev = period.previous()
    return prev if month_index(prev.start) >= month_index(FIRST_MONTH) else None


# --- scoring --------------------------------------------------------------------------------------

def _combine(arrays: dict[str, np.ndarray], cols: tuple[str, ...], how: str = "sum") -> np.ndarray:
    part = np.vstack([arrays[c] for c in cols])
    return part.max(axis=0) if how == "max" else part.sum(axis=0)


def _criterion_arrays(c: Criterion, arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(rate in %, points) of a criterion per row of summed counts (NaN: no score)."""
    num = _combine(arrays, c.numerator)
    if c.formula == "reported":
        den = np.full(num.shape, np.nan)
        value = num
    else:
        den = _combine(arrays, c.denominator, c.denominator_agg)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)
        value = 100.0 - share if c.formula == "complement" else share
    points = c.max_points * np.clip(value / c.full_at, 0.0, 1.0)
    empty = den == 0
    if c.if_empty == "zero":
        points = np.where(empty, 0.0, points)
    elif c.if_empty == "full":
        points = np.where(empty, float(c.max_points), points)
    return value, points


def criterion_values(c: Criterion, sums: pd.DataFrame) -> pd.DataFrame:
    """Per row of summed counts: the criterion's rate (%) and points."""
    value, points = _criterion_arrays(c, {col: sums[col].to_numpy(dtype=float) for col in c.inputs})
    return pd.DataFrame({"value": value, "points": points}, index=sums.index)


def points_for_rate(c: Criterion, rate: float) -> float:
    """The points a criterion earns at a given rate (%), by its scoring rule."""
    return c.max_points * min(max(rate / c.full_at, 0.0), 1.0)


def score(sums: pd.DataFrame, model: IndexModel = MODEL) -> pd.DataFrame:
    """Add, per row of summed counts: `value_<criterion>`, `points_<criterion>`, one column of points
    per group, `total` and `band`. A criterion without a score leaves its group and the total N/A."""
    arrays = {col: pd.to_numeric(sums[col]).to_numpy(dtype=float) for col in model.inputs}
    cols: dict[str, np.ndarray] = {}
    for c in model.criteria:
        cols[f"value_{c.id}"], cols[f"points_{c.id}"] = _criterion_arrays(c, arrays)
    for g in model.groups:
        # a sum with any NaN is NaN: one criterion without a score leaves its group without one
        cols[g.id] = np.sum([cols[f"points_{c.id}"] for c in model.of_group(g.id)], axis=0)
    cols["total"] = np.sum([cols[g.id] for g in model.groups], axis=0)
    added = pd.DataFrame(cols, index=sums.index)
    added["band"] = [band(x) for x in cols["total"]]
    return pd.concat([sums.drop(columns=[c for c in added.columns if c in sums.columns]), added], axis=1)


def competition_ranks(totals: pd.Series) -> pd.Series:
    """Ranks 1, 2, 2, 4 on totals rounded to two decimals, as published; no score, no rank."""
    return totals.astype(float).round(2).rank(method="min", ascending=False).astype("Int64")


# --- reading the inputs ---------------------------------------------------------------------------

def input_sums(engine: Engine, kind: str, period: Period, boundary: str = "auto", ministry_set: str = "auto",
               model: IndexModel = MODEL) -> pd.DataFrame:
    """Per agency of the set in force (63 or 34 provinces; 22 or 17 ministries): reference columns,
    `months` reported, and each input summed over the period (stocks: the last reported month).
    Agencies that reported nothing keep N/A inputs."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected province or ministry")
    scope = replace(Scope.of_kind(kind, boundary), ministry_set=ministry_set)
    view = view_for_kind(kind, scope, period)
    refs = pd.DataFrame(target_agencies(scope, period)).rename(columns={"code": "agency"})[REFERENCE]
    cols = model.inputs
    stmt = (select(R.c.target_code.label("agency"), T.c.month, *[func.sum(T.c[c]).label(c) for c in cols])
            .select_from(T.join(R, and_(R.c.source_code == T.c.agency_code, T.c.month >= R.c.month_from,
                                        T.c.month <= R.c.month_to, R.c.view == view)))
            .where(T.c.month >= period.start, T.c.month <= period.end,
                   R.c.target_code.in_(refs["agency"].tolist()))
            .group_by(R.c.target_code, T.c.month))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    monthly = pd.DataFrame({"agency": [r[0] for r in rows], "month": [r[1] for r in rows]})
    counts = pd.DataFrame(np.array([r[2:] for r in rows], dtype=float).reshape(len(rows), len(cols)), columns=cols)
    monthly = pd.concat([monthly, counts], axis=1)
    stocks = sorted({col for c in model.criteria if c.time_agg == "last" for col in c.inputs})
    flows = [c for c in cols if c not in stocks]
    by_agency = monthly.groupby("agency")
    summed = by_agency[flows].sum()
    summed["months"] = by_agency["month"].nunique()
    last = monthly.sort_values("month").drop_duplicates("agency", keep="last").set_index("agency")[stocks]
    return refs.merge(summed.join(last), left_on="agency", right_index=True, how="left")


def scores(engine: Engine, kind: str, period: Period, boundary: str = "auto", ministry_set: str = "auto",
           model: IndexModel = MODEL) -> pd.DataFrame:
    """`input_sums` scored: rates, points, groups, total and band per agency."""
    return score(input_sums(engine, kind, period, boundary, ministry_set, model), model)


def rank_index(engine: Engine, kind: str, period: Period, previous: Period | None = None,
               boundary: str = "auto", region: str | None = None, model: IndexModel = MODEL) -> pd.DataFrame:
    """The ranking on the index: one row per agency with its rates, points, groups, total, band,
    rank, `of`, the previous period's rank and `rank_change` (> 0: moved up), best first; unscored
    agencies last, unranked. The previous period is ranked among the same province and ministry set."""
    if boundary == "auto":
        boundary = province_view(Scope(boundary="auto"), period)
    ministry_set = ministry_view(period)
    cur = _ranked(scores(engine, kind, period, boundary, ministry_set, model), region)
    if previous is not None:
        prev = _ranked(scores(engine, kind, previous, boundary, ministry_set, model), region)
        cur = cur.merge(prev[["agency", "rank"]].rename(columns={"rank": "prev_rank"}), on="agency", how="left")
    else:
        cur["prev_rank"] = pd.array([pd.NA] * len(cur), dtype="Int64")
    cur["rank_change"] = (cur["prev_rank"] - cur["rank"]).astype("Int64")
    return cur.sort_values(["rank", "agency"], na_position="last").reset_index(drop=True)


def _ranked(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    if region:
        frame = frame[frame["region"] == region].reset_index(drop=True)
    frame = frame.copy()
    frame["rank"] = competition_ranks(frame["total"])
    frame["of"] = int(frame["total"].notna().sum())
    return frame


# --- one agency: where points were lost, what would lift it ---------------------------------------

def _row(ranking: pd.DataFrame, code: str) -> pd.Series:
    rows = ranking.loc[ranking["agency"] == code]
    if rows.empty:
        raise KeyError(f"agency {code!r} is not in this ranking")
    return rows.iloc[0]


def breakdown(ranking: pd.DataFrame, code: str, model: IndexModel = MODEL) -> pd.DataFrame:
    """One row per criterion for an agency: group, criterion, ref, rate (%), points, max, points
    lost and `fitted`; sorted by points lost, the largest first."""
    row = _row(ranking, code)
    out = pd.DataFrame([{"group": c.group, "criterion": c.id, "ref": c.ref, "value": row[f"value_{c.id}"],
                         "points": row[f"points_{c.id}"], "max": float(c.max_points),
                         "lost": c.max_points - row[f"points_{c.id}"], "fitted": c.fitted}
                        for c in model.criteria])
    for col in ("value", "points", "lost"):
        out[col] = pd.to_numeric(out[col]).astype(float)
    return out.sort_values(["lost", "criterion"], ascending=[False, True], na_position="last").reset_index(drop=True)


def rank_of(totals: pd.Series, total: float) -> int:
    """The competition rank a total would take among these totals (two-decimal rounding)."""
    return 1 + int((totals.dropna().astype(float).round(2) > round(total, 2)).sum())


def what_if(ranking: pd.DataFrame, code: str, criterion_id: str, rate: float,
            model: IndexModel = MODEL) -> dict:
    """The agency's total, rank and band if one criterion's rate were `rate` (%), the other agencies
    unchanged: {criterion, rate_before, rate, points_before, points, total_before, total, rank_before,
    rank, of, band}."""
    c = model.criterion(criterion_id)
    row = _row(ranking, code)
    if pd.isna(row["total"]):
        raise ValueError(f"agency {code!r} has no score in this period")
    before = float(row[f"points_{c.id}"])
    after = points_for_rate(c, float(rate))
    total = float(row["total"]) - before + after
    others = ranking.loc[ranking["agency"] != code, "total"]
    return {"criterion": c.id, "rate_before": _float(row[f"value_{c.id}"]), "rate": float(rate),
            "points_before": before, "points": after, "total_before": float(row["total"]), "total": total,
            "rank_before": int(row["rank"]), "rank": rank_of(others, total), "of": int(row["of"]),
            "band": band(total)}


def improvements(ranking: pd.DataFrame, code: str, model: IndexModel = MODEL) -> pd.DataFrame:
    """For each criterion with points lost: the rank the agency would reach with full marks on it
    (`rank_gain` places), best first (then by points gained)."""
    row = _row(ranking, code)
    rows = []
    for c in model.criteria:
        lost = c.max_points - row[f"points_{c.id}"]
        if pd.isna(lost) or lost <= 0.005:
            continue
        full = what_if(ranking, code, c.id, c.full_at, model)
        rows.append({"criterion": c.id, "group": c.group, "points_gained": float(lost), "rank": full["rank"],
                     "rank_gain": full["rank_before"] - full["rank"], "total": full["total"]})
    out = pd.DataFrame(rows, columns=["criterion", "group", "points_gained", "rank", "rank_gain", "total"])
    return out.sort_values(["rank_gain", "points_gained"], ascending=False).reset_index(drop=True)


def gap_to_next(ranking: pd.DataFrame, code: str) -> float | None:
    """Points between the agency and the nearest agency ranked above it (None if first or unranked)."""
    row = _row(ranking, code)
    if pd.isna(row["rank"]):
        return None
    above = ranking[ranking["rank"] < row["rank"]]
    if above.empty:
        return None
    return float(above["total"].min()) - float(row["total"])


def _float(x) -> float | None:
    return None if pd.isna(x) else float(x)
