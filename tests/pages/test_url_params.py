"""The URL parameter declaration and its resolution (Streamlit-free): every value a link may carry is
either honoured or replaced with a notice that says why and what is shown instead."""
from __future__ import annotations

from datetime import date

from metrics.periods import Period
from pages.url_params import BY_NAME, FILTERS, Notice, SHARED, kept, period_of, resolve, with_filters

FIRST, LAST = "2019-01", "2026-10"  # the demo data's months
TODAY = date(2026, 11, 30)


def run(**query):
    return resolve(query, FIRST, LAST, today=TODAY)


def test_no_parameters_give_the_latest_month_nationwide_without_notices():
    r = run()
    assert r.notices == []
    assert (r.values["pk"], r.values["to"], r.values["cmp"], r.values["b"], r.values["scope"]) == \
        ("month", "2026-10", "prev", "auto", "national")
    assert period_of(r.values) == Period.month("2026-10")


def test_quarter_and_year_are_the_ones_holding_the_month():
    q2 = period_of(run(pk="quarter", to="2020-05").values)  # May is in the second quarter
    assert (q2.start, q2.end, q2.kind) == ("2020-04", "2020-06", "quarter")
    assert period_of(run(pk="year", to="2020-05").values) == Period.year(2020)


def test_custom_range_defaults_to_twelve_months_and_a_reversed_range_is_swapped_with_a_notice():
    assert period_of(run(pk="custom", to="2020-10").values) == Period("2019-11", "2020-10")  # 10/2020 − 11 months
    r = run(pk="custom", **{"from": "2024-06"}, to="2020-01")
    assert period_of(r.values) == Period("2020-01", "2024-06")
    assert r.notices == [Notice("from", "2024-06", "reversed", "2020-01..2024-06")]


def test_months_outside_the_data_are_replaced_and_say_why():
    assert run(to="2018-12").notices == [Notice("to", "2018-12", "before_data", LAST)]
    assert run(to="2026-11").notices == [Notice("to", "2026-11", "not_yet", LAST)]  # this month, not yet reported
    assert run(to="2099-01").notices == [Notice("to", "2099-01", "future", LAST)]
    assert run(to="junk").notices == [Notice("to", "junk", "bad_month", LAST)]
    early = run(pk="custom", **{"from": "1900-01"}, to="2019-06")
    assert early.notices == [Notice("from", "1900-01", "before_data", FIRST)]  # 2019-06 − 11 is before the data
    assert period_of(early.values) == Period("2019-01", "2019-06")


def test_the_old_month_parameter_is_read_as_the_last_month():
    assert run(m="10/2020").values["to"] == "2020-10"


def test_values_not_allowed_are_replaced_by_the_default():
    r = run(pk="decade", b="99", scope="galaxy", cmp="x", lang="fr", mode="party")
    assert [(n.name, n.reason, n.shown) for n in r.notices] == [
        ("lang", "not_allowed", "vi"), ("mode", "not_allowed", None), ("pk", "not_allowed", "month"),
        ("cmp", "not_allowed", "prev"), ("b", "not_allowed", "auto"), ("scope", "not_allowed", "national")]


def test_region_and_agency_that_do_not_exist_are_reported_with_what_is_shown():
    r = run(scope="region", region="X")
    assert r.values["region"] == "DBSH" and r.notices == [Notice("region", "X", "not_allowed", "DBSH")]
    r = run(scope="agency", sa="nonexistent", to="2020-10")
    assert r.values["sa"] == "01" and r.notices == [Notice("sa", "nonexistent", "unknown_agency", "01")]  # Hà Nội
    assert run(scope="agency", sa="68", to="2020-10").notices == []
    assert run(scope="national", region="TN").values["region"] is None  # a region only with scope=region


def test_a_metric_not_in_the_catalog_is_reported_and_left_to_the_page():
    assert run(metric="composite").values["metric"] == "composite" and run(metric="composite").notices == []
    assert run(metric="nope").notices == [Notice("metric", "nope", "not_allowed", None)]
    assert run(metric="nope").values["metric"] is None  # the page shows its first metric


def test_unknown_keys_and_bounds():
    assert run(foo="bar").notices == [Notice("foo", "bar", "unknown_key")]
    assert run(every="5").values["every"] == 10
    assert run(every="x").notices == [Notice("every", "x", "not_integer", "45")]


def test_kept_parameters_come_from_the_declaration():
    assert set(FILTERS) == {"pk", "m", "from", "to", "cmp", "b", "scope", "region", "sa"}
    assert "agency" not in SHARED and "lang" in SHARED and "m" not in SHARED
    values = with_filters(run(scope="region", region="TN", agency="68").values,
                          {"pk": "month", "to": "2020-10", "cmp": "prev", "b": "auto", "scope": "national"})
    assert kept(values) == {"lang": "vi", "pk": "month", "to": "2020-10", "cmp": "prev", "b": "auto",
                            "scope": "national", "agency": "68"}  # the region went with the scope
    assert all(p.help.startswith("up_") for p in BY_NAME.values())


def test_the_readme_names_every_parameter():
    """Every declared parameter has its row in the README's URL parameter table."""
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in readme.splitlines() if line.startswith("| `")}
    assert {p.name for p in BY_NAME.values() if p.name != "m"} <= rows  # `m` is told with `to`
    assert "`m`" in readme
