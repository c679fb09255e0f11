"""Reporting periods: parsing months, labels users read, and the periods a view compares with."""
from __future__ import annotations

from datetime import date

import pytest

from metrics.periods import Period, month_label, parse_month


@pytest.mark.parametrize("text", ["2020-09", "09/2020", "9/2020", " 2020-09 "])
def test_parse_month_accepts_the_spellings_users_type(text):
    assert parse_month(text) == "2020-09"


@pytest.mark.parametrize("text", ["2020-13", "13/2020", "2020/09", "", "0/2020", "2020-00", "2020-9",
                                  "09-2020", "tháng 9"])
def test_parse_month_rejects_anything_else(text):
    with pytest.raises(ValueError):
        parse_month(text)


def test_month_label():
    assert month_label("2020-10") == "10/2020"


@pytest.mark.parametrize("period, vi, en", [
    (Period.month("2020-10"), "10/2020", "10/2020"),
    (Period.quarter(2020, 3), "Quý III/2020", "Q3/2020"),
    (Period.quarter(2021, 1), "Quý I/2021", "Q1/2021"),
    (Period.quarter(2019, 4), "Quý IV/2019", "Q4/2019"),
    (Period.year(2020), "Năm 2020", "Year 2020"),
    (Period.between("2020-02", "2020-05"), "02/2020–05/2020", "02/2020–05/2020"),
])
def test_labels(period, vi, en):
    assert period.label("vi") == vi
    assert period.label("en") == en


def test_quarter_and_year_cover_their_months():
    assert Period.quarter(2020, 3).months == ["2020-07", "2020-08", "2020-09"]
    assert Period.year(2020).length == 12
    assert Period.year(2020).end_date == date(2020, 12, 31)
    assert Period.month("2020-02").end_date == date(2020, 2, 29)  # leap year
    assert Period.month("2019-02").end_date == date(2019, 2, 28)


def test_previous_period_has_equal_length():
    # a month: the month before, across a year boundary
    assert Period.month("2020-01").previous() == Period("2019-12", "2019-12", "month")
    # a quarter: the quarter before
    assert Period.quarter(2020, 1).previous() == Period("2019-10", "2019-12", "quarter")
    # a year: the year before
    assert Period.year(2020).previous() == Period("2019-01", "2019-12", "year")
    # a custom range of 10 months (Jan-Oct 2020): the 10 months before it, Mar-Dec 2019
    prev = Period.between("2020-01", "2020-10").previous()
    assert (prev.start, prev.end, prev.length) == ("2019-03", "2019-12", 10)


def test_same_period_last_year():
    assert Period.quarter(2020, 3).same_last_year() == Period("2019-07", "2019-09", "quarter")
    assert Period.month("2020-10").same_last_year().label() == "10/2019"
    p = Period.between("2020-01", "2020-10").same_last_year()
    assert (p.start, p.end) == ("2019-01", "2019-10")


@pytest.mark.parametrize("start, end, kind", [
    ("2020-10", "2020-10", "month"),
    ("10/2020", "10/2020", "month"),
    ("2020-07", "2020-09", "quarter"),
    ("2020-01", "2020-03", "quarter"),
    ("2020-02", "2020-04", "custom"),  # three months, but not a calendar quarter
    ("2020-01", "2020-12", "year"),
    ("2020-02", "2021-01", "custom"),  # twelve months, but not a calendar year
    ("2020-01", "2020-10", "custom"),
    ("2019-01", "2020-12", "custom"),
])
def test_between_names_exact_months_quarters_and_years(start, end, kind):
    assert Period.between(start, end).kind == kind


def test_between_normalises_spellings_and_refuses_reversed_ranges():
    # Sep-Nov is three months but not a calendar quarter (quarters start in Jan, Apr, Jul, Oct)
    assert Period.between("9/2020", "2020-11") == Period("2020-09", "2020-11", "custom")
    with pytest.raises(ValueError):
        Period.between("2020-10", "2020-09")
