import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banzu_common.dates import add_months

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
months = st.integers(min_value=-1200, max_value=1200)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
        (date(2022, 12, 20), 48, date(2026, 12, 20)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 11, 30), 2, date(2025, 1, 30)),
        (date(2024, 5, 15), 0, date(2024, 5, 15)),
    ],
)
def test_add_months_examples(start, count, expected):
    assert add_months(start, count) == expected


def test_add_months_beyond_year_9999_overflows():
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)


@given(dates, months)
def test_day_never_grows(start, count):
    assert add_months(start, count).day <= start.day


@given(dates, months)
def test_lands_in_the_month_counted(start, count):
    result = add_months(start, count)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == count


@given(dates, months)
def test_day_is_clamped_only_at_the_end_of_a_shorter_month(start, count):
    result = add_months(start, count)
    last_day = calendar.monthrange(result.year, result.month)[1]
    if result.day != start.day:
        assert result.day == last_day < start.day
    else:
        assert start.day <= last_day


@given(dates, st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=600))
def test_more_months_never_give_an_earlier_date(start, a, b):
    assert add_months(start, min(a, b)) <= add_months(start, max(a, b))


def test_month_ends_clamp_and_leap_years():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 5, 10), 0) == date(2026, 5, 10)
