"""Idempotency keys: a POST retried with the same `Idempotency-Key` and body gets the first answer
again, and its effect happens once.

A POST carrying a key is one database transaction from start to answer. First the key is reserved:
a row whose primary key (principal, key) decides between concurrent requests. Every unit of work of
the request then joins that transaction (`request_transaction`, one savepoint each), and the answer
is written into the reserved row before the request's one commit. So:

- a concurrent duplicate waits on the reserved row (PostgreSQL: the primary key's index; SQLite:
  the write lock) until the first request commits, then gets its stored answer; if the first takes
  longer than the wait (BANZU_IDEMPOTENCY_WAIT_SECONDS), 409 `idempotency_key_in_progress`;
- a crash before the commit leaves nothing behind (the reservation rolls back with the effect), so
  the retry does the work once; a crash after it cannot lose the key, which commits with the effect;
- the same key with another request (method, path, query or body) is 422 `idempotency_key_reused`.

Only successful answers are kept: after a refusal (4xx) the key is released, and a corrected retry
may use it again; after a failure (5xx) the request's changes are rolled back with the key, so a
retry does the work once.
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Flask, Response, g, request
from sqlalchemy import Engine, Table, delete, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from banzu_common.db import session_factory, upsert_insert
from banzu_common.problems import problem
from banzu_common.unit_of_work import request_transaction

log = logging.getLogger(__name__)
KEY_LENGTH = 200  # the column's size
IN_PROGRESS = 0  # the status of a reserved key whose answer is not written yet
# SQLite's writers wait as long (db.py's busy_timeout): one bound on both databases.
DEFAULT_WAIT_SECONDS = 30


@dataclass(frozen=True)
class Reservation:
    session: Session
    principal: str
    key: str


def install_idempotency(app: Flask, engine: Engine, table: Table) -> None:
    sessions = session_factory(engine)
    wait_seconds = float(os.environ.get("BANZU_IDEMPOTENCY_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))

    def this_key(reservation: Reservation):
        return (table.c.principal == reservation.principal) & (table.c.key == reservation.key)

    @app.before_request
    def reserve_key():
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key or g.get("principal") is None:
            return None
        reservation = Reservation(sessions(), g.principal.username, key[:KEY_LENGTH])
        # Taken now: once the view has parsed a multipart body the stream is spent.
        fingerprint = _fingerprint()
        try:
            reserved = _reserve(reservation, table, fingerprint, wait_seconds)
            stored = None if reserved else reservation.session.execute(
                select(table.c.fingerprint, table.c.status, table.c.body).where(this_key(reservation))).first()
        except OperationalError as error:
            reservation.session.close()
            if not _waited_too_long(error):
                raise
            log.info("idempotency key still in progress after %ss: %s", wait_seconds, error.orig)
            return _in_progress()
        if reserved:
            g.idempotency = reservation
            g.idempotency_token = request_transaction.set(reservation.session)
            return None
        reservation.session.close()
        if stored is None or stored.status == IN_PROGRESS:  # released or not answered yet: try again
            return _in_progress()
        if stored.fingerprint != fingerprint:
            return problem(422, "Invalid input", "This Idempotency-Key was used with another request.",
                           reason="idempotency_key_reused", errors={"Idempotency-Key": ["used with another request"]})
        response = Response(stored.body, status=stored.status, content_type="application/json")
        response.headers["Idempotent-Replayed"] = "true"
        return response

    @app.after_request
    def commit_with_answer(response: Response):
        reservation: Reservation | None = g.pop("idempotency", None)
        if reservation is None:
            return response
        session = reservation.session
        if response.status_code >= 500:
            session.rollback()  # a failure half-way: neither its changes nor the key stay; a retry starts afresh
            return response
        if 200 <= response.status_code < 300 and not response.is_streamed:
            session.execute(update(table).where(this_key(reservation)).values(
                status=response.status_code, body=response.get_data(as_text=True)))
        else:
            session.execute(delete(table).where(this_key(reservation)))
        session.commit()
        return response

    @app.teardown_request
    def end_transaction(_error):
        token = g.pop("idempotency_token", None)
        if token is not None:
            request_transaction.get().close()  # rolls back what was not committed
            request_transaction.reset(token)


def _fingerprint() -> str:
    return hashlib.sha256(request.method.encode() + request.full_path.encode() + request.get_data()).hexdigest()


def _reserve(reservation: Reservation, table: Table, fingerprint: str, wait_seconds: float) -> bool:
    """Inserts the key's row unless it exists; waits for a concurrent request holding the same key
    (its transaction) for at most `wait_seconds`. True when this request holds the key now."""
    session = reservation.session
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        configured = session.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
        session.execute(text("SELECT set_config('lock_timeout', :wait, true)"),
                        {"wait": f"{int(wait_seconds * 1000)}ms"})
    inserted = session.execute(upsert_insert(session, table).values(
        principal=reservation.principal, key=reservation.key, fingerprint=fingerprint, status=IN_PROGRESS,
        body="", created_at=datetime.now(timezone.utc)).on_conflict_do_nothing().returning(table.c.key)).first()
    if postgresql:  # the request's own statements wait as the server is configured
        session.execute(text("SELECT set_config('lock_timeout', :configured, true)"), {"configured": configured})
    return inserted is not None


def _waited_too_long(error: OperationalError) -> bool:
    """PostgreSQL's lock_timeout (55P03 lock_not_available) or SQLite's busy timeout; not a lost database."""
    return getattr(error.orig, "sqlstate", None) == "55P03" or "database is locked" in str(error.orig)


def _in_progress() -> Response:
    return problem(409, "Conflict", "A request with this Idempotency-Key is still being processed; retry shortly.",
                   reason="idempotency_key_in_progress", headers={"Retry-After": "1"})
