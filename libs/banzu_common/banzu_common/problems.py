"""RFC 9457 problem details for every error, in the gateway and every service."""
from __future__ import annotations

import json
import logging

from flask import Flask, Response
from sqlalchemy import Index, MetaData, PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from banzu_common.auth import Unauthenticated
from banzu_common.errors import WHOLE, BanzuError, Conflict, Forbidden, Invalid, NotFound, Unavailable
from banzu_common.rule_codes import codes_of
from banzu_common.rules import Rule
from banzu_common.table_files.reading import MAX_FILE_BYTES, MIB

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/problem+json"
STATUS = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422, Unavailable: 503}


def problem(status: int, title: str, detail: str, reason: str | None = None, errors: dict | None = None,
            headers: dict | None = None, codes: dict | None = None, **extra) -> Response:
    """`codes` name the rule of every message of `errors` (banzu_common.rules), else the `reason` of the
    request as a whole."""
    body = {"type": f"urn:banzu:problem:{reason}" if reason else "about:blank", "title": title,
            "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    if reason:
        body["reason"] = reason
    codes = codes or (codes_of(errors) if errors else {WHOLE: [{"code": reason}]} if reason else None)
    if codes:
        body["codes"] = codes
    body.update(extra)
    response = Response(json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def body_too_large() -> Response:
    """A request body past every part's limit (quality.md R16), said as the nginx edge says it."""
    return problem(413, "Content Too Large", f"The request body is larger than {MAX_FILE_BYTES // MIB} MiB.",
                   reason="payload_too_large")


def flatten_messages(messages) -> dict[str, list[str]]:
    """webargs nests messages by location ({"json": {"field": [...]}}): keep field -> messages."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "body", []).extend(value)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(f"{prefix}.{index}", inner)
        else:
            flat.setdefault(prefix or "body", []).append(str(value))

    if isinstance(messages, dict):
        for location in list(messages):
            if location in ("json", "query", "form", "files", "headers", "path", "view_args", "querystring"):
                walk("", messages[location])
            else:
                walk(str(location), messages[location])
    return flat


def _http_problem(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if status == 422 and messages:
        errors = flatten_messages(messages)
        fields = ", ".join(sorted(errors))
        return problem(422, "Invalid input", f"Some fields are invalid: {fields}.", reason="invalid", errors=errors)
    detail = data.get("message") or error.description or error.name
    if status == 400 and messages:
        detail = "; ".join(f"{k}: {v}" for k, v in flatten_messages(messages).items()) or detail
    if status == 413:
        return body_too_large()
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else None
    return problem(status, error.name, str(detail), headers=headers)


def unique_field(error: IntegrityError, metadata: MetaData | None) -> str | None:
    """The field a unique constraint or primary key keeps from repeating, found by the constraint's name
    (PostgreSQL names those we leave unnamed `<table>_pkey` and `<table>_<columns>_key`). Of several
    columns the last is the field: the others say where it must be unique (a bib within its contest)."""
    diagnostics = getattr(error.orig, "diag", None)
    name = getattr(diagnostics, "constraint_name", None)
    table = metadata.tables.get(getattr(diagnostics, "table_name", None) or "") if metadata is not None else None
    if table is None or not name:
        return None
    for constraint in (*table.constraints, *table.indexes):
        if isinstance(constraint, PrimaryKeyConstraint):
            own_name = f"{table.name}_pkey"
        elif isinstance(constraint, UniqueConstraint) or (isinstance(constraint, Index) and constraint.unique):
            own_name = f"{table.name}_{'_'.join(column.name for column in constraint.columns)}_key"
        else:
            continue
        if name in (constraint.name, own_name) and len(constraint.columns):
            return list(constraint.columns)[-1].name
    return None


def register_problem_handlers(app: Flask, metadata: MetaData | None = None) -> None:
    """Installed after flask-smorest's Api, so these replace its {code, status, message} bodies. `metadata`
    holds the part's tables, for naming the field a unique record would repeat."""

    @app.errorhandler(BanzuError)
    def domain_error(error: BanzuError):
        status = getattr(error, "status", None) or next(
            (code for kind, code in STATUS.items() if isinstance(error, kind)), 409)
        extra = {k: v for k, v in error.extra.items() if k != "errors"}
        headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
        errors = error.extra.get("errors")
        # a refusal of the request as a whole names its rule, with the values it states beside it
        codes = None if errors else {WHOLE: [Rule(error.reason, error.detail, **{
            name: value for name, value in extra.items() if not isinstance(value, (dict, list))}).entry()]}
        return problem(status, error.title, error.detail, reason=error.reason, errors=errors,
                       headers=headers, codes=codes, **extra)

    @app.errorhandler(Unauthenticated)
    def unauthenticated(error: Unauthenticated):
        return problem(401, "Unauthorized", str(error), reason="unauthenticated",
                       headers={"WWW-Authenticate": 'Bearer realm="banzu"'})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _http_problem(error)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        log.info("integrity error turned into 409: %s", error.orig)
        field = unique_field(error, metadata)
        if field is None:
            return problem(409, "Conflict with the current state", "This would duplicate or break a unique "
                                                                   "record.", reason="conflict")
        message = Rule("duplicate", f"{field} is already taken by another record", field=field)
        return problem(409, "Conflict with the current state", f"This would duplicate a record: {message}.",
                       reason="conflict", errors={field: [message]})

    @app.errorhandler(DataError)
    def unstorable_value(error: DataError):
        # Input that passed validation but the database cannot store (e.g. a NUL character).
        log.info("data error turned into 422: %s", error.orig)
        return problem(422, "Invalid input", "A value cannot be stored: it has characters or a size the database "
                                             "does not accept.", reason="invalid")

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        log.error("database error: %s", error.orig)
        return problem(503, "Service Unavailable", "The database is busy or unreachable; try again shortly.",
                       reason="database_unavailable", headers={"Retry-After": "2"})

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error")
        return problem(500, "Internal Server Error", "Something went wrong on our side; it has been logged.")
