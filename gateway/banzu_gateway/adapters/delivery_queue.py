"""The sender's side of the outgoing-message outbox: claiming due deliveries and recording each
attempt's outcome, each in a short transaction of its own.

A claim is a lease: the rows get the sender's name and a time until which no other sender takes
them, so a slow mail server never holds a database transaction open, a sender that stops early gives
its rows back, and one that dies leaves them to be taken again once the lease ends (at least once).
On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so several senders claim side by side
without waiting on each other; on SQLite every write transaction begins IMMEDIATE, so claims follow
one another.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, or_, select, update

from banzu_gateway.adapters.notifications import FAILED, PENDING, SENT
from banzu_gateway.adapters.tables import deliveries, delivery_attempts


@dataclass(frozen=True)
class Outgoing:
    id: int
    message_id: str
    channel: str
    recipient: str
    address: str
    subject: str | None
    body: str
    link: str | None
    attempts: int  # before this one


class DeliveryQueue:
    def __init__(self, engine: Engine, sender: str):
        self.engine = engine
        self.sender = sender

    def claim(self, limit: int, lease: timedelta, now: datetime) -> list[Outgoing]:
        t = deliveries
        due = (select(t.c.id).where(t.c.status == PENDING, t.c.next_attempt_at <= now,
                                    or_(t.c.claimed_until.is_(None), t.c.claimed_until < now))
               .order_by(t.c.next_attempt_at, t.c.id).limit(limit).with_for_update(skip_locked=True))
        with self.engine.begin() as connection:
            ids = list(connection.scalars(due))
            if not ids:
                return []
            rows = connection.execute(
                update(t).where(t.c.id.in_(ids)).values(claimed_by=self.sender, claimed_until=now + lease)
                .returning(t.c.id, t.c.message_id, t.c.channel, t.c.recipient, t.c.address, t.c.subject, t.c.body,
                           t.c.link, t.c.attempts)).all()
        return sorted((Outgoing(*row) for row in rows), key=lambda o: o.id)

    def sent(self, item: Outgoing, now: datetime) -> None:
        self._finish(item, now, {"status": SENT, "sent_at": now, "last_error": None, "last_error_reason": None},
                     "sent", None)

    def failed(self, item: Outgoing, error: str, now: datetime, retry_at: datetime | None,
               reason: str = "unexpected") -> None:
        """A failed attempt: tried again at `retry_at`, or failed for good (admins see it) when None;
        `reason` says why in a word the pages translate, `error` in the detail whoever fixes it needs."""
        changes = {"status": PENDING, "next_attempt_at": retry_at} if retry_at else {"status": FAILED}
        self._finish(item, now, changes | {"last_error": error, "last_error_reason": reason},
                     "retry" if retry_at else "failed", error)

    def postpone(self, item: Outgoing, until: datetime) -> None:
        """Not tried now (the robot's rate limit), with no attempt counted."""
        with self.engine.begin() as connection:
            connection.execute(update(deliveries).where(deliveries.c.id == item.id, deliveries.c.status == PENDING)
                               .values(next_attempt_at=until, claimed_by=None, claimed_until=None))

    def release(self, items: list[Outgoing]) -> None:
        """Claimed rows this sender will not try (it is stopping): free for the next sender at once."""
        if items:
            with self.engine.begin() as connection:
                connection.execute(update(deliveries).where(deliveries.c.id.in_([i.id for i in items]),
                                                            deliveries.c.claimed_by == self.sender)
                                   .values(claimed_by=None, claimed_until=None))

    def sent_to_since(self, address: str, since: datetime) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(deliveries).where(
                deliveries.c.address == address, deliveries.c.sent_at >= since))

    def pending(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(deliveries)
                                     .where(deliveries.c.status == PENDING))

    def _finish(self, item: Outgoing, now: datetime, changes: dict, outcome: str, error: str | None) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(deliveries).where(deliveries.c.id == item.id, deliveries.c.status == PENDING)
                               .values(attempts=item.attempts + 1, claimed_by=None, claimed_until=None, **changes))
            connection.execute(delivery_attempts.insert().values(delivery_id=item.id, at=now, outcome=outcome,
                                                                 error=error))
