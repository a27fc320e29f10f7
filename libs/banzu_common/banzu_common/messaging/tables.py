"""The tables every service keeps for reliable messaging: outbox, processed events, idempotency keys.

They live in each service's own database and are created by that service's first migration
(`create_messaging_tables`), so the outbox row commits in the same transaction as the change.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, Index, MetaData, String, Table, Text, text

from banzu_common.db import Instant

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
Position = BigInteger().with_variant(Integer(), "sqlite")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox", metadata,
        Column("position", Position, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("correlation_id", String(64)),
        Column("body", Text, nullable=False),
        Column("created_at", Instant(), nullable=False),
        Column("published_at", Instant()),
        Index("ix_outbox_unpublished", "position", postgresql_where=text("published_at IS NULL"),
              sqlite_where=text("published_at IS NULL")),
    )


def processed_events_table(metadata: MetaData) -> Table:
    return Table(
        "processed_events", metadata,
        Column("event_id", String(36), primary_key=True),
        Column("type", String(200), nullable=False),
        Column("processed_at", Instant(), nullable=False),
    )


def idempotency_keys_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys", metadata,
        Column("principal", String(120), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("status", Integer, nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", Instant(), nullable=False),
    )


def add_messaging_tables(metadata: MetaData) -> dict[str, Table]:
    return {
        "outbox": outbox_table(metadata),
        "processed_events": processed_events_table(metadata),
        "idempotency_keys": idempotency_keys_table(metadata),
    }


def create_messaging_tables(op) -> None:
    """For a service's first Alembic migration: create the three tables exactly as defined above."""
    metadata = MetaData()
    add_messaging_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_messaging_tables(op) -> None:
    metadata = MetaData()
    add_messaging_tables(metadata)
    metadata.drop_all(op.get_bind())
