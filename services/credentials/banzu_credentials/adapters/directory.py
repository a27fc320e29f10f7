"""Reads of the local copy of the directory (kept by banzu_common.directory_replica)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_common.leaving import LEFT

from banzu_credentials.adapters.tables import occupations, teams, workers


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


def leaving_days(session: Session, employee_nos: Iterable[str]) -> dict[str, date | None]:
    """The workers among `employee_nos` who left the company, with the day they left."""
    employee_nos = list(employee_nos)
    days: dict[str, date | None] = {}
    for start in range(0, len(employee_nos), 1000):
        days.update(session.execute(select(workers.c.employee_no, workers.c.left_on).where(
            workers.c.employee_no.in_(employee_nos[start:start + 1000]), workers.c.status == LEFT)).all())
    return days


def occupation_names(session: Session, code: str) -> tuple[str, str] | None:
    """(zh, en) names of an occupation in the local catalogue copy."""
    row = session.execute(select(occupations.c.name_zh, occupations.c.name_en).where(occupations.c.code == code)).first()
    return None if row is None else (row.name_zh, row.name_en)
