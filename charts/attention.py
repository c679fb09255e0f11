"""Tables of who is behind: the weakest ranked agencies on one metric."""
from __future__ import annotations

import pandas as pd

from i18n import name_of, t
from metrics import formatting
from metrics.catalog import Metric



def arrow(change) -> str:
    """Rank change as an arrow: ▲ 3 (moved up), ▼ 2 (down), – (same), blank when unknown."""
    if change is None or pd.isna(change):
        return ""
    change = int(change)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "–"


def weakest_table(ranking: pd.DataFrame, metric: Metric, lang: str = "vi", n: int = 5) -> pd.DataFrame:
    """The n lowest-ranked agencies with data, worst first, formatted for display."""
    ranked = ranking.dropna(subset=["rank"]).sort_values("rank", ascending=False).head(n)
    h = [t(k, lang) for k in ("ch_att_rank", "ch_agency", "ch_att_value", "ch_att_change")]
    return pd.DataFrame({
        h[0]: [f"{int(r)}/{int(o)}" for r, o in zip(ranked["rank"], ranked["of"])],
        h[1]: name_of(ranked, lang).tolist(),
        h[2]: [formatting.value(metric, v, lang) for v in ranked["value"]],
        h[3]: [arrow(c) for c in ranked["rank_change"]],
    })
