"""A worker who left the company (离职): the one rule of who still counts on a day.

The gateway's directory and every service's copy of it keep a worker's `status` ('active' or
'left') and `left_on`. From `left_on` on, the worker is in no team's lists and counts in no
compliance, assessment or matrix; on the days before, they counted as they did then. Their rows
stay, so their history (results, certificates, attendance, promotions) is kept and shown.
"""
from __future__ import annotations

from datetime import date
from typing import Any

# The SQL forms below build on the table's columns with their own operators (| and &), so that this
# module imports no database library and domains may use `has_left`.

ACTIVE, LEFT = "active", "left"
STATUSES = (ACTIVE, LEFT)


def has_left(status: str | None, left_on: date | None, day: date) -> bool:
    """Whether a worker with this status and leaving day is gone on `day` (a leaver without a
    day is gone on every day)."""
    return status == LEFT and (left_on is None or left_on <= day)


def present_on(workers: Any, day: date):
    """SQL: the rows of `workers` (a table with `status` and `left_on`) still with the company on `day`."""
    return (workers.c.status != LEFT) | (workers.c.left_on > day)


def left_by(workers: Any, day: date):
    """SQL: the rows of `workers` gone on `day` (the complement of `present_on`)."""
    return (workers.c.status == LEFT) & (workers.c.left_on.is_(None) | (workers.c.left_on <= day))
