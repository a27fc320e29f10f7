"""Exact decimals: reading numbers without binary floating point, and showing them half-up with two
places, the one presentation rule of every total, percentage, score and hour count."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from an int, a decimal string, a float or a Decimal; None when it is not a number.

    Floats go through their shortest repr so that 86.4 stays 86.4 instead of its binary expansion.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, (Decimal, int, str)):
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def present(value: Decimal | Fraction) -> Decimal:
    """Two decimals, half up: how a number is shown (and, where a rule says so, compared).

    A Fraction (a share such as 40/3, which no decimal holds exactly) is rounded from its exact
    value, so that a true 84.995 shows as 85.00 and never as 84.99."""
    if isinstance(value, Fraction):  # in whole numbers: this runs for every figure of every team
        cents, rest = divmod(abs(value.numerator) * 100, value.denominator)
        cents += 2 * rest >= value.denominator
        return Decimal(cents if value >= 0 else -cents).scaleb(-2)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def exact_text(value: Decimal | None) -> str | None:
    """A stored number as text: two decimals ("86.40"), or more when the value needs them to stay exact."""
    if value is None:
        return None
    shown = present(value)
    return str(shown) if shown == value else format(value.normalize(), "f")


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """The exact share of `whole` that `part` is, in percent; 0 when there is nothing to share."""
    return Decimal(0) if not whole else HUNDRED * Decimal(part) / Decimal(whole)
