from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given, strategies as st

from banzu_training.domain import round_to_half_hour


def test_examples():
    assert round_to_half_hour(timedelta(hours=2)) == Decimal(2)
    assert round_to_half_hour(timedelta(minutes=14, seconds=59)) == Decimal(0)
    assert round_to_half_hour(timedelta(minutes=15)) == Decimal("0.5")
    assert round_to_half_hour(timedelta(hours=1, minutes=45)) == Decimal(2)
    assert round_to_half_hour(timedelta(hours=7, minutes=44, seconds=59, microseconds=999999)) == Decimal("7.5")


durations = st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=30))


@given(durations)
@example(timedelta(minutes=15))
@example(timedelta(hours=3, minutes=45))
def test_the_result_is_the_nearest_half_hour_with_quarters_rounding_up(duration):
    exact = Fraction(duration // timedelta(microseconds=1), 3_600_000_000)
    rounded = Fraction(round_to_half_hour(duration))
    assert (rounded * 2).denominator == 1
    # Within a quarter hour; a tie (a quarter past) goes up, so the result is never a quarter below.
    assert -Fraction(1, 4) <= exact - rounded < Fraction(1, 4)


@given(durations, durations)
def test_rounding_never_decreases_with_a_longer_duration(a, b):
    shorter, longer = sorted([a, b])
    assert round_to_half_hour(shorter) <= round_to_half_hour(longer)
