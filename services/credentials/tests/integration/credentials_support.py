"""Helpers for the credentials integration tests."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from banzu_common.messaging.envelope import Envelope


def event(type_: str, subject: str, data: dict, time: datetime | None = None) -> Envelope:
    """An incoming event as a producer would publish it; `time` sets its CloudEvent time."""
    envelope = Envelope.new(type_, "/banzu/gateway", subject, data, None)
    if time is None:
        return envelope
    return Envelope(envelope.id, envelope.type, envelope.source, envelope.subject, time.astimezone(timezone.utc),
                    None, envelope.data)


def outbox_events(session, table, type_: str, after: int = 0) -> list[dict]:
    """The CloudEvents of one type in the outbox (past position `after`), parsed."""
    rows = session.execute(table.select().where(table.c.type == type_, table.c.position > after)
                           .order_by(table.c.position)).all()
    return [json.loads(row.body) for row in rows]
