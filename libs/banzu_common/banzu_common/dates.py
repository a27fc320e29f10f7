"""Calendar arithmetic shared by every part."""
from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """`start` moved by whole calendar months, the day clamped to the target month's last day.

    2020-02-29 + 12 → 2021-02-28; 2022-12-20 + 48 → 2026-12-20; 2026-01-31 + 1 → 2026-02-28.
    Raises OverflowError when the result falls outside the years `date` can hold, as
    `date + timedelta` does.
    """
    year, month_zero_based = divmod(start.year * 12 + start.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError("date value out of range")
    month = month_zero_based + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
