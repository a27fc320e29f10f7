"""Errors name their rule (api.md 1.2): every message of a problem's `errors` has an entry in its `codes`,
`{"code": ..., <values the message quotes>}`, so that a client says it in its own language without
reading English. Our own rules write their messages as `Rule`s, which carry the code (marshmallow's
built-in messages get theirs in banzu_common.rule_codes). Free of any library, so a domain may use it.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from string import Formatter


class Rule(str):
    """A message for people that also names the rule it reports: `code`, and `values` it quotes (as text).

    It is a `str`, so whatever carries messages carries it unchanged. Given to marshmallow as an `error=`
    template (or in `error_messages`), it stays a Rule when marshmallow formats it, and takes as values the
    template's own fields (but the client's `input`)."""

    code: str
    values: dict

    def __new__(cls, code: str, message: str, /, **values) -> Rule:  # a value may be named `code`
        text = super().__new__(cls, message)
        text.code = code
        text.values = {name: _plain(value) for name, value in values.items()}
        return text

    def format(self, *args, **kwargs) -> Rule:
        named = {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(self) if name}
        quoted = {name: kwargs[name] for name in named - {"input"} if name in kwargs}
        return Rule(self.code, str.format(self, *args, **kwargs), **self.values, **quoted)

    def entry(self) -> dict:
        return {"code": self.code, **self.values}

    def __reduce__(self):  # copies (marshmallow deep-copies declared fields) keep the code
        return _rule, (self.code, str(self), self.values)


def _rule(code: str, message: str, values: dict) -> Rule:
    return Rule(code, message, **values)


def _plain(value):
    """Values as JSON has them: numbers, dates and decimals as the text the message shows."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    return str(value)


def no_such(kind: str, value: object) -> Rule:
    """A reference to nothing the part knows (a worker, course, team, judge): code `unknown_<kind>`."""
    return Rule(f"unknown_{kind}", f"There is no {kind} {value!r}.", value=value)


# Rules many fields share, in one wording.
REQUIRED = Rule("required", "is required")
IN_THE_FUTURE = Rule("in_the_future", "must not be after today")
TOO_FAR = Rule("too_far_in_future", "is too far in the future")


def at_most_characters(limit: int) -> Rule:
    return Rule("wrong_length", f"must be at most {limit} characters", max=limit)


def not_before(field: str) -> Rule:
    """A date or time that must not come before another field's: `start` names that field."""
    return Rule("before_start", f"must not be before {field}", start=field)


def not_after(field: str) -> Rule:
    """A date that must not come after another field's: `end` names that field."""
    return Rule("after_end", f"must not be after {field}", end=field)
