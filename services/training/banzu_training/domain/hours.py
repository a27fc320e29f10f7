"""Crediting time as training hours."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

HALF_HOUR = timedelta(minutes=30)


def round_to_half_hour(duration: timedelta) -> Decimal:
    """Hours in `duration` rounded to the nearest half hour, a quarter hour rounding up.

    Works on whole timedeltas so no binary fraction of an hour is ever rounded.
    """
    halves = (duration + HALF_HOUR / 2) // HALF_HOUR
    return Decimal(halves) / 2
