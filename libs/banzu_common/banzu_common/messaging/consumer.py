"""The idempotent event consumer of one service.

Messages are taken in small batches (up to the prefetch window) and applied in one database
transaction, each inside a savepoint together with the row that records its event id (or, for
`Batched` handlers, all events of one type in one savepoint), so a redelivered event is recognised
and changes nothing. Acknowledgements go out only after the commit.
A message whose handler fails is sent to the next retry queue (growing delay) and, once the retries
are used up, rejected into the dead-letter queue; the batch's other messages are unaffected.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import pika
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from banzu_common.audit import Actor, acting_as
from banzu_common.config import Settings
from banzu_common.db import insert_rows
from banzu_common.context import correlation_id
from banzu_common.heartbeat import beat
from banzu_common.messaging.connection import BROKER_ERRORS, Backoff, blocking_connection
from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.topology import dead_letter_queue, declare_all, retry_queue
from banzu_common.metrics import CONSUMED, DUPLICATES, OUTCOMES, QUEUED

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope], None]
QUEUE_COUNT_SECONDS = 15  # how often the consumer counts its queues for banzu_queue_messages
BATCH_QUIET_SECONDS = 0.02  # a batch is applied once no message came for this long
IDLE_SECONDS = 1.0  # an idle consumer wakes this often (to stop, beat and count its queues)


@dataclass(frozen=True)
class Batched:
    """A handler that applies several events of one type at once, set-based: far fewer database
    round trips than one event at a time. If the batch fails, its events are applied one by one
    (each in its own savepoint), so one bad event is retried alone and the others go through."""

    apply: Callable[[Session, list[Envelope]], None]

    def __call__(self, session: Session, event: Envelope) -> None:
        """Also usable as a one-event handler."""
        self.apply(session, [event])
ATTEMPT_HEADER = "x-banzu-attempt"
ERROR_HEADER = "x-banzu-error"


@dataclass
class Delivery:
    tag: int
    properties: pika.BasicProperties
    body: bytes
    outcome: str = "done"  # done | retry | dead
    error: str = ""

    @property
    def attempt(self) -> int:
        return int((self.properties.headers or {}).get(ATTEMPT_HEADER, 0))


class EventConsumer:
    def __init__(self, settings: Settings, sessions: sessionmaker, processed: Table,
                 handlers: dict[str, "Handler | Batched"],
                 stop: threading.Event | None = None, batch_size: int | None = None):
        self.settings = settings
        self.sessions = sessions
        self.processed = processed
        self.handlers = handlers
        self.stop = stop or threading.Event()
        self.batch_size = batch_size or max(1, settings.prefetch // 2)  # the other half arrives meanwhile
        self.queue = settings.queue()

    def run(self) -> None:
        backoff = Backoff(f"{self.settings.service} consumer", self.settings.broker_url)
        while not self.stop.is_set():
            beat()
            try:
                with blocking_connection(self.settings.broker_url) as connection:
                    backoff.succeeded()
                    self._consume(connection)
            except BROKER_ERRORS as error:
                backoff.failed(error, self.stop)

    def _consume(self, connection: pika.BlockingConnection) -> None:
        """Messages gather while they keep coming; a batch is applied when full or once none came for
        BATCH_QUIET_SECONDS. An idle consumer waits up to IDLE_SECONDS at a time, not a busy loop."""
        channel = connection.channel()
        declare_all(channel, self.settings)
        channel.basic_qos(prefetch_count=self.settings.prefetch)
        channel.confirm_delivery()  # retry copies must be safely queued before the original is acked
        arrived: list[Delivery] = []
        tag = channel.basic_consume(self.queue, lambda _channel, method, properties, body: arrived.append(
            Delivery(method.delivery_tag, properties, body)))
        counted = 0.0
        while not self.stop.is_set():
            beat()
            if time.monotonic() - counted > QUEUE_COUNT_SECONDS:
                self._count_queues(channel)
                counted = time.monotonic()
            waiting = len(arrived)
            connection.process_data_events(time_limit=BATCH_QUIET_SECONDS if arrived else IDLE_SECONDS)
            quiet = len(arrived) == waiting
            while len(arrived) >= self.batch_size or (arrived and quiet):
                batch, arrived[:] = arrived[:self.batch_size], arrived[self.batch_size:]
                applied = self._apply_patiently(connection, batch)
                if applied is None:  # stopping while the database is away
                    channel.basic_nack(batch[-1].tag, multiple=True, requeue=True)
                    return
                self._settle(channel, applied)
        channel.basic_cancel(tag)

    def _count_queues(self, channel) -> None:
        for label, queue in (("events", self.queue), ("dead_letters", dead_letter_queue(self.queue))):
            ready = channel.queue_declare(queue, passive=True).method.message_count
            QUEUED.labels(self.settings.service, label).set(ready)

    def _apply_patiently(self, connection: pika.BlockingConnection, batch: list[Delivery]) -> list[Delivery] | None:
        """Applies the batch, waiting while the database refuses it as a whole (down, locked). The
        messages stay unacknowledged meanwhile rather than going back to the queue: a quorum queue
        counts every return against its delivery limit, and a database outage must not dead-letter."""
        delay = 0.5
        while True:
            try:
                return self.apply(batch)
            except Exception:
                log.exception("%s: cannot apply %d events; trying again in %.1f s", self.settings.service,
                              len(batch), delay)
            beat()
            connection.sleep(delay)  # keeps the broker connection's heartbeats going
            if self.stop.is_set():
                return None
            delay = min(delay * 2, 5.0)

    # -- applying a batch ------------------------------------------------------------------------
    def apply(self, batch: list[Delivery]) -> list[Delivery]:
        parsed = []
        for delivery in batch:
            try:
                parsed.append((delivery, Envelope.from_json(delivery.body)))
            except Exception as error:  # not a CloudEvent at all: retrying cannot help
                delivery.outcome, delivery.error = "dead", f"unreadable event: {error}"
        duplicates = 0
        with self.sessions() as session, session.begin():
            ids = [envelope.id for _, envelope in parsed]
            seen = set(session.scalars(select(self.processed.c.event_id).where(self.processed.c.event_id.in_(ids))))
            # batched by type and by whose action caused them, so the trail names each change's cause
            together: dict[tuple[str, str | None], list[tuple[Delivery, Envelope]]] = {}
            for delivery, envelope in parsed:
                if envelope.id in seen:
                    duplicates += 1
                    continue  # already applied: acknowledge and change nothing
                seen.add(envelope.id)
                if isinstance(self.handlers.get(envelope.type), Batched):
                    together.setdefault((envelope.type, envelope.actor), []).append((delivery, envelope))
                else:
                    self._apply_one(session, delivery, envelope)
            for (event_type, _cause), items in together.items():
                if not self._apply_together(session, self.handlers[event_type], items):
                    for delivery, envelope in items:  # find the event that fails, apply the others
                        self._apply_one(session, delivery, envelope)
        DUPLICATES.labels(self.settings.service).inc(duplicates)  # counted once the batch is committed
        return batch

    def _record(self, session: Session, envelopes: list[Envelope]) -> None:
        now = datetime.now(timezone.utc)
        insert_rows(session, self.processed, [{"event_id": e.id, "type": e.type, "processed_at": now}
                                              for e in envelopes])

    def _actor(self, envelopes: list[Envelope]) -> Actor:
        """The system, handling these events on behalf of whoever caused them (one cause per batch); a
        batch of several has no one event id."""
        job = f"{self.settings.service}-consumer"
        return Actor.system(job, envelopes[0].id if len(envelopes) == 1 else None, envelopes[0].actor)

    def _apply_together(self, session: Session, handler: "Batched", items: list[tuple[Delivery, Envelope]]) -> bool:
        envelopes = [envelope for _, envelope in items]
        try:
            with session.begin_nested(), acting_as(self._actor(envelopes)):
                self._record(session, envelopes)
                handler.apply(session, envelopes)
            return True
        except Exception as error:
            log.info("%s: %d %s events failed together (%s); applying them one by one", self.settings.service,
                     len(items), envelopes[0].type, error)
            return False

    def _apply_one(self, session: Session, delivery: Delivery, envelope: Envelope) -> None:
        token = correlation_id.set(envelope.correlation_id)
        try:
            with session.begin_nested(), acting_as(self._actor([envelope])):
                self._record(session, [envelope])
                handler = self.handlers.get(envelope.type)
                if handler is not None:
                    handler(session, envelope)
        except Exception as error:
            log.warning("%s: handling %s %s failed (attempt %d): %s", self.settings.service, envelope.type,
                        envelope.id, delivery.attempt + 1, error, exc_info=True)
            delivery.error = f"{error.__class__.__name__}: {error}"[:500]
            delivery.outcome = "retry" if delivery.attempt < len(self.settings.retry_delays_ms) else "dead"
        finally:
            correlation_id.reset(token)

    def _settle(self, channel, batch: list[Delivery]) -> None:
        for delivery in batch:
            CONSUMED.labels(self.settings.service, OUTCOMES[delivery.outcome]).inc()
            if delivery.outcome == "retry":
                attempt = delivery.attempt + 1
                delivery.properties.headers = {**(delivery.properties.headers or {}),
                                               ATTEMPT_HEADER: attempt, ERROR_HEADER: delivery.error}
                # mandatory: a retry copy that cannot be queued must fail loudly, not vanish
                channel.basic_publish("", retry_queue(self.queue, attempt), delivery.body, delivery.properties,
                                      mandatory=True)
        if all(d.outcome != "dead" for d in batch):
            channel.basic_ack(batch[-1].tag, multiple=True)
            return
        for delivery in batch:
            if delivery.outcome == "dead":
                log.error("%s: dead-lettering message %s after %d attempts: %s", self.settings.service,
                          delivery.properties.message_id, delivery.attempt + 1, delivery.error)
                channel.basic_nack(delivery.tag, requeue=False)
            else:
                channel.basic_ack(delivery.tag)
