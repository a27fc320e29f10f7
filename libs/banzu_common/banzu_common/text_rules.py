"""Rules of text every part applies.

- No control character (Unicode's Cc: C0, DEL and C1; tab, CR, LF and NUL among them) in a name, title,
  code, number or reason (`ONE_LINE`): such text ends up in e-mail subjects, CSV cells, robot messages
  and page headings, where a line break breaks the message or misleads the reader. Free text written
  over several lines (a note) may hold line breaks, LF and CR, but no other control character
  (`MULTI_LINE`). Which fields are which: docs/decisions.md, "Control characters in text".
- A query parameter has no NUL character (PostgreSQL text cannot hold one): one with it is invalid
  input (422 naming it) on every API path, before any view runs.
- A name the domain strips must not be blank (`NOT_BLANK`).

The patterns are written for both Python and the OpenAPI document (ECMA 262), so the document says
what the server checks; `WholePattern` makes Python read `$` as ECMA does.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marshmallow import ValidationError, validate

from banzu_common.rules import Rule

if TYPE_CHECKING:
    from flask import Flask

NO_NUL_PATTERN = r"^[^\x00]*$"  # also the pattern of every free-text query parameter in the OpenAPI document
MESSAGE = Rule("no_nul", "must not contain NUL characters")

ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
MULTI_LINE_PATTERN = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"  # LF (0a) and CR (0d) allowed
ONE_LINE_MESSAGE = Rule("one_line", "must be one line without control characters (tab, line break, NUL)")
MULTI_LINE_MESSAGE = Rule("multi_line", "must not contain control characters other than line breaks (tab, NUL)")
_ONE_LINE = re.compile(ONE_LINE_PATTERN)
_MULTI_LINE = re.compile(MULTI_LINE_PATTERN)


def control_character_error(text: str, multi_line: bool = False) -> str | None:
    """The message when `text` breaks the rule (for rules checked outside a schema, such as a row of
    an imported file), else None."""
    if multi_line:
        return None if _MULTI_LINE.fullmatch(text) else MULTI_LINE_MESSAGE
    return None if _ONE_LINE.fullmatch(text) else ONE_LINE_MESSAGE


class WholePattern(validate.Regexp):
    """A pattern the whole value must match, `$` meaning its very end as in JSON Schema: Python's `$` also
    matches before a final line break, so `^[A-Z]+$` alone would let "AB\\n" through."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


ONE_LINE = WholePattern(ONE_LINE_PATTERN, error=ONE_LINE_MESSAGE)
MULTI_LINE = WholePattern(MULTI_LINE_PATTERN, error=MULTI_LINE_MESSAGE)
# What str.strip() removes, spelled out: regular expressions in the OpenAPI document (ECMA 262) and in
# Python disagree on what \s means.
WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# The codes people give teams, segments and the like (1-40 letters, digits, '_', '.' or '-').
CODE_FORMAT = Rule("code_format", "Use 1-40 letters, digits, '_', '.' or '-'.")
NOT_BLANK = validate.Regexp(f"^[{WHITESPACE}]*[^{WHITESPACE}]", error=Rule("blank", "must not be blank"))


def refuse_nul_in_query(app: Flask, prefix: str) -> None:
    # Imported here so that a domain may use the rules above without the web framework.
    from flask import request

    from banzu_common.problems import problem

    @app.before_request
    def no_nul_in_query():
        if not request.path.startswith(prefix):
            return None
        broken = sorted({name for name, value in request.args.items(multi=True) if "\x00" in name + value})
        if not broken:
            return None
        return problem(422, "Invalid input", f"Some fields are invalid: {', '.join(broken)}.", reason="invalid",
                       errors={name: [MESSAGE] for name in broken})
