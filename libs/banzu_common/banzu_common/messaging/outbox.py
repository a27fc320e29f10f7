"""The transactional outbox: events are rows written in the same transaction as the change."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from banzu_common.db import insert_rows
from banzu_common.messaging.envelope import Envelope

# On PostgreSQL a transaction that writes events also notifies this channel; the notice is delivered at
# commit (not at all on rollback) and wakes the relay listening on the part's database (relay.py).
WAKE_CHANNEL = "banzu_outbox"


class Outbox:
    """Writes events of one service (its CloudEvents `source`) into its outbox table."""

    def __init__(self, table: Table, source: str):
        self.table = table
        self.source = source

    def add_all(self, session: Session, envelopes: list[Envelope]) -> None:
        now = datetime.now(timezone.utc)
        insert_rows(session, self.table, [{"event_id": e.id, "type": e.type, "correlation_id": e.correlation_id,
                                           "body": e.to_text(), "created_at": now} for e in envelopes])
        if envelopes and session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"NOTIFY {WAKE_CHANNEL}"))
