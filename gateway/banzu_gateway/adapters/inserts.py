"""INSERT … ON CONFLICT DO NOTHING on PostgreSQL and SQLite alike."""
from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def insert_new(session: Session, table: Table, rows: list[dict], key: str) -> None:
    """Inserts the rows whose `key` is not stored yet: a fact delivered twice is kept once,
    even when two consumers race to store it."""
    if not rows:
        return
    dialect = _DIALECTS[session.get_bind().dialect.name]
    session.execute(dialect.insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
