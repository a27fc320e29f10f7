"""The transactional outbox: events are rows written in the same transaction as the change."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from banzu_common.context import correlation_id
from banzu_common.messaging.envelope import Envelope


class Outbox:
    """Writes events of one service (its CloudEvents `source`) into its outbox table."""

    def __init__(self, table: Table, source: str):
        self.table = table
        self.source = source

    def add(self, session: Session, type_: str, subject, data: dict) -> Envelope:
        envelope = Envelope.new(type_, self.source, subject, data, correlation_id.get())
        self.add_all(session, [envelope])
        return envelope

    def add_all(self, session: Session, envelopes: list[Envelope]) -> None:
        if not envelopes:
            return
        now = datetime.now(timezone.utc)
        session.execute(insert(self.table), [
            {"event_id": e.id, "type": e.type, "correlation_id": e.correlation_id, "body": e.to_json().decode(),
             "created_at": now}
            for e in envelopes
        ])
