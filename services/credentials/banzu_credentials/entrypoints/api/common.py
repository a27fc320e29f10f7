"""Argument schemas and helpers shared by the credentials blueprints."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

# Far enough for any certificate, near enough that date arithmetic (+ reminder days) cannot overflow.
DATE_RANGE = validate.Range(min=date(1900, 1, 1), max=date(9000, 12, 31))


class AsOfArgs(Schema):
    as_of = fields.Date(load_default=None, validate=DATE_RANGE,
                        metadata={"description": "The day to answer for (YYYY-MM-DD); default today."})


def as_of(args: dict) -> date:
    return args.get("as_of") or date.today()
