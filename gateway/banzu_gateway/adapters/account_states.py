"""The gateway's check of every bearer token against the account behind it.

A token stays signed until it expires, so the gateway asks the account whether it still stands:
an account that was deactivated, or whose token version rose since the token was issued (password,
roles or linked employee number changed), has its tokens refused with 401. The answer is kept per
process for a few seconds (BANZU_ACCOUNT_CHECK_SECONDS, default 5), so a busy gateway reads each
account at most once per interval; a change made through this process applies at once, one made
through another gateway process within that interval. A token that names no account (one minted
with the shared secret for a service-to-service call or a benchmark) is left to its signature.
When the gateway's database cannot be read, the last known state is used, else the signature alone:
pass-through calls keep working through a database outage, and sign-ins cannot be made meanwhile.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from banzu_common.auth import Principal, Unauthenticated

from banzu_gateway.adapters.tables import users

log = logging.getLogger(__name__)
DEFAULT_SECONDS = 5.0
MAX_REMEMBERED = 10_000


class AccountStates:
    def __init__(self, engine: Callable[[], Engine], seconds: float | None = None):
        self._engine = engine  # called on use: tests point the runtime at another database
        self.seconds = seconds if seconds is not None else float(os.environ.get("BANZU_ACCOUNT_CHECK_SECONDS",
                                                                               DEFAULT_SECONDS))
        self._known: dict[str, tuple[tuple[bool, int] | None, float]] = {}
        self._lock = threading.Lock()

    def check(self, principal: Principal) -> None:
        """Refuses (Unauthenticated) a token of a deactivated account or of an older account version."""
        state = self._state(principal.username, at_least=principal.version)
        if state is None:
            return
        active, version = state
        if not active:
            raise Unauthenticated("This account is deactivated.")
        if principal.version < version:
            raise Unauthenticated("This sign-in has ended (the account changed); sign in again.")

    def forget(self, username: str) -> None:
        """Called after a change to the account in this process, so it applies at once here."""
        with self._lock:
            self._known.pop(username, None)

    def _state(self, username: str, at_least: int) -> tuple[bool, int] | None:
        now = time.monotonic()
        remembered = self._known.get(username)
        if remembered is not None:
            state, read_at = remembered
            # A token newer than what is remembered means the account changed since: read again.
            fresh = now - read_at < self.seconds and (state is None or state[1] >= at_least)
            if fresh:
                return state
        try:
            with self._engine().connect() as connection:
                row = connection.execute(select(users.c.active, users.c.token_version)
                                         .where(users.c.username == username)).first()
            state = None if row is None else (bool(row.active), int(row.token_version))
        except SQLAlchemyError as error:
            log.warning("account check of %s without the database (%s): last known state used", username,
                        error.__class__.__name__)
            return remembered[0] if remembered is not None else None
        with self._lock:
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()
            self._known[username] = (state, now)
        return state
