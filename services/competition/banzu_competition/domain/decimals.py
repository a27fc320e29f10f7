"""Exact decimal input and half-up presentation."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


def present(value: Decimal) -> Decimal:
    """Two decimals, half up: how totals, percentages and scores are shown and compared for ranking."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def present_percent(fraction: Decimal) -> Decimal:
    """A 0–1 fraction as a 0–100 percentage with two decimals."""
    return present(fraction * HUNDRED)
