"""The outbox relay: publishes outbox rows with pipelined publisher confirms, then marks them sent.

A batch of rows is claimed (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several relays can share
one outbox), published with up to a batch of messages in flight, and marked published only for the
messages the broker confirmed. If the connection drops first, the rows stay unpublished and go out
again after reconnecting: delivery is at least once, and consumers drop duplicates by event id.

When is the outbox read? On PostgreSQL the relay LISTENs on the part's database and every transaction
that writes events NOTIFYs at commit (outbox.py): an event leaves as soon as it is committed, and an
idle relay looks only every LISTENING_POLL_SECONDS (for a notice missed while its listening connection
was being made again, and to notice a stop). On SQLite it looks every relay_poll_seconds.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import pika
import psycopg
from pika.spec import Basic
from sqlalchemy import BigInteger, Engine, Table, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from banzu_common.config import Settings
from banzu_common.heartbeat import beat
from banzu_common.messaging.connection import BROKER_ERRORS, Backoff, blocking_connection, connected_node
from banzu_common.messaging.envelope import CONTENT_TYPE
from banzu_common.messaging.outbox import WAKE_CHANNEL
from banzu_common.messaging.topology import declare_all
from banzu_common.metrics import RELAY_FAILURES, RELAY_PUBLISHED

log = logging.getLogger(__name__)
LISTENING_POLL_SECONDS = 1.0  # also how soon a stopping relay notices


@dataclass
class Claim:
    """Rows taken for publishing; `complete` marks the confirmed ones, `abandon` gives all back."""

    rows: list
    _store: "OutboxStore"
    _connection: object | None

    def complete(self, positions: list[int]) -> None:
        self._store.mark_published(self._connection, positions)
        self._connection = None

    def abandon(self) -> None:
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None


class OutboxStore:
    def __init__(self, engine: Engine, table: Table):
        self.engine = engine
        self.table = table
        self.holds_locks = engine.dialect.name == "postgresql"

    def claim(self, limit: int) -> Claim:
        t = self.table
        query = (select(t.c.position, t.c.event_id, t.c.type, t.c.body, t.c.correlation_id, t.c.created_at)
                 .where(t.c.published_at.is_(None)).order_by(t.c.position).limit(limit))
        connection = self.engine.connect()
        try:
            if self.holds_locks:
                rows = connection.execute(query.with_for_update(skip_locked=True)).all()
                return Claim(rows, self, connection)
            # SQLite: one relay per database; do not hold its single write lock while waiting for the broker.
            rows = connection.execute(query).all()
            connection.commit()
            connection.close()
            return Claim(rows, self, None)
        except Exception:
            connection.rollback()
            connection.close()
            raise

    def mark_published(self, connection, positions: list[int]) -> None:
        connection = connection or self.engine.connect()
        try:
            if positions:
                # PostgreSQL: one array parameter instead of a bound parameter per row.
                confirmed = (self.table.c.position == any_(bindparam("positions", positions, type_=ARRAY(BigInteger)))
                             if self.holds_locks else self.table.c.position.in_(positions))
                connection.execute(update(self.table).where(confirmed).values(published_at=datetime.now(timezone.utc)))
            connection.commit()
        finally:
            connection.close()

    def listener(self) -> psycopg.Connection | None:
        """A connection LISTENing for the notices of commits that wrote events (PostgreSQL only)."""
        if not self.holds_locks:
            return None
        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(url, autocommit=True, connect_timeout=5)
        connection.execute(f"LISTEN {WAKE_CHANNEL}")
        return connection

    def pending(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).where(self.table.c.published_at.is_(None)))


class OutboxRelay:
    def __init__(self, settings: Settings, store: OutboxStore, stop: threading.Event | None = None):
        self.settings = settings
        self.store = store
        self.stop = stop or threading.Event()
        self.connection: pika.SelectConnection | None = None
        self.channel = None
        self.claim: Claim | None = None
        self.in_flight: dict[int, int] = {}
        self.confirmed: list[int] = []
        self.refused = False
        self.next_tag = 0
        self.failure: Exception | None = None
        self.listening: psycopg.Connection | None = None
        self.timer = None  # the one pending look at the outbox

    def run(self) -> None:
        backoff = Backoff(f"{self.settings.service} relay", self.settings.broker_url)
        while not self.stop.is_set():
            beat()
            try:
                with blocking_connection(self.settings.broker_url) as setup:
                    declare_all(setup.channel(), self.settings)
                    node = connected_node(setup)  # publish through the node that just answered
                self.failure = None
                self._serve(node, backoff)
                if self.failure is not None:
                    raise self.failure
            except BROKER_ERRORS as error:
                RELAY_FAILURES.labels(self.settings.service, "broker").inc()
                backoff.failed(error, self.stop)

    # -- one connection's life, driven by pika's ioloop ------------------------------------------
    def _serve(self, node: pika.URLParameters, backoff: Backoff) -> None:
        self.connection = pika.SelectConnection(
            node,
            on_open_callback=lambda c: (backoff.succeeded(), c.channel(on_open_callback=self._on_channel)),
            on_open_error_callback=self._on_open_error,
            on_close_callback=self._on_closed,
        )
        self.connection.ioloop.start()

    def _on_open_error(self, _connection, error) -> None:
        self.failure = error if isinstance(error, Exception) else ConnectionError(str(error))
        self.connection.ioloop.stop()

    def _on_closed(self, _connection, reason) -> None:
        self._give_back()
        self._stop_listening()
        if not self.stop.is_set():
            self.failure = reason if isinstance(reason, Exception) else ConnectionError(str(reason))
        self.connection.ioloop.stop()

    def _on_channel(self, channel) -> None:
        self.channel = channel
        self.next_tag = 0
        channel.add_on_close_callback(lambda _ch, _reason: self.connection.is_open and self.connection.close())
        channel.add_on_return_callback(self._on_return)
        channel.confirm_delivery(self._on_confirm, callback=lambda _frame: (self._listen(), self._schedule(0)))

    def _listen(self) -> None:
        try:
            self.listening = self.store.listener()
        except psycopg.Error as error:
            log.warning("relay: cannot listen for new events (%s); looking every %.1f s", error,
                        self.settings.relay_poll_seconds)
            self.listening = None
        if self.listening is not None:
            self.connection.ioloop.add_handler(self.listening.fileno(), self._on_notice, self.connection.ioloop.READ)

    def _on_notice(self, _fd, _events) -> None:
        try:
            self.listening.pgconn.consume_input()
            while self.listening.pgconn.notifies() is not None:
                pass
        except psycopg.Error as error:
            log.warning("relay: lost the listening connection (%s); looking every %.1f s", error,
                        self.settings.relay_poll_seconds)
            self._stop_listening()
        if self.claim is None:
            self._schedule(0)

    def _stop_listening(self) -> None:
        if self.listening is not None:
            try:
                self.connection.ioloop.remove_handler(self.listening.fileno())
            except (ValueError, KeyError, OSError):
                pass
            self.listening.close()
            self.listening = None

    def _schedule(self, delay: float) -> None:
        if self.timer is not None:
            self.connection.ioloop.remove_timeout(self.timer)
        self.timer = self.connection.ioloop.call_later(delay, self._pump)

    def _pump(self) -> None:
        self.timer = None
        beat()
        if self.stop.is_set():
            if self.claim is None and self.connection.is_open:
                self.connection.close()
            return
        if self.claim is not None or not self.channel or not self.channel.is_open:
            return
        try:
            claim = self.store.claim(self.settings.relay_batch)
        except Exception:
            RELAY_FAILURES.labels(self.settings.service, "database").inc()
            log.exception("relay: cannot read the outbox; trying again shortly")
            self._schedule(1.0)
            return
        if not claim.rows:
            claim.abandon()
            self._schedule(LISTENING_POLL_SECONDS if self.listening is not None else self.settings.relay_poll_seconds)
            return
        self.claim, self.in_flight, self.confirmed, self.refused = claim, {}, [], False
        for row in claim.rows:
            properties = pika.BasicProperties(
                content_type=CONTENT_TYPE, delivery_mode=pika.DeliveryMode.Persistent, message_id=row.event_id,
                type=row.type, correlation_id=row.correlation_id, timestamp=int(row.created_at.timestamp()))
            self.channel.basic_publish(self.settings.exchange, row.type, row.body.encode(), properties, mandatory=True)
            self.next_tag += 1
            self.in_flight[self.next_tag] = row.position

    def _on_confirm(self, frame) -> None:
        method = frame.method
        tags = [t for t in self.in_flight if t <= method.delivery_tag] if method.multiple else [method.delivery_tag]
        acked = isinstance(method, Basic.Ack)
        for tag in tags:
            position = self.in_flight.pop(tag, None)
            if position is not None and acked:
                self.confirmed.append(position)
            self.refused |= not acked
        if not self.in_flight and self.claim is not None:
            self._finish_batch()

    def _finish_batch(self) -> None:
        claim, self.claim = self.claim, None
        try:
            claim.complete(self.confirmed)
        except Exception:
            # Not marked: these rows go out again and consumers drop the duplicates.
            RELAY_FAILURES.labels(self.settings.service, "database").inc()
            log.exception("relay: cannot mark %d events published", len(self.confirmed))
            claim.abandon()
            self._schedule(1.0)
            return
        RELAY_PUBLISHED.labels(self.settings.service).inc(len(self.confirmed))
        if self.refused:
            RELAY_FAILURES.labels(self.settings.service, "refused").inc(len(claim.rows) - len(self.confirmed))
            log.warning("relay: the broker refused some events; they stay in the outbox and are retried")
        self._schedule(1.0 if self.refused else 0)

    def _give_back(self) -> None:
        if self.claim is not None:
            self.claim.abandon()
            self.claim = None
        self.in_flight = {}

    def _on_return(self, _channel, method, properties, _body) -> None:
        # Routed to no queue: nobody subscribes to this type (every consumer queue is declared first).
        log.debug("relay: %s %s has no subscriber", properties.type, properties.message_id)
