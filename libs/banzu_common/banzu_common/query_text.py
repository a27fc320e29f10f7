"""Query parameters are text the database compares, and PostgreSQL text cannot hold a NUL character:
such a parameter is invalid input (422 naming it), on every API path, before any view runs."""
from __future__ import annotations

from flask import Flask, request

from banzu_common.problems import problem

NO_NUL = r"^[^\x00]*$"  # the pattern every free-text query parameter has in the OpenAPI document


def refuse_nul_in_query(app: Flask, prefix: str) -> None:
    @app.before_request
    def no_nul_in_query():
        if not request.path.startswith(prefix):
            return None
        broken = sorted({name for name, value in request.args.items(multi=True) if "\x00" in name + value})
        if not broken:
            return None
        return problem(422, "Invalid input", f"Some fields are invalid: {', '.join(broken)}.", reason="invalid",
                       errors={name: ["must not contain NUL characters"] for name in broken})
