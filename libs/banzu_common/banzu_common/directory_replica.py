"""A service's local copy of the gateway's directory (teams, workers and the occupation catalogue),
kept from its events.

Every service that checks workers (eligibility, conflicts, enrolments, certificates) or occupations
keeps the same read model, so it is defined once here: three tables and their event handlers. An
event older than the state already applied (events can arrive out of order) changes nothing.
A service learns a new occupation when its event arrives (usually within a second of HR adding it);
until then it refuses the code as unknown, as it would refuse a worker it has not heard of.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import Column, Date, MetaData, String, Table, select, update
from sqlalchemy.orm import Session

from banzu_common.db import Instant, insert_rows, upsert_insert
from banzu_common.leaving import ACTIVE
from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.contracts import OccupationUpserted, TeamUpserted, WorkerUpserted
from banzu_common.messaging.envelope import Envelope

# Entries a migration brought in from codes already used: older than any event, so the catalogue's
# own names replace them as soon as they arrive.
_BEFORE_ANY_EVENT = datetime(2000, 1, 1, tzinfo=timezone.utc)


def add_directory_tables(metadata: MetaData) -> tuple[Table, Table, Table]:
    """(teams, workers, occupations) of the copy."""
    teams, workers = _teams_and_workers(metadata, *_leaving_columns())
    occupations = Table(
        "directory_occupations", metadata,
        Column("code", String(100), primary_key=True),
        Column("name_zh", String(200), nullable=False),
        Column("name_en", String(200), nullable=False),
        Column("changed_at", Instant(), nullable=False),
    )
    return teams, workers, occupations


def _leaving_columns() -> tuple[Column, Column]:
    return Column("status", String(10), nullable=False, server_default=ACTIVE), Column("left_on", Date())


def _teams_and_workers(metadata: MetaData, *added: Column) -> tuple[Table, Table]:
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
        *added,
    )
    return teams, workers


def is_known_occupation(session: Session, occupations: Table, code: str) -> bool:
    """Whether the occupation catalogue (as this service has learned it) holds `code`."""
    return session.execute(select(occupations.c.code).where(occupations.c.code == code)).first() is not None


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
    through its contract (typed: a leaving day is a date, which SQLite insists on); fields the replica
    does not keep (such as a team's leader) are left out."""
    rows: dict[str, dict] = {}
    for event in sorted(events, key=lambda e: _utc(e.time)):
        contract = event.contract()
        data = {name: getattr(contract, name) for name in contract.field_names() if name in table.c}
        rows[data[key]] = data | {"changed_at": _utc(event.time)}
    return list(rows.values())


def directory_handlers(teams: Table, workers: Table, occupations: Table) -> dict:
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
        rows = [row | {"status": row.get("status") or ACTIVE} for row in _newest(events, "employee_no", workers)]
        insert_rows(session, workers, rows, key="employee_no", newer_by="changed_at")

    def on_occupations(session: Session, events: list[Envelope]) -> None:
        insert_rows(session, occupations, _newest(events, "code", occupations), key="code", newer_by="changed_at")

    return {TeamUpserted.TYPE: Batched(on_teams), WorkerUpserted.TYPE: Batched(on_workers),
            OccupationUpserted.TYPE: Batched(on_occupations)}


def create_directory_tables(op) -> None:
    """For a service's first Alembic migration: the teams and workers as version 1.0 defined them
    (later migrations add to them, see `add_occupations_and_leavers`)."""
    metadata = MetaData()
    _teams_and_workers(metadata)
    metadata.create_all(op.get_bind())


def add_occupations_and_leavers(op, used: Iterable[tuple[str, str]] = ()) -> None:
    """For a service's version 1.2 migration: the copy of the occupation catalogue, and a worker's
    status and leaving day. Every occupation code already in use (the copy's workers, and each
    (table, column) of `used`) becomes an entry named by its code, so records made before the
    catalogue stay valid; the gateway's events give them their names."""
    bind = op.get_bind()
    for column in _leaving_columns():
        op.add_column("directory_workers", column)
    occupations = add_directory_tables(MetaData())[2]
    occupations.create(bind)
    codes: set[str] = set()
    for table, column in (("directory_workers", "occupation"), *used):
        # B608: the table and column names are the migration's own, never input
        codes.update(code for code in bind.execute(sa.text(f"SELECT DISTINCT {column} FROM {table}")).scalars()  # nosec B608
                     if code)
    if codes:
        bind.execute(occupations.insert(), [{"code": code, "name_zh": code, "name_en": code,
                                             "changed_at": _BEFORE_ANY_EVENT} for code in sorted(codes)])


def drop_occupations_and_leavers(op) -> None:
    op.drop_table("directory_occupations")
    with op.batch_alter_table("directory_workers") as batch:
        batch.drop_column("left_on")
        batch.drop_column("status")


def drop_directory_tables(op) -> None:
    op.drop_table("directory_workers")
    op.drop_table("directory_teams")
