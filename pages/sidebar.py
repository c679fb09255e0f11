"""The global filters in the sidebar: one widget per declared filter parameter (`pages.url_params`),
seeded from the resolved link values; returns the filter values the widgets stand for."""
from __future__ import annotations

from functools import lru_cache

import streamlit as st

from data.admin_units import REGIONS
from i18n import name_of, t
from metrics.periods import add_months, month_label
from metrics.ranking_export import region_name
from metrics.scope import Scope, province_view
from pages.url_params import BY_NAME, agency_choices, period_of


def language(lang: str) -> str:
    """The language switch at the top of the sidebar."""
    with st.sidebar:
        return st.segmented_control(t("language", lang), BY_NAME["lang"].choices, default=lang, key="f_lang",
                                    format_func=lambda k: t(f"lang_name_{k}", lang), required=True)


def months_between(first: str, last: str) -> list[str]:
    """The months a filter offers, newest first."""
    out, m = [], last
    while m >= first:
        out.append(m)
        m = add_months(m, -1)
    return out


def period_ends(pk: str, months: list[str]) -> list[str]:
    """One option per period of the kind (newest first): the latest offered month of each month,
    quarter or year. Months of one quarter or year share a label and would be indistinguishable."""
    seen, out = set(), []
    for m in months:
        span = period_of({"pk": pk, "to": m, "from": m})
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append(m)
    return out


def period_end_option(pk: str, month: str, ends: list[str]) -> str:
    """The option of `ends` that stands for the period containing `month`."""
    span = period_of({"pk": pk, "to": month, "from": month})
    return next((e for e in ends if span.start <= e <= span.end), ends[0])


def _choice(name: str, label_key: str, prefix: str, values: dict, lang: str, widget=st.radio):
    options = BY_NAME[name].choices
    return widget(t(label_key, lang), options, key=f"f_{name}", index=options.index(values[name]),
                  format_func=lambda k: t(f"{prefix}{k}", lang))


def _span_label(pk: str, month: str, lang: str) -> str:
    return period_of({"pk": pk, "to": month, "from": month}).label(lang)


@lru_cache(maxsize=64)
def period_choices(pk: str, first: str, last: str, lang: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The period box's options (`period_ends`) and their labels, made once per kind, data span and
    language rather than on every run of every session."""
    ends = tuple(period_ends(pk, months_between(first, last)))
    return ends, {m: _span_label(pk, m, lang) for m in ends}


def filters(lang: str, values: dict, first_month: str, last_month: str) -> dict:
    """Draw the global filters in the sidebar and return the filter values they stand for."""
    months = months_between(first_month, last_month)
    with st.sidebar:
        st.subheader(t("filters", lang))
        pk = st.segmented_control(t("period_kind", lang), BY_NAME["pk"].choices, key="f_pk", default=values["pk"],
                                  format_func=lambda k: t(f"pk_{k}", lang), required=True)
        end_default = values["to"]
        out = {"pk": pk}
        if pk == "custom":
            start_default = values["from"] or max(add_months(end_default, -11), months[-1])
            out["from"] = st.selectbox(t("from_month", lang), months, index=months.index(start_default),
                                       format_func=month_label, key="f_from")
            out["to"] = st.selectbox(t("to_month", lang), months, index=months.index(end_default),
                                     format_func=month_label, key="f_to")
        else:
            # The browser answers with the option's label, so each label must stand for one option.
            ends, labels = period_choices(pk, first_month, last_month, lang)
            out["to"] = st.selectbox(t(pk, lang), ends, index=ends.index(period_end_option(pk, end_default, ends)),
                                     format_func=labels.__getitem__, key=f"f_end_{pk}")
        out["cmp"] = _choice("cmp", "comparison", "cmp_", values, lang)
        out["b"] = _choice("b", "boundary", "b_", values, lang)
        out["scope"] = _choice("scope", "scope", "sc_", values, lang, st.selectbox)
        if out["scope"] == "region":
            regions = list(REGIONS)
            default = values["region"] or regions[0]
            out["region"] = st.selectbox(t("region", lang), regions, key="f_region", index=regions.index(default),
                                         format_func=lambda r: region_name(r, lang))
        if out["scope"] == "agency":
            view = province_view(Scope(boundary=out["b"]), period_of(out))
            rows = agency_choices(out)
            codes = [r["code"] for r in rows]
            names = {r["code"]: name_of(r, lang) for r in rows}
            default = values["sa"] if values["sa"] in codes else codes[0]
            out["sa"] = st.selectbox(t("agency", lang), codes, index=codes.index(default), key=f"f_sa_{view}",
                                     format_func=lambda c: f"{names[c]} ({c})")
    return out
