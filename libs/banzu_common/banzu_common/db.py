"""Engines, sessions and migrations for a service's own database (PostgreSQL or SQLite)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Engine, Table, TypeDecorator, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker


class Instant(TypeDecorator):
    """A moment in time, always read back with its offset: the type of every timestamp column.

    PostgreSQL keeps the offset (timestamptz); SQLite stores the wall time only, so instants are
    stored there in UTC and read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs) -> Engine:
    """An engine for `url`; `pool_size` and `max_overflow` size PostgreSQL's pool (SQLite's is its own)."""
    if is_sqlite(url):
        kwargs.pop("pool_size", None), kwargs.pop("max_overflow", None)
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the web workers, the relay and the consumer read while one of them writes.
    dbapi_connection.isolation_level = None  # transactions are begun explicitly below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    # Take the write lock at BEGIN: SQLite then serialises writers instead of failing one of
    # them half-way with "database is locked" when a read transaction tries to upgrade.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def migrate(migrations_dir: Path, url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` with the Alembic scripts in `migrations_dir`."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)


def upsert_insert(session: Session, table: Table):
    """INSERT … ON CONFLICT, which PostgreSQL and SQLite spell alike but SQLAlchemy builds per dialect."""
    return (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert(table)


COPY_THRESHOLD = 200  # rows from which COPY beats one INSERT over arrays


def insert_rows(session: Session, table: Table, rows: list[dict], key: str | None = None,
                newer_by: str | None = None) -> None:
    """Inserts many rows of the same columns: the one bulk write of every part. With `key` (a
    unique column), a row whose key is stored already is left out — or, with `newer_by` (a
    timestamp column), replaces the stored row when it is at least as new.

    On PostgreSQL, plain inserts of many rows (outboxes of a sweep, imports) go in with COPY, about
    five times faster than executemany; other batches are one statement over arrays (unnest): one
    round trip and one plan per batch, where executemany runs the statement once per row."""
    if not rows:
        return
    columns = list(rows[0])
    if session.get_bind().dialect.name != "postgresql":
        statement = upsert_insert(session, table)
        if key and newer_by:
            statement = statement.on_conflict_do_update(
                index_elements=[key], set_={c: statement.excluded[c] for c in columns if c != key},
                where=table.c[newer_by] <= statement.excluded[newer_by])
        elif key:
            statement = statement.on_conflict_do_nothing(index_elements=[key])
        session.execute(statement, rows)
        return
    if key is None and len(rows) >= COPY_THRESHOLD:
        _copy(session, table, columns, rows)
        return
    dialect = postgresql.dialect()
    quote = dialect.identifier_preparer.quote
    arrays = ", ".join(f"CAST(:{name} AS {table.c[name].type.compile(dialect=dialect)}[])" for name in columns)
    conflict = ""
    # Bandit's B608 (SQL built from strings) below: every name is the table's own, from its metadata,
    # quoted by the dialect; every value is a bound parameter.
    if key and newer_by:
        updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in columns if c != key)
        conflict = (f" ON CONFLICT ({quote(key)}) DO UPDATE SET {updates} "  # nosec B608
                    f"WHERE {quote(table.name)}.{quote(newer_by)} <= EXCLUDED.{quote(newer_by)}")
    elif key:
        conflict = f" ON CONFLICT ({quote(key)}) DO NOTHING"
    session.execute(text(f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "  # nosec B608
                         f"SELECT * FROM unnest({arrays}){conflict}"),
                    {name: [row[name] for row in rows] for name in columns})


def _copy(session: Session, table: Table, columns: list[str], rows: list[dict]) -> None:
    quote = postgresql.dialect().identifier_preparer.quote
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
