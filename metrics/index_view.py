"""Decision 766's index as users read it: the ranking table, the map's values, one agency's
breakdown by criterion with the points lost, the best improvement, the gap to the next place and a
what-if — Streamlit-free frames and sentences, Vietnamese first."""
from __future__ import annotations

import pandas as pd

from i18n import name_of, t
from metrics.formatting import number, percent
from metrics.index_model import MODEL, IndexModel
from metrics.official_index import breakdown, gap_to_next, improvements, what_if
from metrics.ranking import BANDS

POINTS = 2  # published points carry two decimals


def has_scores(ranking: pd.DataFrame) -> bool:
    """True when at least one agency has a score (the index's data exist for the period)."""
    return bool(len(ranking)) and bool(ranking["total"].notna().any())


def points_text(x, lang: str = "vi") -> str:
    return number(x, lang, POINTS)


def change_text(change, lang: str = "vi") -> str:
    """`▲ 2`, `▼ 1`, `=` or `—` (no previous rank)."""
    if change is None or pd.isna(change):
        return "—"
    change = int(change)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "="


def ranking_table(ranking: pd.DataFrame, lang: str = "vi", model: IndexModel = MODEL) -> pd.DataFrame:
    """One row per agency in rank order: rank, change, code, name, total, band, each group's points.
    Numbers stay numbers (the page formats them); unscored agencies show N/A."""
    out = pd.DataFrame({
        t("ix_col_rank", lang): ranking["rank"].astype("Int64"),
        t("ix_col_change", lang): [change_text(c, lang) for c in ranking["rank_change"]],
        t("ix_col_code", lang): ranking["agency"],
        t("ix_col_name", lang): [name_of(r, lang) for _, r in ranking.iterrows()],
    })
    out[t("ix_col_total", lang)] = ranking["total"].astype(float).round(POINTS)
    out[t("ix_col_band", lang)] = [band_label(b, lang) for b in ranking["band"]]
    for g in model.groups:
        out[group_header(g.id, lang, model)] = ranking[g.id].astype(float).round(POINTS)
    return out


def group_header(group_id: str, lang: str = "vi", model: IndexModel = MODEL) -> str:
    g = model.group(group_id)
    return f"{g.label(lang)} (/{g.max_points:g})"


def band_label(band_vi: str | None, lang: str = "vi") -> str | None:
    """A band (stored in Vietnamese) in the language: `Tốt` → `Good`."""
    if band_vi is None or lang == "vi":
        return band_vi
    return next((en for _, _, vi, en in BANDS if vi == band_vi), band_vi)


def map_values(ranking: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """What the province map needs: code, name, value (points), value_label, rank, of."""
    out = pd.DataFrame({"code": ranking["agency"], "name": [name_of(r, lang) for _, r in ranking.iterrows()],
                        "value": ranking["total"].astype(float),
                        "value_label": [points_text(x, lang) for x in ranking["total"]],
                        "rank": ranking["rank"], "of": ranking["of"]})
    out.attrs["higher_is_better"] = True
    return out


def breakdown_table(ranking: pd.DataFrame, code: str, lang: str = "vi", model: IndexModel = MODEL) -> pd.DataFrame:
    """The agency's criteria, the most points lost first: group, criterion (fitted rules marked),
    rate, points, maximum, points lost."""
    b = breakdown(ranking, code, model)
    fitted = t("ix_fitted_mark", lang)
    return pd.DataFrame({
        t("ix_col_group", lang): [model.group(g).label(lang) for g in b["group"]],
        t("ix_col_criterion", lang): [model.criterion(c).label(lang) + (f" {fitted}" if f else "")
                                      for c, f in zip(b["criterion"], b["fitted"])],
        t("ix_col_rate", lang): b["value"].round(2),
        t("ix_col_points", lang): b["points"].round(POINTS),
        t("ix_col_max", lang): b["max"],
        t("ix_col_lost", lang): b["lost"].round(POINTS),
    })


def group_points(ranking: pd.DataFrame, code: str, model: IndexModel = MODEL) -> pd.DataFrame:
    """The agency's points and maximum per group, in the model's order."""
    row = ranking.loc[ranking["agency"] == code].iloc[0]
    return pd.DataFrame([{"group": g.id, "points": float(row[g.id]) if pd.notna(row[g.id]) else float("nan"),
                          "max": float(g.max_points)} for g in model.groups])


def best_improvement_text(ranking: pd.DataFrame, code: str, lang: str = "vi", model: IndexModel = MODEL) -> str | None:
    """The criterion whose full marks would gain the most places, in one sentence (None if none)."""
    imp = improvements(ranking, code, model)
    if imp.empty:
        return None
    best = imp.iloc[0]
    c = model.criterion(best["criterion"])
    return t("ix_best_gain", lang, criterion=c.label(lang), points=points_text(best["points_gained"], lang),
             rank=int(best["rank"]), places=int(best["rank_gain"]))


def gap_text(ranking: pd.DataFrame, code: str, lang: str = "vi") -> str:
    """The gap to the next place up, or that the agency is first."""
    row = ranking.loc[ranking["agency"] == code].iloc[0]
    if pd.isna(row["rank"]):
        return t("ix_no_score", lang)
    gap = gap_to_next(ranking, code)
    if gap is None:
        return t("ix_first", lang, of=int(row["of"]))
    return t("ix_gap_next", lang, points=points_text(gap, lang), rank=int(row["rank"]) - 1)


def what_if_text(ranking: pd.DataFrame, code: str, criterion_id: str, rate: float, lang: str = "vi",
                 model: IndexModel = MODEL) -> tuple[dict, str]:
    """The what-if result and its sentence: new points, total, rank and band."""
    r = what_if(ranking, code, criterion_id, rate, model)
    c = model.criterion(criterion_id)
    text = t("ix_what_if", lang, criterion=c.label(lang), before=percent(r["rate_before"], lang, 1),
             rate=percent(r["rate"], lang, 1), points=points_text(r["points"], lang),
             total_before=points_text(r["total_before"], lang), total=points_text(r["total"], lang),
             rank_before=r["rank_before"], rank=r["rank"], of=r["of"],
             band=band_label(r["band"], lang))
    return r, text
