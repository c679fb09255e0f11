"""One agency's scorecard: who it is, its rank on every rankable KPI and on the composite index,
the gap to the next place, to the best performer, to its own past and to the national target,
and its rank month by month. Pure functions over `metrics.ranking.rank_agencies` frames, so the
page can pass cached rankings and tests can pass hand-built ones.
"""
from __future__ import annotations

import pandas as pd

from data import agencies as ref
from i18n import name_of, t
from metrics import catalog
from metrics.periods import Period, add_months, month_range, task_window
from metrics.ranking import band, gap_to_next, peers
from metrics.ranking_export import (COMPOSITE, format_gap, format_value, higher_is_better, metric_label,
                                    rank_change_text)
from metrics.scope import Scope, view_for_kind

RANKED_KINDS = ("province", "ministry")
FORMER_MARK = " Σ"
"""Marks a value that is the sum of the former units (before a merger); explained by `mn_former_units_mark`."""


def rankable_metrics(kind: str) -> list[str]:
    """The composite index first, then every catalog metric that ranks agencies of this kind."""
    return [COMPOSITE] + [m.id for m in catalog.METRICS if m.rankable and kind in m.kinds]


def ranked_period(metric: str, period: Period) -> Period:
    """The period a metric is ranked over: the task window for task KPIs, else the period itself."""
    if metric == COMPOSITE or catalog.get(metric).table != "tasks":
        return period
    return task_window(period)


def agency_profile(code: str | None, period: Period, boundary: str = "auto") -> dict | None:
    """The reference row of a province or ministry in force for the view (None if the code is not
    one there): code, kind, set_id, name_vi, name_en, region."""
    if not code:
        return None
    code = str(code).strip().upper()
    scope = Scope(boundary=boundary)
    for kind in RANKED_KINDS:
        view = view_for_kind(kind, scope, period)
        for r in ref.agency_rows():
            if r["code"] == code and r["set_id"] == view:
                return {k: r[k] for k in ("code", "kind", "set_id", "name_vi", "name_en", "region")}
    return None


def successor_profile(code: str | None, period: Period, boundary: str = "auto") -> tuple[dict, dict] | None:
    """For an old province or ministry code no longer in the view: (old row, row it merged into)."""
    if not code:
        return None
    code = str(code).strip().upper()
    for r in ref.agency_rows():
        if r["code"] == code and r["successor_code"] and r["successor_code"] != code:
            new = agency_profile(r["successor_code"], period, boundary)
            if new:
                return {k: r[k] for k in ("code", "kind", "name_vi", "name_en")}, new
    return None


def _value(x):
    return None if x is None or x is pd.NA or (isinstance(x, float) and x != x) else x


def agency_rank(ranking: pd.DataFrame, code: str) -> dict:
    """One agency's place in one ranking: value, rank, of, prev_rank, rank_change, the gap to the
    next place up, and the best performer (first by rank, then by code) with the gap to it."""
    out = {"value": None, "rank": None, "of": int(ranking["of"].iloc[0]) if len(ranking) else 0,
           "prev_rank": None, "rank_change": None, "gap_next": None,
           "best_agency": None, "best_name_vi": None, "best_name_en": None, "best_value": None, "gap_best": None}
    agencies = ranking["agency"].tolist()
    ranks = ranking["rank"].tolist()
    ranked = [i for i, r in enumerate(ranks) if not _missing(r)]
    if ranked:  # read from plain lists: a ranking is a few dozen rows, and this runs per KPI and period
        b = min(ranked, key=lambda i: (ranks[i], agencies[i]))
        out.update(best_agency=agencies[b], best_name_vi=ranking["name_vi"].iat[b],
                   best_name_en=ranking["name_en"].iat[b], best_value=float(ranking["value"].iat[b]))
    if code not in agencies:
        return out
    i = agencies.index(code)
    out.update(value=_value(ranking["value"].iat[i]), rank=_value(ranks[i]), prev_rank=_value(ranking["prev_rank"].iat[i]),
               rank_change=_value(ranking["rank_change"].iat[i]))
    for k in ("rank", "prev_rank", "rank_change"):
        out[k] = None if out[k] is None else int(out[k])
    out["value"] = None if out["value"] is None else float(out["value"])
    out["gap_next"] = gap_to_next(ranking, code)
    if out["value"] is not None and out["best_value"] is not None:
        col = ranking["shown_value" if "shown_value" in ranking else "value"]
        out["gap_best"] = abs(float(col.iat[b]) - float(col.iat[i]))  # between the values as shown
    for k in ("former_units", "merged_into"):
        if k in ranking:
            out[k] = _value(ranking[k].iat[i])
    return out


def target_gap(metric: str, value: float | None, target: float | None) -> float | None:
    """How far a value is from a target in the metric's unit (0 when reached; None when unknown)."""
    if value is None or target is None or metric == COMPOSITE:
        return None
    if higher_is_better(metric):
        return max(0.0, target - value)
    return max(0.0, value - target)


def scorecard_rows(current: dict[str, pd.DataFrame], last_year: dict[str, pd.DataFrame], code: str,
                   targets: dict[str, float | None] | None = None) -> pd.DataFrame:
    """One row per metric (in the order of `current`): the agency's place now, a year earlier and
    against the national target. Columns: metric, value, rank, of, prev_rank, rank_change,
    gap_next, best_agency, best_name_vi, best_name_en, best_value, gap_best, ly_value, ly_rank,
    ly_of, ly_former_units (last year's stock summed units merged since: not comparable), target,
    target_gap (and former_units / merged_into when the rankings carry them)."""
    targets = targets or {}
    rows = []
    for metric, ranking in current.items():
        now = agency_rank(ranking, code)
        before = agency_rank(last_year[metric], code) if metric in last_year else {}
        target = targets.get(metric)
        rows.append({"metric": metric, **now, "ly_value": before.get("value"), "ly_rank": before.get("rank"),
                     "ly_of": before.get("of"), "ly_former_units": bool(before.get("former_units")),
                     "target": target,
                     "target_gap": target_gap(metric, now["value"], target)})
    return pd.DataFrame(rows, dtype=object)


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and x != x)


def rank_of(rank, of, lang: str = "vi") -> str:
    """`2/63` (`2 of 63` in English), `–` when unranked."""
    return "–" if _missing(rank) else t("card_rank_of", lang, rank=int(rank), of=int(of))


def display_rows(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The scorecard rows as users read them (text columns: metric, value, rank, change, gap_next,
    best, gap_best, last_year, target, target_gap); first place reads "in first place"; last year's
    value is marked Σ when it is the sum of units merged since."""
    out = []
    for _, r in rows.iterrows():
        m = r["metric"]
        best = r["best_name_en"] if lang == "en" else r["best_name_vi"]
        if _missing(r["target"]):
            target, target_gap = "", ""
        else:
            target = format_value(m, r["target"], lang)
            target_gap = t("card_reached", lang) if r["target_gap"] == 0 else format_gap(m, r["target_gap"], lang)
        out.append({"metric": metric_label(m, lang), "value": format_value(m, r["value"], lang),
                    "rank": rank_of(r["rank"], r["of"], lang),
                    "change": rank_change_text(r["rank"], r["prev_rank"], lang),
                    "gap_next": t("card_leader", lang) if r["rank"] == 1 else format_gap(m, r["gap_next"], lang),
                    "best": "" if _missing(best) else f"{best} · {format_value(m, r['best_value'], lang)}",
                    "gap_best": "" if r["rank"] == 1 else format_gap(m, r["gap_best"], lang),
                    "last_year": f"{format_value(m, r['ly_value'], lang)}{FORMER_MARK if r.get('ly_former_units') else ''}"
                                 f" · {rank_of(r['ly_rank'], r['ly_of'], lang)}",
                    "target": target, "target_gap": target_gap})
    return pd.DataFrame(out, columns=["metric", "value", "rank", "change", "gap_next", "best", "gap_best",
                                      "last_year", "target", "target_gap"])


def headline_cards(r: pd.Series, period: Period, lang: str = "vi") -> list[dict]:
    """The four headline cards of a scorecard from its composite row (`scorecard_rows`' first): overall
    rank and its change, points and band, the gap to the next place, the best performer. Each is a
    dict of label, value, delta, help and how the delta is drawn (delta_color, delta_arrow)."""
    moved = r["rank_change"]
    change = None if moved is None else rank_change_text(r["rank"], r["prev_rank"], lang) if moved == 0 else \
        t("card_places_up" if moved > 0 else "card_places_down", lang, n=abs(moved))
    best = name_of({"name_vi": r["best_name_vi"], "name_en": r["best_name_en"]}, lang)
    return [
        dict(label=t("card_overall_rank", lang), value=rank_of(r["rank"], r["of"], lang) if r["rank"] else t("card_no_rank", lang),
             delta=change, border=True, help=t("rk_change_note", lang, period=period.previous().label(lang)),
             delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off"),
        dict(label=t("card_points", lang), value=format_value(COMPOSITE, r["value"], lang), border=True,
             delta=t("card_band", lang, band=band(r["value"], lang)) if r["value"] is not None else None,
             delta_color="off", delta_arrow="off"),
        dict(label=t("card_gap_next", lang), border=True,
             value=t("card_leader", lang) if r["rank"] == 1 else format_gap(COMPOSITE, r["gap_next"], lang)),
        dict(label=t("card_best", lang), value=format_value(COMPOSITE, r["best_value"], lang), border=True,
             delta=best, delta_color="off", delta_arrow="off")]


def trend_months(end: str, n: int = 12) -> list[str]:
    """The n months up to and including `end`."""
    return month_range(add_months(end, -(n - 1)), end)


def rank_history(monthly: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """The agency's rank in each month's ranking: month, rank (None when unranked), of, value."""
    rows = []
    for month in sorted(monthly):
        r = agency_rank(monthly[month], code)
        rows.append({"month": month, "rank": r["rank"], "of": r["of"], "value": r["value"]})
    out = pd.DataFrame(rows, columns=["month", "rank", "of", "value"])
    out["rank"] = out["rank"].astype("Int64")
    return out


def rank_history_of(monthly: pd.DataFrame, code: str, months: list[str]) -> pd.DataFrame:
    """`rank_history` from the long frame of `metrics.ranking.monthly_ranks` (month, agency, value,
    rank, of): the agency's rank in each of the months (None when unranked), of, value."""
    mine = monthly.loc[monthly["agency"] == code].set_index("month")
    of = monthly.groupby("month")["of"].first()
    rows = [{"month": m, "rank": None if m not in mine.index or pd.isna(mine.at[m, "rank"]) else int(mine.at[m, "rank"]),
             "of": int(of.get(m, 0)),
             "value": None if m not in mine.index or pd.isna(mine.at[m, "value"]) else float(mine.at[m, "value"])}
            for m in sorted(months)]
    out = pd.DataFrame(rows, columns=["month", "rank", "of", "value"])
    out["rank"] = out["rank"].astype("Int64")
    return out


def region_peers(ranking: pd.DataFrame, code: str) -> pd.DataFrame:
    """Provinces of the agency's region, in national rank order (`metrics.ranking.peers`)."""
    return peers(ranking, code)


def neighbours(ranking: pd.DataFrame, code: str, n: int = 3) -> pd.DataFrame:
    """The agencies ranked just above and below (n each side), for agencies without a region."""
    pos = ranking.index[ranking["agency"] == code]
    if len(pos) == 0:
        return ranking.iloc[0:0]
    i = ranking.index.get_loc(pos[0])
    return ranking.iloc[max(0, i - n): i + n + 1]
