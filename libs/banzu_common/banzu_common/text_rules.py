"""Rules of text every part applies. Text the database stores or compares has no NUL character
(PostgreSQL text cannot hold one): a body field refuses it by its schema (`NO_NUL`), and a query
parameter with one is invalid input (422 naming it) on every API path, before any view runs. A name
the domain strips must not be blank (`NOT_BLANK`)."""
from __future__ import annotations

from flask import Flask, request
from marshmallow import validate

from banzu_common.problems import problem

NO_NUL_PATTERN = r"^[^\x00]*$"  # also the pattern of every free-text query parameter in the OpenAPI document
MESSAGE = "must not contain NUL characters"
NO_NUL = validate.Regexp(NO_NUL_PATTERN, error=MESSAGE)
# What str.strip() removes, spelled out: regular expressions in the OpenAPI document (ECMA 262) and in
# Python disagree on what \s means.
WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = validate.Regexp(f"^[{WHITESPACE}]*[^{WHITESPACE}]", error="must not be blank")


def refuse_nul_in_query(app: Flask, prefix: str) -> None:
    @app.before_request
    def no_nul_in_query():
        if not request.path.startswith(prefix):
            return None
        broken = sorted({name for name, value in request.args.items(multi=True) if "\x00" in name + value})
        if not broken:
            return None
        return problem(422, "Invalid input", f"Some fields are invalid: {', '.join(broken)}.", reason="invalid",
                       errors={name: [MESSAGE] for name in broken})
