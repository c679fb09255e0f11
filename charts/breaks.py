"""Boundary breaks on monthly figures: a dashed vertical line at the first month of the new set of
agencies (provinces 07/2025, ministries 03/2025), labelled, and hollow markers on the months whose
stock is the sum of the former units, so nobody reads the merger as a fall."""
from __future__ import annotations

from datetime import date

import pandas as pd

from charts.draft import Draft
from i18n import t
from metrics.boundary_breaks import Break
from metrics.periods import month_label

BREAK_COLOR = "#6d4c41"


def mark_breaks(draft: Draft, breaks: list[Break], lang: str = "vi", *, axis: str = "category") -> Draft:
    """A dashed line at each break, labelled short inside the plot (`Tỉnh 63→34`, staggered so two
    close breaks do not overlap) with the full label on hover (`Hợp nhất tỉnh (63 → 34) từ 07/2025`).
    `axis`: "category" for x values `MM/YYYY`, "date" for first-of-month dates."""
    for i, b in enumerate(breaks):
        x = month_label(b.month) if axis == "category" else date(int(b.month[:4]), int(b.month[5:7]), 1)
        draft.vline(x, {"color": BREAK_COLOR, "dash": "dash", "width": 2})
        draft.note(x=x, y=1 - 0.09 * i, yref="paper", yanchor="top", xanchor="left", showarrow=False,
                   text=b.short_label(lang), hovertext=b.label(lang), bgcolor="rgba(255,255,255,0.8)",
                   font={"color": BREAK_COLOR, "size": 11})
    return draft


def marked(draft: Draft, trend: pd.DataFrame, marks: tuple[tuple[str, str], ...], lang: str = "vi") -> Draft:
    """Both marks at once, from hashable (month, kind) pairs (what cached figure builders receive)."""
    return mark_former_units(mark_breaks(draft, [Break(*b) for b in marks], lang), trend, lang)


def mark_former_units(draft: Draft, trend: pd.DataFrame, lang: str = "vi", trace: int = 0) -> Draft:
    """Hollow markers and a hover note on the months flagged `former_units` by
    `metrics.queries.metric_trend` (a stock summing units merged later)."""
    if "former_units" not in trend or not trend["former_units"].any():
        return draft
    flags = [bool(f) for f in trend["former_units"]]
    note = t("mn_former_units_short", lang)
    marked_trace = draft.data[trace]
    marked_trace["marker"] = {**marked_trace.get("marker", {}), "symbol": ["circle-open" if f else "circle" for f in flags],
                              "size": [11 if f else 7 for f in flags]}
    marked_trace["text"] = [note if f else "" for f in flags]
    template = marked_trace.get("hovertemplate") or "%{x}: %{y}<extra></extra>"
    marked_trace["hovertemplate"] = template.replace("<extra>", "<br>%{text}<extra>", 1)
    return draft
