"""The OpenAPI document of the gateway and every service, made to say what the server does: errors are
RFC 9457 problems (`application/problem+json`), decimals are strings, creating POSTs take an
`Idempotency-Key`, and public operations need no token.

flask-smorest documents its own error body under the success media type; `ProblemApi` registers its
status-code responses under `application/problem+json` instead (a private method: flask-smorest is pinned).
"""
from __future__ import annotations

import http
from decimal import Decimal

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from banzu_common.problems import CONTENT_TYPE as PROBLEM_JSON

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
IDEMPOTENCY_KEY = "IdempotencyKey"
BEARER = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}


class ProblemSchema(Schema):
    """What `banzu_common.problems.problem` sends (other members may follow: a problem is extensible)."""

    type = fields.String(required=True, metadata={"description": "urn:banzu:problem:<reason>, or about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    reason = fields.String(metadata={"description": "A stable machine-readable code, such as invalid or "
                                                    "not_enrolled."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Field name -> what is wrong with it (422)."})

    class Meta:
        title = "Problem"
        description = "RFC 9457 problem details."


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """As flask-smorest's, with the problem media type (every operation's `default` points here)."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An RFC 9457 problem", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class TruthfulOperations(BasePlugin):
    """Per operation: `Idempotency-Key` on every POST that needs a token (the server keeps the first answer
    of any such POST, so creating ones and actions alike), `security: []` where no token is needed, and the problem body on error responses documented by a description only."""

    def __init__(self, public_paths: tuple[str, ...]) -> None:
        super().__init__()
        self.public_paths = public_paths

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        public = bool(path) and path.startswith(self.public_paths)
        for method, operation in (operations or {}).items():
            if method == "post" and not public:
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            if public:
                operation["security"] = []
            for status, response in operation.get("responses", {}).items():
                if str(status).isdigit() and int(status) >= 400 and isinstance(response, dict) \
                        and "content" not in response:
                    response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def decimal_as_sent(converter, field, ret, **_kwargs) -> dict:
    """A Decimal field dumped as a string is documented as a decimal string, not a number."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN}
    return {}


def numeric_bounds(converter, field, ret, **_kwargs) -> dict:
    """Range bounds of Decimal fields come out as strings ("0"); JSON Schema wants numbers."""
    return {key: float(Decimal(ret[key])) if "." in str(ret[key]) else int(Decimal(ret[key]))
            for key in ("minimum", "maximum") if isinstance(ret.get(key), (str, Decimal))}


def make_api(app, public_paths: tuple[str, ...]) -> ProblemApi:
    api = ProblemApi(app, spec_kwargs={"components": {"securitySchemes": BEARER}, "security": [{"bearer": []}],
                                       "extra_plugins": [TruthfulOperations(public_paths)]})
    api.spec.components.parameter(IDEMPOTENCY_KEY, "header", {
        "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 200},
        "description": "A retry with the same key and body returns the first answer and creates nothing new."})
    api.ma_plugin.converter.add_attribute_function(numeric_bounds)
    api.ma_plugin.converter.add_attribute_function(decimal_as_sent)
    return api


FILE = {"type": "string", "format": "binary"}


def also_sent_as(blp, *media_types: str, description: str):
    """Documents that a 200 answer may instead be a file of these media types (CSV, XLSX, ...)."""

    def decorate(view):
        for media_type in media_types:
            view = blp.alt_response(200, schema=FILE, content_type=media_type, description=description,
                                    success=True)(view)
        return view

    return decorate
