"""Bulk reads and writes for imports of tens of thousands of rows.

On PostgreSQL, rows go in with COPY and keys are looked up as one array parameter: measured here,
COPY writes 50,000 workers about five times faster than executemany, and one `= ANY(array)` query
beats five 10,000-parameter IN lists. SQLite (the single-machine setup) gets the portable forms.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, Row, Table, any_, bindparam, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

_KEYS_PER_QUERY = 10_000  # below SQLite's limit on bound parameters per statement


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_all(session: Session, table: Table, rows: list[dict]) -> None:
    """Inserts `rows` (dicts with the same keys) in the session's transaction."""
    if not rows:
        return
    if not _on_postgresql(session):
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def rows_with_keys(session: Session, table: Table, key: Column, keys: list) -> Iterator[Row]:
    """The rows of `table` whose `key` is one of `keys`."""
    if _on_postgresql(session):
        yield from session.execute(select(table).where(key == any_(bindparam("keys", keys, type_=ARRAY(key.type)))))
        return
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        yield from session.execute(select(table).where(key.in_(keys[start:start + _KEYS_PER_QUERY])))
