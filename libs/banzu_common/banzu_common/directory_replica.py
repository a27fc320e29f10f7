"""A service's local copy of the gateway's directory (teams and workers), kept from its events.

Every service that checks workers (eligibility, conflicts, enrolments, certificates) keeps the same
read model, so it is defined once here: two tables and the two event handlers. An event older than
the state already applied (events can arrive out of order) changes nothing.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, MetaData, String, Table, update
from sqlalchemy.orm import Session

from banzu_common.db import Instant, insert_rows, upsert_insert
from banzu_common.messaging.contracts import TeamUpserted, WorkerUpserted
from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.envelope import Envelope


def add_directory_tables(metadata: MetaData) -> tuple[Table, Table]:
    teams = Table(
        "directory_teams", metadata,
        Column("code", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("company", String(200), nullable=False),
        Column("workshop", String(200)),
        Column("changed_at", Instant(), nullable=False),
    )
    workers = Table(
        "directory_workers", metadata,
        Column("employee_no", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("team_code", String(40), nullable=False, index=True),
        Column("company", String(200), nullable=False),
        Column("occupation", String(100), nullable=False),
        Column("grade", String(40), nullable=False),
        Column("changed_at", Instant(), nullable=False),
    )
    return teams, workers


def _utc(moment: datetime) -> datetime:
    # Stored in UTC, so that comparisons agree on SQLite too, which keeps datetimes as text.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _upsert_if_newer(table: Table, key: str, session: Session):
    """INSERT … ON CONFLICT DO UPDATE that leaves a row alone when it holds a newer change."""
    columns = [c.name for c in table.columns]
    statement = upsert_insert(session, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c[key]], set_={name: statement.excluded[name] for name in columns if name != key},
        where=table.c.changed_at <= statement.excluded.changed_at)


def _newest(events: list[Envelope], key: str, table: Table) -> list[dict]:
    """One row per key: the newest change among the events (a batch may hold several), each read
    through its contract; fields the replica does not keep (such as a team's leader) are left out."""
    rows: dict[str, dict] = {}
    for event in sorted(events, key=lambda e: _utc(e.time)):
        data = {name: value for name, value in event.contract().to_data().items() if name in table.c}
        rows[data[key]] = data | {"changed_at": _utc(event.time)}
    return list(rows.values())


def directory_handlers(teams: Table, workers: Table) -> dict:
    """Batched handlers: a bulk import sends tens of thousands of worker events at once, and one
    set-based upsert per batch applies them far faster than one statement per event."""

    def on_teams(session: Session, events: list[Envelope]) -> None:
        for row in _newest(events, "code", teams):
            applied = session.execute(_upsert_if_newer(teams, "code", session).values(**row)
                                      .returning(teams.c.code)).first()
            if applied is not None:
                session.execute(update(workers).where(workers.c.team_code == row["code"])
                                .values(company=row["company"]))

    def on_workers(session: Session, events: list[Envelope]) -> None:
        rows = _newest(events, "employee_no", workers)
        insert_rows(session, workers, rows, key="employee_no", newer_by="changed_at")

    return {TeamUpserted.TYPE: Batched(on_teams), WorkerUpserted.TYPE: Batched(on_workers)}


def create_directory_tables(op) -> None:
    """For a service's first Alembic migration: the two tables exactly as defined above."""
    metadata = MetaData()
    add_directory_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_directory_tables(op) -> None:
    metadata = MetaData()
    add_directory_tables(metadata)
    metadata.drop_all(op.get_bind())
