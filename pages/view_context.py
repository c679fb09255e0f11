"""The view context: the filters of the current view (period, comparison, scope) as every page
receives them, and the small rules pages apply to it (target verdicts, delta colours, the periods a
card compares). Streamlit-free, so it is tested like `metrics/`; URL parsing is `pages.url_params`."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import pandas as pd

from metrics.periods import Period, add_months, task_window
from metrics.scope import Scope, province_view
from pages.url_params import period_of


@dataclass(frozen=True)
class Ctx:
    """The filters of the current view (all kept in the URL)."""
    lang: str
    period: Period
    compare: Period
    compare_kind: str  # prev or yoy
    boundary: str  # auto, 63 or 34
    scope: Scope
    url: str
    demo: bool
    last_month: str
    meeting: bool = False

    @property
    def view(self) -> str:
        """The province set in force for this view ("63" or "34")."""
        return province_view(Scope(boundary=self.boundary), self.period)

    def ranked_in(self, kind: str) -> str:
        """The boundary a ranking of `kind` is made in: the view's province set for provinces, "auto"
        for ministries (their set follows the period)."""
        return self.view if kind == "province" else "auto"


def comparison(period: Period, cmp_kind: str) -> Period:
    """The period a view is compared with: the previous one, or the same one a year earlier."""
    return period.same_last_year() if cmp_kind == "yoy" else period.previous()


def scope_of(values: Mapping[str, str | None]) -> Scope:
    """The scope resolved filter values name (`pages.url_params.resolve` has checked them)."""
    s, boundary = values["scope"], values["b"]
    if s in ("province", "ministry"):
        return Scope.of_kind(s, boundary)
    if s == "region":
        return Scope.of_region(values["region"], boundary)
    if s == "agency":
        return Scope.of_agency(values["sa"], boundary)
    return Scope.national(boundary)


def build_context(lang: str, values: Mapping[str, str | None], url: str, demo: bool, last_month: str,
                  meeting: bool = False) -> Ctx:
    """The view context of resolved filter values."""
    period = period_of(values)
    return Ctx(lang, period, comparison(period, values["cmp"]), values["cmp"], values["b"], scope_of(values),
               url, demo, last_month, meeting)


def with_scope(ctx: Ctx, scope: Scope) -> Ctx:
    """The same view over another scope (an agency's scorecard, a ranking's region)."""
    return replace(ctx, scope=scope)


def card_periods(ctx: Ctx, metric) -> tuple[Period, Period]:
    """The period a card shows and the one it is compared with (tasks: their 12-month windows)."""
    if metric.table == "tasks":
        return task_window(ctx.period), task_window(ctx.compare)
    return ctx.period, ctx.compare


def target_verdict(tgt: dict, period: Period) -> str | None:
    """Message key: reached, missed (deadline passed), on track or off track by the trend."""
    if tgt["reached"]:
        return "reached"
    if tgt["deadline"] < period.end_date:
        return "missed"
    return {True: "on_track", False: "off_track"}.get(tgt["on_track"])


def delta_color(metric, change) -> str:
    """Green for a change for the better, red for the worse; grey for counts (more dossiers are
    neither good nor bad) and for a change that shows as zero."""
    if change is None or not metric.is_rate or round(change, 1) == 0:
        return "off"
    return "normal" if metric.higher_is_better else "inverse"


def last_months(ctx: Ctx, n: int) -> Period:
    """The n months up to the end of the view's period."""
    return Period.between(add_months(ctx.period.end, -(n - 1)), ctx.period.end)


def from_first_report(df: pd.DataFrame) -> pd.DataFrame:
    """A monthly frame from its first month with any reported value on."""
    reported = df["value"].notna().to_numpy().nonzero()[0]
    return df.iloc[reported[0]:].reset_index(drop=True) if len(reported) else df


def drawn_period(df: pd.DataFrame, fallback: Period) -> Period:
    """The months a trend frame actually covers (after leading months without reports are dropped)."""
    return Period.between(df["month"].iloc[0], df["month"].iloc[-1]) if len(df) else fallback
