"""Bearer tokens (JWT, HS256) and role checks, the same in the gateway and every service.

Services verify tokens themselves: reaching a service is never proof of who the caller is.
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt
from flask import g, request

from banzu_common.errors import Forbidden, Invalid

ROLES = ("admin", "organizer", "judge", "trainer", "worker", "hr")
# Carried by the gateway's own calls to the services (its aggregations, such as team assessments,
# made after it checked the caller itself). Accounts hold only ROLES, so no user can have it; only a
# holder of the shared signing secret can mint it.
GATEWAY_ROLE = "gateway"


class Unauthenticated(Exception):
    """No token, or one that is malformed, forged or expired (401)."""


@dataclass(frozen=True)
class Principal:
    username: str
    roles: frozenset[str]
    employee_no: str | None = None
    # The account's version when the token was issued: the gateway refuses tokens older than the
    # account's current version (roles, password or link changed, account deactivated).
    version: int = 0

    def has(self, *roles: str) -> bool:
        return "admin" in self.roles or bool(self.roles.intersection(roles))

    def is_worker(self, employee_no: str) -> bool:
        return self.employee_no is not None and self.employee_no == employee_no


def issue_token(secret: str, username: str, roles, employee_no: str | None, ttl_seconds: int,
                version: int = 0) -> str:
    now = int(time.time())
    claims = {"sub": username, "roles": sorted(roles), "iat": now, "exp": now + ttl_seconds}
    if employee_no:
        claims["emp"] = employee_no
    if version:
        claims["ver"] = version
    return jwt.encode(claims, secret, algorithm="HS256")


TokenCheck = Callable[[Principal], None]
"""Called with the principal of every verified token; raises Unauthenticated to refuse it."""


class TokenVerifier:
    """Verifies tokens, remembering recent good ones: a signature check on every request is the
    largest per-request cost of a Python gateway."""

    def __init__(self, secret: str, cache_size: int = 4096, check: TokenCheck | None = None):
        self.secret = secret
        self.cache_size = cache_size
        self.check = check  # what only the token's issuer knows (the gateway: is the account still valid?)
        self._cache: dict[str, tuple[Principal, int]] = {}

    def verify(self, token: str) -> Principal:
        principal = self._signed(token)
        if self.check is not None:
            self.check(principal)
        return principal

    def _signed(self, token: str) -> Principal:
        cached = self._cache.get(token)
        if cached is not None:
            principal, expires = cached
            if expires > time.time():
                return principal
            self._cache.pop(token, None)
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
        except jwt.PyJWTError as error:
            raise Unauthenticated(f"The bearer token is not valid: {error}.") from None
        roles = claims.get("roles")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise Unauthenticated("The bearer token carries no roles.")
        version = claims.get("ver", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise Unauthenticated("The bearer token carries a malformed account version.")
        principal = Principal(str(claims["sub"]), frozenset(roles), claims.get("emp"), version)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[token] = (principal, int(claims["exp"]))
        return principal

    def from_header(self, header: str | None) -> Principal:
        if not header:
            raise Unauthenticated("This request needs a bearer token (Authorization: Bearer <token>).")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("The Authorization header must be 'Bearer <token>'.")
        return self.verify(token.strip())


def current_principal() -> Principal:
    principal = getattr(g, "principal", None)
    if principal is None:
        raise Unauthenticated("This request needs a bearer token (Authorization: Bearer <token>).")
    return principal


def require_roles(*roles: str) -> Principal:
    """Refuses (403) unless the caller holds one of `roles` (admin holds every role)."""
    principal = current_principal()
    if not principal.has(*roles):
        raise Forbidden("forbidden", f"{request.method} {request.path} needs one of the roles: {', '.join(roles)}.")
    return principal


def roles_required(*roles: str):
    """View decorator form of `require_roles`. Placed above flask-smorest's decorators it runs before
    the request is parsed: a caller without the role gets 403, whatever they sent; an allowed caller's
    PATCH that names nothing gets 422."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            require_roles(*roles)
            refuse_empty_patch()
            return view(*args, **kwargs)

        return wrapper

    return decorate


def refuse_empty_patch() -> None:
    """A PATCH that names no field would answer 200 and change nothing: the caller has a bug."""
    if request.method == "PATCH" and (not request.get_data() or request.get_json(silent=True) == {}):
        raise Invalid({"_schema": ["name at least one field to change"]},
                      "A PATCH must name at least one field to change.", reason="empty_patch")


def self_or_roles_required(parameter: str, *roles: str):
    """View decorator: the worker named by the path parameter `parameter`, or one of `roles`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            require_self_or_roles(kwargs[parameter], *roles)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def require_self_or_roles(employee_no: str, *roles: str) -> Principal:
    """The worker may read their own records; other callers need one of `roles`."""
    principal = current_principal()
    if principal.is_worker(employee_no) or principal.has(*roles):
        return principal
    raise Forbidden("forbidden", "You may only see your own records.")
