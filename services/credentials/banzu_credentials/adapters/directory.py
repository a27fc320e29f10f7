"""Local copies of the gateway's teams and workers, kept from the directory events.

Each row remembers the CloudEvent time of the change it holds; an older change arriving after a
newer one is ignored, so the newer state stays whatever the delivery order.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from banzu_credentials.adapters.dialect import upsert_insert
from banzu_credentials.adapters.tables import teams, workers

TEAM_FIELDS = ("code", "name", "company", "workshop")
WORKER_FIELDS = ("employee_no", "name", "team_code", "company", "occupation", "grade")


def upsert_team(session: Session, data: dict, changed_at: datetime) -> None:
    _upsert_newer(session, teams, "code", {k: data.get(k) for k in TEAM_FIELDS}, changed_at)


def upsert_worker(session: Session, data: dict, changed_at: datetime) -> None:
    _upsert_newer(session, workers, "employee_no", {k: data.get(k) for k in WORKER_FIELDS}, changed_at)


def _upsert_newer(session: Session, table: Table, key: str, row: dict, changed_at: datetime) -> None:
    row = row | {"changed_at": changed_at}
    statement = upsert_insert(session, table).values(**row)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in row if name != key},
        where=table.c.changed_at < statement.excluded.changed_at)
    session.execute(statement)


def worker(session: Session, employee_no: str):
    return session.execute(select(workers).where(workers.c.employee_no == employee_no)).first()


def known_workers(session: Session, employee_nos) -> set[str]:
    employee_nos = list(employee_nos)
    known: set[str] = set()
    for start in range(0, len(employee_nos), 1000):
        known.update(session.scalars(select(workers.c.employee_no)
                                     .where(workers.c.employee_no.in_(employee_nos[start:start + 1000]))))
    return known


def team_exists(session: Session, code: str) -> bool:
    return session.scalar(select(teams.c.code).where(teams.c.code == code)) is not None
