"""A service's local copy of the gateway's directory (teams and workers), kept from its events.

Every service that checks workers (eligibility, conflicts, enrolments, certificates) keeps the same
read model, so it is defined once here: two tables and the two event handlers. An event older than
the state already applied (events can arrive out of order) changes nothing.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, MetaData, String, Table, update
from sqlalchemy.orm import Session

from banzu_common.db import upsert_insert
from banzu_common.messaging.catalogue import TEAM_UPSERTED, WORKER_UPSERTED
from banzu_common.messaging.envelope import Envelope


def add_directory_tables(metadata: MetaData) -> tuple[Table, Table]:
    teams = Table(
        "directory_teams", metadata,
        Column("code", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("company", String(200), nullable=False),
        Column("workshop", String(200)),
        Column("changed_at", DateTime(timezone=True), nullable=False),
    )
    workers = Table(
        "directory_workers", metadata,
        Column("employee_no", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("team_code", String(40), nullable=False, index=True),
        Column("company", String(200), nullable=False),
        Column("occupation", String(100), nullable=False),
        Column("grade", String(40), nullable=False),
        Column("changed_at", DateTime(timezone=True), nullable=False),
    )
    return teams, workers


def _utc(moment: datetime) -> datetime:
    # Stored in UTC, so that comparisons agree on SQLite too, which keeps datetimes as text.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _apply_if_newer(session: Session, table: Table, key: str, event: Envelope, values: dict) -> bool:
    """Inserts or updates the row unless it holds a newer change already; True when applied."""
    row = values | {"changed_at": _utc(event.time)}
    statement = upsert_insert(session, table).values(**row)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]], set_={name: statement.excluded[name] for name in row if name != key},
        where=table.c.changed_at <= statement.excluded.changed_at).returning(table.c[key])
    return session.execute(statement).first() is not None


def directory_handlers(teams: Table, workers: Table) -> dict:
    def on_team(session: Session, event: Envelope) -> None:
        data = event.data
        values = {"code": data["code"], "name": data["name"], "company": data["company"],
                  "workshop": data.get("workshop")}
        if _apply_if_newer(session, teams, "code", event, values):
            session.execute(update(workers).where(workers.c.team_code == data["code"])
                            .values(company=data["company"]))

    def on_worker(session: Session, event: Envelope) -> None:
        data = event.data
        values = {k: data[k] for k in ("employee_no", "name", "team_code", "company", "occupation", "grade")}
        _apply_if_newer(session, workers, "employee_no", event, values)

    return {TEAM_UPSERTED: on_team, WORKER_UPSERTED: on_worker}
