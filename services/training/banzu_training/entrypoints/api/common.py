"""Fields and checks shared by training's blueprints.

Bodies are only shaped here (types, presence, sizes that keep queries safe); the domain's
constructors check the rules and name every broken field. Decimals come in as JSON numbers or
decimal strings and go out as strings with two decimals.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from marshmallow import fields, validate

from banzu_common.errors import NotFound
from banzu_common.text_rules import MULTI_LINE, NOT_BLANK, ONE_LINE

from banzu_training.domain.validation import CODE_MAX_LENGTH, NAME_MAX_LENGTH, NOTE_MAX_LENGTH

CODE = validate.And(validate.Length(min=1, max=CODE_MAX_LENGTH), ONE_LINE, NOT_BLANK)  # the domain strips them
NAME = validate.And(validate.Length(min=1, max=NAME_MAX_LENGTH), ONE_LINE, NOT_BLANK)
REASON = validate.And(validate.Length(min=1, max=NOTE_MAX_LENGTH), ONE_LINE, NOT_BLANK)  # goes into notices
NOTE = validate.And(validate.Length(max=NOTE_MAX_LENGTH), MULTI_LINE)  # written over several lines


def code_string(**kwargs) -> fields.String:
    return fields.String(validate=CODE, **kwargs)


def name_string(**kwargs) -> fields.String:
    return fields.String(validate=NAME, **kwargs)


def number_in(low: Decimal, high: Decimal, low_exclusive: bool = False, **kwargs) -> fields.Raw:
    """An exact number with at most two decimals, as a JSON number or a decimal string; the domain checks
    its range, given here for the document (which shows the number form)."""
    metadata = {"type": "number", "minimum": int(low), "maximum": int(high), "multipleOf": 0.01,
                "description": "a number with at most 2 decimals (a decimal string such as \"86.40\" is also read)",
                **kwargs.pop("metadata", {})}
    if low_exclusive:
        metadata["exclusiveMinimum"] = True
    return fields.Raw(metadata=metadata, **kwargs)


def count_in(low: int, high: int, **kwargs) -> fields.Integer:
    """A whole number; the domain checks its range, given here for the document."""
    return fields.Integer(strict=True, metadata={"minimum": low, "maximum": high, **kwargs.pop("metadata", {})},
                          **kwargs)


def two_places(**kwargs) -> fields.Decimal:
    return fields.Decimal(places=2, rounding=ROUND_HALF_UP, as_string=True, **kwargs)


def checked_path_code(value: str, what: str) -> str:
    """A code taken from the URL: one that cannot be stored cannot exist either."""
    if not value or len(value) > CODE_MAX_LENGTH or "\x00" in value:
        raise NotFound(f"There is no {what} {value!r}.")
    return value


