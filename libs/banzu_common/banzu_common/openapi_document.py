"""The OpenAPI document of the gateway and every service, made to say what the server does: errors are
RFC 9457 problems (`application/problem+json`), decimals are strings, limits the server checks are in
the schemas, POSTs take an `Idempotency-Key`, files have their media types, and public operations need
no token.

flask-smorest documents its own error body under the success media type; `ProblemApi` registers its
status-code responses under `application/problem+json` instead (a private method: flask-smorest is pinned).
"""
from __future__ import annotations

import copy
import datetime
import http
from decimal import Decimal

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields, validate
from werkzeug.routing import IntegerConverter

from banzu_common.problems import CONTENT_TYPE as PROBLEM_JSON
from banzu_common.text_rules import NO_NUL_PATTERN

MAX_ID = 2**31 - 1
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
IDEMPOTENCY_KEY = "IdempotencyKey"
BEARER = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
FILE = {"type": "string", "format": "binary"}


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
    codes = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()), metadata={
        "description": "The rules broken, for clients that say them in their own language: the fields of "
                       "`errors` (or `_schema` for the request as a whole), each with one entry per message, "
                       "`{code, ...values}`, such as `{\"code\": \"out_of_range\", \"min\": \"0\", \"max\": "
                       "\"10.00\"}` or `{\"code\": \"duplicate\", \"field\": \"employee_no\"}`."})

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
    of any such POST, so creating ones and actions alike), `security: []` where no token is needed, the
    problem body on error responses documented by a description only, and a PATCH body that names a field
    (banzu_common.auth refuses an empty one)."""

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
            if method == "patch" and "requestBody" in operation:
                operation["requestBody"]["required"] = True
                for content in operation["requestBody"].get("content", {}).values():
                    content["schema"] = {"allOf": [content["schema"]], "minProperties": 1}
            for parameter in operation.get("parameters", []):
                if isinstance(parameter, dict) and parameter.get("in") == "query":
                    _free_text_without_nul(parameter.get("schema", {}))
            for status, response in operation.get("responses", {}).items():
                if str(status).isdigit() and int(status) >= 400 and isinstance(response, dict) \
                        and "content" not in response:
                    response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _free_text_without_nul(schema: dict) -> None:
    """Free text in a query has no NUL character (see banzu_common.text_rules); codes, dates and choices
    have their own pattern, format or list."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema):
        schema["pattern"] = NO_NUL_PATTERN


def decimal_as_sent(converter, field, ret, **_kwargs) -> dict:
    """A Decimal field dumped as a string is documented as a decimal string, not a number."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN}
    return {}


def only_null_besides(converter, field, ret, **_kwargs) -> dict:
    """apispec documents a nullable nested object as `anyOf: [its schema, any object or null]`, which lets
    any object through: the second branch is made to allow null alone."""
    if not any(branch == {"nullable": True, "type": "object"} for branch in ret.get("anyOf", ())):
        return {}
    return {"anyOf": [{"type": "object", "nullable": True, "enum": [None]}
                      if branch == {"nullable": True, "type": "object"} else branch for branch in ret["anyOf"]]}


def numeric_bounds(converter, field, ret, **_kwargs) -> dict:
    """Range bounds of Decimal fields come out as strings ("0"); JSON Schema wants numbers."""
    return {key: float(Decimal(ret[key])) if "." in str(ret[key]) else int(Decimal(ret[key]))
            for key in ("minimum", "maximum") if isinstance(ret.get(key), (str, Decimal))}


def combined_validators(converter, field, ret, **_kwargs) -> dict:
    """Lengths, ranges and patterns inside `validate.And(...)`, which apispec does not look into."""
    if not any(isinstance(validator, validate.And) for validator in field.validators):
        return {}
    shown = copy.copy(field)
    shown.validators = list(_flat(field.validators))
    found: dict = {}
    for describe in (converter.field2range, converter.field2length):
        found.update(describe(shown, ret=ret))
    patterns = [v.regex.pattern for v in shown.validators if isinstance(v, validate.Regexp)]
    if patterns:
        found["pattern"] = patterns[0]
        if patterns[1:]:
            found["allOf"] = [{"pattern": pattern} for pattern in patterns[1:]]
    return found


def _flat(validators):
    for validator in validators:
        if isinstance(validator, validate.And):
            yield from _flat(validator.validators)
        else:
            yield validator


def date_bounds(converter, field, ret, **_kwargs) -> dict:
    """OpenAPI 3.0 has no date bounds: a `validate.Range` of dates becomes a pattern of the whole years
    it allows (a first or last year that is only partly allowed is left out)."""
    ranges = [v for v in _flat(field.validators) if isinstance(v, validate.Range)]
    if not isinstance(field, fields.Date) or not ranges:
        return {}
    low, high = ranges[0].min, ranges[0].max
    first = 1 if low is None else low.year + (low != datetime.date(low.year, 1, 1))
    last = 9999 if high is None else high.year - (high != datetime.date(high.year, 12, 31))
    return {"pattern": f"^({_digits_between(f'{first:04d}', f'{last:04d}')})-", "x-minimum": str(low),
            "x-maximum": str(high)}


def _digits_between(low: str, high: str) -> str:
    """A regular expression for the numbers low..high written with the same number of digits."""
    if low == high:
        return low
    if len(low) == 1:
        return f"[{low}-{high}]"
    rest = len(low) - 1
    if low[0] == high[0]:
        return f"{low[0]}({_digits_between(low[1:], high[1:])})"
    parts = [f"{low[0]}({_digits_between(low[1:], '9' * rest)})"]
    if int(high[0]) - int(low[0]) > 1:
        parts.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + "[0-9]" * rest)
    parts.append(f"{high[0]}({_digits_between('0' * rest, high[1:])})")
    return "|".join(parts)


def make_api(app, public_paths: tuple[str, ...]) -> ProblemApi:
    api = ProblemApi(app, spec_kwargs={"components": {"securitySchemes": BEARER}, "security": [{"bearer": []}],
                                       "extra_plugins": [TruthfulOperations(public_paths)]})
    api.spec.components.parameter(IDEMPOTENCY_KEY, "header", {
        "name": "Idempotency-Key", "required": False, "schema": {"type": "string"},
        "description": "A retry with the same key and body returns the first answer and creates nothing new."})
    # Numeric ids are database integers: a larger number can name nothing.
    api.register_converter(IntegerConverter, lambda converter: {"type": "integer", "minimum": 0, "maximum": MAX_ID})
    api.ma_plugin.converter.add_attribute_function(numeric_bounds)
    api.ma_plugin.converter.add_attribute_function(decimal_as_sent)
    api.ma_plugin.converter.add_attribute_function(combined_validators)
    api.ma_plugin.converter.add_attribute_function(date_bounds)
    api.ma_plugin.converter.add_attribute_function(only_null_besides)
    return api


def also_sent_as(blp, *media_types: str, description: str):
    """Documents that a 200 answer may instead be a file of these media types (CSV, XLSX, ...)."""

    def decorate(view):
        for media_type in media_types:
            view = blp.alt_response(200, schema=FILE, content_type=media_type, description=description,
                                    success=True)(view)
        return view

    return decorate
