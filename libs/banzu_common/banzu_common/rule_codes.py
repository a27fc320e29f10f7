"""The `codes` of a problem (api.md 1.2, "Errors name their rule"): our rules carry theirs
(banzu_common.rules); marshmallow's built-in messages are recognised by the templates marshmallow itself
declares, so they are mapped here once, from marshmallow's own words, whatever field or validator says them.
"""
from __future__ import annotations

import inspect
import itertools
import re
from functools import cache
from string import Formatter

from marshmallow import Schema, fields, validate

from banzu_common.rules import Rule

# The code of a message that names no rule we know: a client shows the message as it is.
UNNAMED = "invalid"


def code_of(message: str) -> dict:
    """The `codes` entry of one message."""
    if isinstance(message, Rule):
        return message.entry()
    return marshmallow_code(message) or {"code": UNNAMED}


def codes_of(errors: dict[str, list[str]]) -> dict[str, list[dict]]:
    """`codes` beside a problem's `errors`: the same fields, an entry per message in the same order."""
    return {field: [code_of(message) for message in messages] for field, messages in errors.items()}


# marshmallow's error keys whose code is not "the value is not of the field's type"
_FIELD_KEY_CODES = {"required": "required", "null": "null", "validator_failed": "validator_failed",
                    "unknown": "one_of", "too_large": "out_of_range"}
_VALIDATOR_CODES = {validate.OneOf: "one_of", validate.ContainsOnly: "one_of", validate.NoneOf: "none_of",
                    validate.ContainsNoneOf: "none_of", validate.Regexp: "pattern", validate.Equal: "not_equal",
                    validate.Predicate: UNNAMED, validate.Email: "invalid_type", validate.URL: "invalid_type"}
_VALIDATOR_TYPES = {validate.Email: "email", validate.URL: "url"}


def _templates():
    """(template, code, fixed values) for every message marshmallow declares."""
    for field_class in vars(fields).values():
        if inspect.isclass(field_class) and issubclass(field_class, fields.Field):
            for key, template in vars(field_class).get("default_error_messages", {}).items():
                code = _FIELD_KEY_CODES.get(key, "invalid_type")
                yield template, code, {"type": field_class.__name__.lower()} if code == "invalid_type" else {}
    for kind, code in _VALIDATOR_CODES.items():
        yield kind.default_message, code, {"type": _VALIDATOR_TYPES[kind]} if kind in _VALIDATOR_TYPES else {}
    for min_inclusive, max_inclusive in itertools.product((True, False), repeat=2):
        bounds = validate.Range(0, 1, min_inclusive=min_inclusive, max_inclusive=max_inclusive)
        flags = {**({} if min_inclusive else {"min_inclusive": False}),
                 **({} if max_inclusive else {"max_inclusive": False})}
        yield bounds.message_all, "out_of_range", flags
        yield bounds.message_min, "out_of_range", {k: v for k, v in flags.items() if k.startswith("min")}
        yield bounds.message_max, "out_of_range", {k: v for k, v in flags.items() if k.startswith("max")}
    for template in (validate.Length.message_min, validate.Length.message_max, validate.Length.message_all,
                     validate.Length.message_equal):
        yield template, "wrong_length", {}
    yield Schema._default_error_messages["unknown"], "unknown_field", {}
    yield Schema._default_error_messages["type"], "invalid_type", {"type": "object"}


@cache
def _patterns() -> tuple[tuple[re.Pattern, str, dict], ...]:
    compiled = {}
    for template, code, fixed in _templates():
        parts = []
        for literal, name, _spec, _conversion in Formatter().parse(template):
            parts.append(re.escape(literal))
            if name is not None:
                parts.append(f"(?P<{name}>.+?)")
        compiled.setdefault(template, (re.compile("".join(parts)), code, fixed))
    # whole sentences first, then a template with more values: "… {min} and … {max}." before "… {min}."
    return tuple(sorted(compiled.values(), key=lambda item: (item[0].groups > 0, -item[0].groups,
                                                             -len(item[0].pattern))))


def marshmallow_code(message: str) -> dict | None:
    """The code of one of marshmallow's built-in messages, with the values it quotes; None for others."""
    for pattern, code, fixed in _patterns():
        match = pattern.fullmatch(message)
        if match:
            values = {("type" if name == "obj_type" else name): value
                      for name, value in match.groupdict().items() if name != "input"}
            if "choices" in values:
                values["choices"] = values["choices"].split(", ")
            return {"code": code, **fixed, **values}
    return None
