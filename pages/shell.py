"""What every page shares: the engine, the filters kept in the URL, cached metric queries,
KPI cards and the footer. Streamlit lives here and in the page modules only."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import func, select, text

from data import schema
from data.admin_units import REGIONS
from data.database import ensure_ready, is_demo
from data.engine import database_url, has_schema, is_embedded_default, make_engine
from i18n import t
from metrics import catalog, formatting
from metrics.periods import Period, add_months, latest_complete_month, month_label, task_window
from metrics.queries import agency_values, metric_trend, metric_value
from metrics.ranking import rank_agencies
from metrics.scope import Scope, ministry_view, province_view, target_agencies
from metrics.targets import current_target, target_status

CACHE_TTL = 600  # seconds: imports show up within ten minutes, or at once after "clear cache"


# ---------------------------------------------------------------- context

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


def current() -> Ctx:
    """The context built by app.py for this run.

    A deep link opened before a fresh server's first run makes Streamlit run the page file alone
    (its legacy routing for a `pages/` folder). Declaring a navigation switches that routing off;
    the rerun then goes through app.py to the same URL, filters and all.
    """
    if "_ctx" not in st.session_state:
        st.navigation(app_pages("vi"), position="hidden")
        st.rerun()
    return st.session_state["_ctx"]


PAGES = (
    ("pages/overview.py", "nav_overview", ":material/dashboard:", "overview"),
    ("pages/dossiers.py", "nav_dossiers", ":material/folder_open:", "dossiers"),
    ("pages/documents.py", "nav_documents", ":material/mail:", "documents"),
    ("pages/services.py", "nav_services", ":material/language:", "services"),
    ("pages/tasks.py", "nav_tasks", ":material/task_alt:", "tasks"),
    ("pages/rankings.py", "nav_rankings", ":material/leaderboard:", "rankings"),
    ("pages/scorecard.py", "nav_scorecard", ":material/account_balance:", "scorecard"),
)


def app_pages(lang: str) -> list:
    """The app's pages, for `st.navigation` (paths relative to app.py)."""
    # The default page is served at "/" (it reserves the name "home"); "/overview" is an alias for it.
    pages = [st.Page(path, title=t(key, lang), icon=icon, url_path="home" if slug == "overview" else slug,
                     default=(slug == "overview")) for path, key, icon, slug in PAGES]
    pages.append(st.Page(PAGES[0][0], title=t(PAGES[0][1], lang), url_path="overview", visibility="hidden"))
    return pages


# ---------------------------------------------------------------- database

@st.cache_resource(show_spinner=False)
def engine_for(url: str):
    """One shared engine per database URL; the embedded default is created and filled on first use."""
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    ensure_ready(engine, fill_demo=is_embedded_default(url))
    return engine


def open_database(lang: str):
    """The engine, or a clear message and a stop when the database cannot be used."""
    url = database_url()
    try:
        engine = engine_for(url)
    except Exception:
        st.error(t("db_unreachable", lang, url=_safe_url(url)))
        st.stop()
    if not has_schema(engine):
        engine_for.clear()
        st.error(t("db_empty", lang))
        st.stop()
    return url, engine


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL"


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def dataset_facts(url: str) -> dict:
    """Last month with data and whether the data is the illustrative demo set."""
    engine = engine_for(url)
    with engine.connect() as conn:
        last = conn.execute(select(func.max(schema.dossiers.c.month))).scalar()
    return {"last_month": last, "demo": is_demo(engine)}


# ---------------------------------------------------------------- cached queries

def _scope_key(scope: Scope) -> tuple:
    return (scope.level, scope.kind, scope.region, scope.agency, scope.boundary)


def _scope_of(key: tuple) -> Scope:
    return Scope(*key)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=2000)
def _value(url, metric_id, start, end, scope_key, as_of, lang):
    r = metric_value(engine_for(url), metric_id, Period.between(start, end), _scope_of(scope_key), as_of, lang)
    return {"value": r.value, "numerator": r.numerator, "denominator": r.denominator,
            "rows_reported": r.rows_reported, "rows_expected": r.rows_expected,
            "missing": r.missing, "scope_label": r.scope_label, "notes": r.notes}


def value(ctx: Ctx, metric_id: str, period: Period | None = None, scope: Scope | None = None,
          as_of: date | None = None) -> dict:
    period = period or ctx.period
    scope = scope or ctx.scope
    return _value(ctx.url, metric_id, period.start, period.end, _scope_key(scope), as_of, ctx.lang)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _trend(url, metric_id, start, end, scope_key):
    return metric_trend(engine_for(url), metric_id, Period.between(start, end), _scope_of(scope_key))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=200)
def _task_trend(url, metric_id, start, end, scope_key):
    rows = []
    for month in Period.between(start, end).months:
        window = task_window(Period.month(month))
        r = metric_value(engine_for(url), metric_id, window, _scope_of(scope_key), window.end_date)
        rows.append({"month": month, "value": r.value, "numerator": r.numerator, "denominator": r.denominator})
    return pd.DataFrame(rows)


def trend(ctx: Ctx, metric_id: str, period: Period, scope: Scope | None = None) -> pd.DataFrame:
    """Monthly values; task metrics month by month over their 12-month window, as of each month's end."""
    if catalog.get(metric_id).table == "tasks":
        return _task_trend(ctx.url, metric_id, period.start, period.end, _scope_key(scope or ctx.scope))
    return _trend(ctx.url, metric_id, period.start, period.end, _scope_key(scope or ctx.scope))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _ranking(url, metric_id, kind, start, end, boundary, region):
    return rank_agencies(engine_for(url), metric_id, kind, Period.between(start, end), boundary, region)


def ranking(ctx: Ctx, metric_id: str, kind: str, region: str | None = None,
            period: Period | None = None) -> pd.DataFrame:
    """Ranking of provinces (in the view's boundary set) or ministries for the period."""
    period = period or ctx.period
    boundary = ctx.view if kind == "province" else "auto"
    return _ranking(ctx.url, metric_id, kind, period.start, period.end, boundary, region)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=500)
def _agency_values(url, metric_id, start, end, scope_key):
    return agency_values(engine_for(url), metric_id, Period.between(start, end), _scope_of(scope_key))


def values_by_agency(ctx: Ctx, metric_id: str, scope: Scope, period: Period | None = None) -> pd.DataFrame:
    period = period or ctx.period
    return _agency_values(ctx.url, metric_id, period.start, period.end, _scope_key(scope))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _target(url, metric_id, start, end):
    period = Period.between(start, end)
    row = current_target(engine_for(url), metric_id, period)
    if row is None:
        return None
    s = target_status(engine_for(url), metric_id, period, row["value"], row["deadline"], source=row.get("source"))
    return s.__dict__


def target(ctx: Ctx, metric_id: str, period: Period | None = None) -> dict | None:
    """The national target in force for the period, with gap and trend verdict."""
    period = period or ctx.period
    return _target(ctx.url, metric_id, period.start, period.end)


def target_verdict(tgt: dict, period: Period) -> str | None:
    """Message key: reached, missed (deadline passed), on track or off track by the trend."""
    if tgt["reached"]:
        return "reached"
    if tgt["deadline"] < period.end_date:
        return "missed"
    return {True: "on_track", False: "off_track"}.get(tgt["on_track"])


def card_periods(ctx: Ctx, metric) -> tuple[Period, Period]:
    """The period a card shows and the one it is compared with."""
    if metric.table == "tasks":
        return task_window(ctx.period), task_window(ctx.compare)
    return ctx.period, ctx.compare


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _agencies(view_sets: tuple[str, ...]) -> pd.DataFrame:
    from data.agencies import agency_rows
    return pd.DataFrame([r for r in agency_rows() if r["set_id"] in view_sets])


def agencies_in_view(ctx: Ctx, kinds=("province", "ministry")) -> pd.DataFrame:
    """Reference rows of the agencies in force for the view (provinces in the chosen set)."""
    sets = []
    if "province" in kinds:
        sets.append(ctx.view)
    if "ministry" in kinds:
        sets.append(ministry_view(ctx.period))
    return _agencies(tuple(sets))


@st.cache_resource(show_spinner=False, max_entries=500)
def _built(_builder, name: str, *args, **kwargs):
    return _builder(*args, **kwargs)


def figure(builder, *args, **kwargs):
    """A figure built once per distinct input and shared (plotly validation costs tens of ms per
    figure; Streamlit only serialises it). Callers must not modify the figure they get."""
    return _built(builder, f"{builder.__module__}.{builder.__qualname__}", *args, **kwargs)


# ---------------------------------------------------------------- filters in the URL

PERIOD_KINDS = ("month", "quarter", "year", "custom")
SCOPES = ("national", "province", "ministry", "region", "agency")


def _qp(name: str, default: str) -> str:
    v = st.query_params.get(name)
    return v if v else default


def _valid_month(text_: str | None, fallback: str) -> str:
    from metrics.periods import parse_month
    try:
        return parse_month(text_) if text_ else fallback
    except ValueError:
        return fallback


def period_from_params(params: dict, last_month: str) -> tuple[Period, str]:
    """The period and comparison kind described by URL parameters (defaults: latest month, previous)."""
    kind = params.get("pk") if params.get("pk") in PERIOD_KINDS else "month"
    end = _valid_month(params.get("to") or params.get("m"), last_month)
    if end > last_month:
        end = last_month
    if kind == "month":
        period = Period.month(end)
    elif kind == "quarter":
        y, m = int(end[:4]), int(end[5:7])
        period = Period.quarter(y, (m - 1) // 3 + 1)
    elif kind == "year":
        period = Period.year(int(end[:4]))
    else:
        start = _valid_month(params.get("from"), add_months(end, -11))
        period = Period.between(min(start, end), end)
    cmp_kind = params.get("cmp") if params.get("cmp") in ("prev", "yoy") else "prev"
    return period, cmp_kind


def comparison(period: Period, cmp_kind: str) -> Period:
    return period.same_last_year() if cmp_kind == "yoy" else period.previous()


def scope_from_params(params: dict, boundary: str) -> Scope:
    s = params.get("scope", "national")
    if s in ("province", "ministry"):
        return Scope.of_kind(s, boundary)
    if s == "region" and params.get("region") in REGIONS:
        return Scope.of_region(params["region"], boundary)
    if s == "agency" and params.get("sa"):
        return Scope.of_agency(params["sa"], boundary)
    return Scope.national(boundary)


def _month_options(last_month: str) -> list[str]:
    out, m = [], last_month
    while m >= "2019-01":
        out.append(m)
        m = add_months(m, -1)
    return out


def sidebar_filters(lang: str, last_month: str) -> dict:
    """Draw the global filters in the sidebar and return the URL parameters they stand for."""
    params = {k: st.query_params.get(k) for k in ("pk", "m", "from", "to", "cmp", "b", "scope", "region", "sa")}
    months = _month_options(last_month)
    with st.sidebar:
        st.subheader(t("filters", lang))
        pk = st.segmented_control(t("period_kind", lang), PERIOD_KINDS, key="f_pk",
                                  default=params["pk"] if params["pk"] in PERIOD_KINDS else "month",
                                  format_func=lambda k: t(f"pk_{k}", lang), required=True)
        end_default = _valid_month(params["to"] or params["m"], last_month)
        end_default = end_default if end_default in months else last_month
        if pk == "custom":
            start_default = _valid_month(params["from"], add_months(end_default, -11))
            start_default = start_default if start_default in months else months[min(11, len(months) - 1)]
            start = st.selectbox(t("from_month", lang), months, index=months.index(start_default),
                                 format_func=month_label, key="f_from")
            end = st.selectbox(t("to_month", lang), months, index=months.index(end_default),
                               format_func=month_label, key="f_to")
        else:
            start = None
            label = {"month": "month", "quarter": "quarter", "year": "year"}[pk]
            end = st.selectbox(t(label, lang), months, index=months.index(end_default),
                               format_func=lambda m: Period.between(*_span(pk, m)).label(lang), key=f"f_end_{pk}")
        cmp = st.radio(t("comparison", lang), ("prev", "yoy"), key="f_cmp",
                       index=1 if params["cmp"] == "yoy" else 0, format_func=lambda k: t(f"cmp_{k}", lang))
        b = st.radio(t("boundary", lang), ("auto", "63", "34"), key="f_b",
                     index=("auto", "63", "34").index(params["b"]) if params["b"] in ("63", "34") else 0,
                     format_func=lambda k: t(f"b_{k}", lang))
        sc = st.selectbox(t("scope", lang), SCOPES, key="f_scope",
                          index=SCOPES.index(params["scope"]) if params["scope"] in SCOPES else 0,
                          format_func=lambda k: t(f"sc_{k}", lang))
        out = {"pk": pk, "to": end, "cmp": cmp, "b": b, "scope": sc}
        if start:
            out["from"] = start
        if sc == "region":
            regions = list(REGIONS)
            out["region"] = st.selectbox(t("region", lang), regions, key="f_region",
                                         index=regions.index(params["region"]) if params["region"] in regions else 0,
                                         format_func=lambda r: REGIONS[r][0 if lang == "vi" else 1])
        if sc == "agency":
            period, _ = period_from_params(out, last_month)
            view = province_view(Scope(boundary=b), period)
            rows = [r for r in target_agencies(Scope.national(b), period)]
            codes = [r["code"] for r in rows]
            names = {r["code"]: (r["name_vi"] if lang == "vi" else r["name_en"]) for r in rows}
            default = params["sa"] if params["sa"] in codes else codes[0]
            out["sa"] = st.selectbox(t("agency", lang), codes, index=codes.index(default), key=f"f_sa_{view}",
                                     format_func=lambda c: f"{names[c]} ({c})")
    return out


def _span(pk: str, month: str) -> tuple[str, str]:
    if pk == "quarter":
        y, m = int(month[:4]), int(month[5:7])
        p = Period.quarter(y, (m - 1) // 3 + 1)
        return p.start, p.end
    if pk == "year":
        return f"{month[:4]}-01", f"{month[:4]}-12"
    return month, month


def build_context(lang: str, params: dict, url: str, facts: dict, meeting: bool = False) -> Ctx:
    last = facts["last_month"] or latest_complete_month()
    period, cmp_kind = period_from_params(params, last)
    boundary = params.get("b") if params.get("b") in ("63", "34") else "auto"
    try:
        scope = scope_from_params(params, boundary)
        if scope.level == "agency" and not target_agencies(scope, period):
            raise ValueError(scope.agency)
    except ValueError:
        scope = Scope.national(boundary)
    return Ctx(lang, period, comparison(period, cmp_kind), cmp_kind, boundary, scope, url,
               facts["demo"], last, meeting)


# ---------------------------------------------------------------- display pieces

STATUS_ICONS = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", None: ":gray[○]"}
"""Traffic lights as coloured Markdown text, which needs no emoji font on the wall screen."""


def kpi_card(ctx: Ctx, metric_id: str, scope: Scope | None = None, show_target: bool = True) -> dict:
    """A bordered metric card: value, change against the comparison period, target and traffic light."""
    m = catalog.get(metric_id)
    period, compare = card_periods(ctx, m)
    cur = value(ctx, metric_id, period=period, scope=scope)
    prev = value(ctx, metric_id, period=compare, scope=scope)
    change = None if cur["value"] is None or prev["value"] is None else cur["value"] - prev["value"]
    status = m.status(cur["value"])
    lines = [f"{m.definition(ctx.lang)}", f"{period.label(ctx.lang)} · {cur['scope_label']}",
             t("vs", ctx.lang, period=compare.label(ctx.lang))]
    tgt = target(ctx, metric_id, period) if show_target and (scope or ctx.scope).level == "national" else None
    st.metric(f"{STATUS_ICONS[status]} {m.label(ctx.lang)}", formatting.value(m, cur["value"], ctx.lang),
              delta=formatting.delta(m, change, ctx.lang),
              delta_color=delta_color(m, change),
              help="\n\n".join(lines), border=True)
    caption = [t("vs", ctx.lang, period=compare.label(ctx.lang))]
    if m.table == "tasks":
        caption.insert(0, t("task_window", ctx.lang, period=period.label(ctx.lang),
                            date=period.end_date.strftime("%d/%m/%Y")))
    if tgt:
        caption.append(t("target_by", ctx.lang, value=formatting.value(m, tgt["target"], ctx.lang),
                         deadline=tgt["deadline"].strftime("%d/%m/%Y")))
        verdict = target_verdict(tgt, period)
        if verdict:
            caption.append(t(verdict, ctx.lang))
    st.caption(" · ".join(caption))
    if cur["missing"]:
        st.caption(":orange[⚠] " + t("missing_rows", ctx.lang, missing=cur["missing"], expected=cur["rows_expected"]))
    return {"value": cur["value"], "change": change, "status": status, "target": tgt}


def delta_color(metric, change) -> str:
    """Green for a change for the better, red for the worse; grey for counts (more dossiers are
    neither good nor bad) and for a change that shows as zero."""
    if change is None or not metric.is_rate or round(change, 1) == 0:
        return "off"
    return "normal" if metric.higher_is_better else "inverse"


def demo_banner(ctx: Ctx) -> None:
    if ctx.demo:
        st.badge(t("demo_badge", ctx.lang), icon=":material/science:", color="orange")


def footer(ctx: Ctx) -> None:
    """Data as of, source, period, scope, and the demo label whenever demo data is loaded."""
    st.divider()
    source = t("demo_badge", ctx.lang) if ctx.demo else t("source_db", ctx.lang)
    scope_label = value(ctx, "dossiers_received")["scope_label"]
    st.caption(t("footer", ctx.lang, as_of=month_label(ctx.last_month), source=source,
                 period=ctx.period.label(ctx.lang), scope=scope_label))
    if ctx.demo:
        st.caption(":orange[■] " + t("demo_note", ctx.lang))


def page_header(ctx: Ctx, title_key: str) -> None:
    cols = st.columns([4, 1])
    with cols[0]:
        st.title(t(title_key, ctx.lang))
        st.caption(f"{ctx.period.label(ctx.lang)} · {value(ctx, 'dossiers_received')['scope_label']} · "
                   + t("vs", ctx.lang, period=ctx.compare.label(ctx.lang)))
    with cols[1]:
        demo_banner(ctx)


def with_scope(ctx: Ctx, scope: Scope) -> Ctx:
    return replace(ctx, scope=scope)
