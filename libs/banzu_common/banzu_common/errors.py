"""Errors that any layer may raise; the web layer turns them into RFC 9457 problems.

Domain code raises these by meaning (a rule refused, a thing not found, a forbidden act, invalid
input); only `banzu_common.problems` knows which HTTP status each meaning gets.
"""
from __future__ import annotations

from banzu_common.rules import Rule

# The key of `errors` and `codes` for what concerns no single field (as marshmallow's `_schema`).
WHOLE = "_schema"


class BanzuError(Exception):
    """Base: `reason` is a stable machine-readable code, `detail` a sentence for people."""

    title = "Request refused"

    def __init__(self, reason: str, detail: str, **extra):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.extra = extra


class NotFound(BanzuError):
    title = "Not found"

    def __init__(self, detail: str, reason: str = "not_found", **extra):
        super().__init__(reason, detail, **extra)


class Forbidden(BanzuError):
    title = "Forbidden"


class Conflict(BanzuError):
    """A domain rule refuses the request in the current state (409)."""

    title = "Conflict with the current state"


class Unavailable(BanzuError):
    """Something the request needs is not set up or not reachable now (503)."""

    title = "Service Unavailable"


class Invalid(BanzuError):
    """Input that breaks a rule of shape or range; `errors` maps field names to messages (422)."""

    title = "Invalid input"

    def __init__(self, errors: dict[str, list[str]], detail: str | None = None, reason: str = "invalid"):
        super().__init__(reason, detail or "Some fields are invalid.", errors=errors)
        self.errors = errors


class RuleError(Invalid):
    """A rule of the domain refused a value (422): its message for people, and its `code` and `values`
    for clients that say it in their own language (banzu_common.rules). `field` is the input it is about,
    or none for the request as a whole."""

    def __init__(self, code: str, message: str, field: str | None = None, reason: str = "invalid",
                 detail: str | None = None, **values):
        super().__init__({field or WHOLE: [Rule(code, message, **values)]}, detail=detail, reason=reason)


class Duplicate(Conflict):
    """A value that must be unique given again (409): the problem's `reason` says which, and its `codes`
    name the field, `{"code": "duplicate", "field": ...}`."""

    def __init__(self, reason: str, detail: str, field: str, **extra):
        super().__init__(reason, detail, errors={field: [Rule("duplicate", "is already taken", field=field)]},
                         **extra)
