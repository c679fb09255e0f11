"""Published 766 scores against the ones computed from the loaded counts, group by group, each
difference explained: rounding, a group not published, inputs missing, the rate the published
points imply, or a rule that is fitted rather than official."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data import schema
from i18n import t
from metrics.formatting import number, percent
from metrics.index_model import MODEL, Criterion, IndexModel
from metrics.official_index import rank_index
from metrics.periods import Period

ROUNDING = 0.011
"""Published points carry two decimals: a difference up to this is rounding."""


def published_scores(engine: Engine, period: Period) -> pd.DataFrame:
    """Published rows of the period's last month: agency, the six groups, total, source."""
    p = schema.index766_published
    with engine.connect() as conn:
        rows = conn.execute(select(p).where(p.c.month == period.end)).mappings().all()
    cols = ["agency_code", "month", *schema.INDEX_GROUP_COLUMNS, "total", "source"]
    return pd.DataFrame(rows, columns=cols).rename(columns={"agency_code": "agency"})


def _pp(c: Criterion, points: float) -> float:
    """Percentage points of a criterion's rate worth these points (below its threshold)."""
    return points / c.max_points * c.full_at


def explain(group_id: str, published: float | None, computed: float | None, row: pd.Series,
            months: tuple[int, int], lang: str = "vi", model: IndexModel = MODEL) -> str:
    """Why a group's published points differ from the computed ones (one sentence)."""
    criteria = model.of_group(group_id)
    prefix = t("ix_rec_months", lang, reported=months[0], expected=months[1]) if months[0] < months[1] else ""
    if published is None or pd.isna(published):
        return t("ix_rec_not_published", lang)
    if computed is None or pd.isna(computed):
        missing = [c for c in criteria if pd.isna(row.get(f"points_{c.id}"))]
        inputs = ", ".join(col for c in missing for col in c.inputs)
        return prefix + t("ix_rec_not_computed", lang, inputs=inputs)
    diff = float(published) - float(computed)
    if abs(diff) <= ROUNDING:
        return prefix + t("ix_rec_match", lang)
    main = max(criteria, key=lambda c: c.max_points)
    inputs = ", ".join(main.inputs)
    if len(criteria) == 1:
        implied = min(float(published) / main.max_points * main.full_at, 100.0)
        rate = row.get(f"value_{main.id}")
        return prefix + t("ix_rec_implied_rate", lang, implied=percent(implied, lang, 2),
                          rate=percent(rate, lang, 2), inputs=inputs)
    fitted = [c for c in criteria if c.fitted]
    values = {"points": number(diff, lang, 2), "pp": number(_pp(main, diff), lang, 1),
              "criterion": main.label(lang)}
    if fitted:
        return prefix + t("ix_rec_fitted", lang, criteria=", ".join(c.label(lang) for c in fitted), **values)
    return prefix + t("ix_rec_inputs", lang, inputs=inputs, **values)


def reconcile(engine: Engine, kind: str, period: Period, code: str | None = None, lang: str = "vi",
              model: IndexModel = MODEL) -> pd.DataFrame:
    """One row per published agency (or only `code`) and group, then its total: agency, group,
    published, computed, difference (published − computed), explanation."""
    pub = published_scores(engine, period)
    if code is not None:
        pub = pub[pub["agency"] == code]
    computed = rank_index(engine, kind, period, model=model).set_index("agency")
    out = []
    for p in pub.itertuples(index=False):
        if p.agency not in computed.index:
            continue
        row = computed.loc[p.agency]
        months = (int(row["months"]) if pd.notna(row["months"]) else 0, period.length)
        for g in model.groups:
            pv, cv = getattr(p, g.id), row[g.id]
            out.append({"agency": p.agency, "group": g.id, "published": pv, "computed": cv,
                        "difference": None if pd.isna(pv) or pd.isna(cv) else float(pv) - float(cv),
                        "explanation": explain(g.id, pv, cv, row, months, lang, model)})
        total_diff = None if pd.isna(row["total"]) else float(p.total) - float(row["total"])
        out.append({"agency": p.agency, "group": "total", "published": p.total, "computed": row["total"],
                    "difference": total_diff,
                    "explanation": t("ix_rec_match", lang) if total_diff is not None and abs(total_diff) <= ROUNDING
                    else t("ix_rec_total", lang)})
    frame = pd.DataFrame(out, columns=["agency", "group", "published", "computed", "difference", "explanation"])
    for col in ("published", "computed", "difference"):
        frame[col] = pd.to_numeric(frame[col]).astype(float)
    return frame
