"""A choice widget's labels stand for one option each: the browser answers a selectbox with the
chosen label, and Streamlit maps a repeated label to the last option bearing it (so "Năm 2025"
offered once per month came back as 01/2025 after any rerun)."""
from __future__ import annotations

import pytest


def _choice_widgets(at):
    return list(at.selectbox) + list(at.radio)


@pytest.mark.parametrize("pk", ["month", "quarter", "year", "custom"])
def test_every_sidebar_choice_has_distinct_labels(make_app, pk):
    at = make_app(pk=pk, to="2025-12")
    for w in _choice_widgets(at):
        labels = list(w.options)
        assert len(labels) == len(set(labels)), (w.key, [x for x in labels if labels.count(x) > 1][:3])


def test_a_year_link_keeps_its_year_and_offers_each_year_once(make_app):
    at = make_app(pk="year", to="2025-05")
    box = at.selectbox(key="f_end_year")
    # Demo data 01/2019–10/2026: the years 2026 … 2019, one option each (8 options).
    assert list(box.options) == [f"Năm {y}" for y in range(2026, 2018, -1)]
    assert box.value == "2025-12"  # the option standing for 2025: its latest month
    assert at.query_params["to"] == "2025-12"  # and the link says so


def test_a_quarter_link_offers_each_quarter_once(make_app):
    at = make_app(pk="quarter", to="2025-08")
    box = at.selectbox(key="f_end_quarter")
    # Newest first from 10/2026: Quý IV/2026 (its only month so far), Quý III/2026, …
    assert list(box.options)[:3] == ["Quý IV/2026", "Quý III/2026", "Quý II/2026"]
    assert box.value == "2025-09"  # Quý III/2025 is stood for by its last month
