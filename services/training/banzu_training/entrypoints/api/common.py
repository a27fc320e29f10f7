"""Fields and checks shared by training's blueprints.

Bodies are only shaped here (types, presence, sizes that keep queries safe); the domain's
constructors check the rules and name every broken field. Decimals come in as JSON numbers or
decimal strings and go out as strings with two decimals.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP

from marshmallow import fields, validate

from banzu_common.errors import NotFound

from banzu_training.domain.validation import CODE_MAX_LENGTH, NAME_MAX_LENGTH, NOTE_MAX_LENGTH

NO_NUL = validate.Regexp(r"^[^\x00]*$", error="must not contain NUL characters")
CODE = validate.And(validate.Length(min=1, max=CODE_MAX_LENGTH), NO_NUL)
NAME = validate.And(validate.Length(min=1, max=NAME_MAX_LENGTH), NO_NUL)
NOTE = validate.And(validate.Length(max=NOTE_MAX_LENGTH), NO_NUL)


def code_string(**kwargs) -> fields.String:
    return fields.String(validate=CODE, **kwargs)


def name_string(**kwargs) -> fields.String:
    return fields.String(validate=NAME, **kwargs)


def number_in(**kwargs) -> fields.Raw:
    """An exact number, as a JSON number or a decimal string; the domain checks its range."""
    metadata = {"oneOf": [{"type": "number"}, {"type": "string"}],
                "description": "a number, or a decimal string such as \"86.40\"", **kwargs.pop("metadata", {})}
    return fields.Raw(metadata=metadata, **kwargs)


def two_places(**kwargs) -> fields.Decimal:
    return fields.Decimal(places=2, rounding=ROUND_HALF_UP, as_string=True, **kwargs)


def checked_path_code(value: str, what: str) -> str:
    """A code taken from the URL: one that cannot be stored cannot exist either."""
    if not value or len(value) > CODE_MAX_LENGTH or "\x00" in value:
        raise NotFound(f"There is no {what} {value!r}.")
    return value


