"""Bearer tokens (JWT, HS256) and role checks, the same in the gateway and every service.

Services verify tokens themselves: reaching a service is never proof of who the caller is.
"""
from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt
from flask import g, request
from sqlalchemy.exc import SQLAlchemyError

from banzu_common.errors import Forbidden, Invalid
from banzu_common.rules import Rule

ROLES = ("admin", "organizer", "judge", "trainer", "worker", "hr")
# Carried by the gateway's own calls to the services (its aggregations, such as team assessments,
# made after it checked the caller itself). Accounts hold only ROLES, so no user can have it; only a
# holder of the shared signing secret can mint it.
GATEWAY_ROLE = "gateway"
log = logging.getLogger(__name__)


class Unauthenticated(Exception):
    """No token, or one that is malformed, forged or expired (401)."""


@dataclass(frozen=True)
class Principal:
    username: str
    roles: frozenset[str]
    employee_no: str | None = None
    # The account's version when the token was issued: every part refuses tokens older than the
    # account's current version (roles, password or link changed, account deactivated).
    version: int = 0
    # Signed in with a password an admin set: every call but changing it is refused until then.
    must_change_password: bool = False

    def has(self, *roles: str) -> bool:
        return "admin" in self.roles or bool(self.roles.intersection(roles))

    def is_worker(self, employee_no: str) -> bool:
        return self.employee_no is not None and self.employee_no == employee_no


def issue_token(secret: str, username: str, roles, employee_no: str | None, ttl_seconds: int,
                version: int = 0, must_change_password: bool = False) -> str:
    now = int(time.time())
    claims = {"sub": username, "roles": sorted(roles), "iat": now, "exp": now + ttl_seconds}
    if employee_no:
        claims["emp"] = employee_no
    if version:
        claims["ver"] = version
    if must_change_password:
        claims["pwc"] = True
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
        must_change = claims.get("pwc", False)
        if not isinstance(must_change, bool):
            raise Unauthenticated("The bearer token carries a malformed password-change flag.")
        principal = Principal(str(claims["sub"]), frozenset(roles), claims.get("emp"), version, must_change)
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


@dataclass(frozen=True)
class AccountState:
    active: bool
    version: int


AccountLookup = Callable[[str], AccountState | None]
"""The state of the account named, or None when it is not known (no entry: nothing to refuse)."""


class AccountCheck:
    """The TokenCheck of every part: refuses (Unauthenticated) a token of a deactivated account, or one
    issued before the account's current version. The gateway looks its accounts up; a service, its copy
    of them kept from `AccountChanged` events (banzu_common.account_replica). A token naming an account
    the lookup does not know (one minted with the shared secret for a service call, a test or a
    benchmark) is left to its signature.

    What was read is kept per process for `seconds`, so a busy process reads each account at most once
    per interval; a token newer than what is kept means the account changed since, and it is read again.
    When the store cannot be read, the last known state is used, else the signature alone: calls keep
    working through a database outage."""

    MAX_REMEMBERED = 10_000

    def __init__(self, lookup: AccountLookup, seconds: float):
        self.lookup = lookup
        self.seconds = seconds
        self._known: dict[str, tuple[AccountState | None, float]] = {}
        self._lock = threading.Lock()

    def __call__(self, principal: Principal) -> None:
        state = self._state(principal.username, at_least=principal.version)
        # A state older than the token says nothing about it: the change that issued the token is
        # still on its way to this copy.
        if state is None or state.version < principal.version:
            return
        if not state.active:
            raise Unauthenticated("This account is deactivated.")
        if principal.version < state.version:
            raise Unauthenticated("This sign-in has ended (the account changed); sign in again.")

    def forget(self, username: str) -> None:
        """After a change to the account made in this process, so it applies at once here."""
        with self._lock:
            self._known.pop(username, None)

    def _state(self, username: str, at_least: int) -> AccountState | None:
        now = time.monotonic()
        remembered = self._known.get(username)
        if remembered is not None:
            state, read_at = remembered
            if now - read_at < self.seconds and (state is None or state.version >= at_least):
                return state
        try:
            state = self.lookup(username)
        except SQLAlchemyError as error:
            log.warning("account check of %s without its store (%s): last known state used", username,
                        error.__class__.__name__)
            return remembered[0] if remembered is not None else None
        with self._lock:
            if len(self._known) >= self.MAX_REMEMBERED:
                self._known.clear()
            self._known[username] = (state, now)
        return state


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
        raise Invalid({"_schema": [Rule("empty_patch", "name at least one field to change")]},
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
