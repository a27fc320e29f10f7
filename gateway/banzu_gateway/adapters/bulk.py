"""Bulk reads for imports of tens of thousands of rows (writes: `banzu_common.db.insert_rows`).

On PostgreSQL keys are looked up as one array parameter: one `= ANY(array)` query beats five
10,000-parameter IN lists. SQLite (the single-machine setup) gets the portable form.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, Row, Table, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

_KEYS_PER_QUERY = 10_000  # below SQLite's limit on bound parameters per statement


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def rows_with_keys(session: Session, table: Table, key: Column, keys: list) -> Iterator[Row]:
    """The rows of `table` whose `key` is one of `keys`."""
    if _on_postgresql(session):
        yield from session.execute(select(table).where(key == any_(bindparam("keys", keys, type_=ARRAY(key.type)))))
        return
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        yield from session.execute(select(table).where(key.in_(keys[start:start + _KEYS_PER_QUERY])))
