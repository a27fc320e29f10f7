"""Shares as percentages."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .validation import CENT


def percent(part: int, whole: int) -> Decimal:
    """Exact share of `whole` in percent; 0 when there is nothing to share."""
    return Decimal(0) if whole == 0 else Decimal(100) * part / whole


def two_places(value: Decimal) -> Decimal:
    """Rounded half-up to 2 decimals, for showing only."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
