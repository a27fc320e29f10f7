"""Field checks for the model constructors.

A constructor collects every broken field in one `FieldErrors`, then raises a single `Invalid`, so a
client sees all its mistakes at once. Values that arrive as JSON (numbers as floats or decimal
strings) are converted to the exact types the model keeps.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TypeVar

from banzu_common.decimals import CENT
from banzu_common.field_errors import FieldErrors as SharedFieldErrors
from banzu_common.rules import Rule, at_most_characters
from banzu_common.skill_ladder import Grade, skill_ladder
from banzu_common.text_rules import MESSAGE as NUL_MESSAGE

# Upper bounds that keep every accepted value storable in ordinary columns.
CODE_MAX_LENGTH = 64
NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000

E = TypeVar("E", bound=Enum)


class FieldErrors(SharedFieldErrors):
    """The shared collector with the readings the model constructors need."""

    def text(self, field: str, value: object, max_length: int = CODE_MAX_LENGTH) -> str:
        """A non-blank string, stripped of surrounding spaces."""
        if not isinstance(value, str) or not value.strip():
            self.add(field, Rule("blank", "must be a non-empty string"))
            return value  # type: ignore[return-value]
        value = value.strip()
        if len(value) > max_length:
            self.add(field, at_most_characters(max_length))
        if "\x00" in value:
            self.add(field, NUL_MESSAGE)
        return value

    def optional_text(self, field: str, value: object, max_length: int = CODE_MAX_LENGTH) -> str | None:
        return None if value is None else self.text(field, value, max_length)

    def decimal(self, field: str, value: object, *, low: Decimal, high: Decimal,
                low_exclusive: bool = False) -> Decimal:
        """An exact number in [low, high] (or (low, high]) with at most two decimal places."""
        number = _to_decimal(value)
        if number is None:
            self.add(field, Rule("invalid_type", "must be a number", type="number"))
            return value  # type: ignore[return-value]
        if number < low or (low_exclusive and number == low) or number > high:
            bracket = "(" if low_exclusive else "["
            bounds = {"min_inclusive": False} if low_exclusive else {}
            self.add(field, Rule("out_of_range", f"must be in {bracket}{low}, {high}]", min=low, max=high, **bounds))
        elif number != number.quantize(CENT):
            self.add(field, Rule("decimal_places", "must have at most 2 decimal places", places=2))
        return number

    def integer(self, field: str, value: object, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, Rule("invalid_type", "must be an integer", type="integer"))
        elif not low <= value <= high:
            self.add(field, Rule("out_of_range", f"must be between {low} and {high}", min=low, max=high))
        return value  # type: ignore[return-value]

    def choice(self, field: str, value: object, kind: type[E]) -> E:
        """A member of the enum `kind`, given as itself or as its code."""
        try:
            return kind(value)
        except (ValueError, TypeError):
            choices = [member.value for member in kind]
            self.add(field, Rule("one_of", f"must be one of {', '.join(choices)}", choices=choices))
            return value  # type: ignore[return-value]

    def grade(self, field: str, value: object) -> Grade:
        """A grade of the skill ladder, given as itself or as its code."""
        if isinstance(value, Grade):
            return value
        ladder = skill_ladder()
        if ladder.is_grade(value):
            return ladder.grade(value)  # type: ignore[arg-type]
        self.add(field, Rule("one_of", f"must be one of {', '.join(ladder.codes)}", choices=list(ladder.codes)))
        return value  # type: ignore[return-value]

    def boolean(self, field: str, value: object) -> bool:
        if not isinstance(value, bool):
            self.add(field, Rule("invalid_type", "must be true or false", type="boolean"))
        return value  # type: ignore[return-value]

    def day(self, field: str, value: object) -> date:
        if not isinstance(value, date) or isinstance(value, datetime):
            self.add(field, Rule("invalid_type", "must be a date (YYYY-MM-DD)", type="date"))
        return value  # type: ignore[return-value]

    def instant(self, field: str, value: object) -> datetime:
        """An aware datetime: a bare local time would be ambiguous across sites."""
        if not isinstance(value, datetime):
            self.add(field, Rule("invalid_type", "must be a date-time", type="datetime"))
        elif value.utcoffset() is None:
            self.add(field, Rule("needs_offset", "must include a UTC offset"))
        return value  # type: ignore[return-value]


def _to_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = str(value)  # the decimal the client wrote, not the binary approximation
    if not isinstance(value, (int, str, Decimal)):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
