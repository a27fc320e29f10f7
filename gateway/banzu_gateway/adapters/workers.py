"""The directory's workers and their team history (memberships), on the unit of work's session."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Row, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from banzu_common.db import insert_rows
from banzu_common.leaving import ACTIVE

from banzu_gateway.adapters import bulk
from banzu_gateway.adapters.search import begins_with_text, contains_text, same_text
from banzu_gateway.adapters.tables import memberships, workers


class WorkerRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, employee_no: str, *, for_update: bool = False) -> dict | None:
        """The worker, or None; `for_update` locks the row until the transaction ends."""
        query = select(workers).where(workers.c.employee_no == employee_no)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return None if row is None else dict(row._mapping)

    def standing(self, employee_no: str) -> Row | None:
        """The worker's team code and status, or None."""
        return self.session.execute(select(workers.c.team_code, workers.c.status)
                                    .where(workers.c.employee_no == employee_no)).first()

    def team_of(self, employee_no: str) -> str | None:
        return self.session.scalar(select(workers.c.team_code).where(workers.c.employee_no == employee_no))

    def find(self, filters: dict, page: int, per_page: int) -> tuple[list[dict], int]:
        """Workers by `q` (any part of the name, the beginning of the employee number, or the whole team
        code, ignoring case) and the exact `team`, `occupation` and `grade`, in employee number order;
        by `status` (active, left or all), active ones unless asked."""
        query = select(workers)
        status = filters.get("status") or ACTIVE
        if status != "all":
            query = query.where(workers.c.status == status)
        text = (filters.get("q") or "").strip()
        if text:
            query = query.where(or_(contains_text((workers.c.name,), text),
                                    begins_with_text(workers.c.employee_no, text),
                                    same_text(workers.c.team_code, text)))
        for field, column in (("team", workers.c.team_code), ("occupation", workers.c.occupation),
                              ("grade", workers.c.grade)):
            if filters.get(field):
                query = query.where(column == filters[field])
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.execute(query.order_by(workers.c.employee_no).offset((page - 1) * per_page)
                                    .limit(per_page))
        return [dict(r._mapping) for r in rows], total

    def by_numbers(self, numbers: list[str]) -> dict[str, Mapping]:
        return {row.employee_no: row._mapping
                for row in bulk.rows_with_keys(self.session, workers, workers.c.employee_no, numbers)}

    def add(self, row: dict) -> None:
        self.session.execute(insert(workers).values(**row))

    def update(self, employee_no: str, values: dict) -> None:
        self.session.execute(update(workers).where(workers.c.employee_no == employee_no).values(**values))

    def add_many(self, rows: list[dict]) -> None:
        insert_rows(self.session, workers, rows)

    def update_many(self, rows: list[dict]) -> None:
        """Each row's new values, found by its employee number, in one executemany statement."""
        if rows:
            self.session.execute(update(workers).where(workers.c.employee_no == bindparam("key")),
                                 [{k: v for k, v in row.items() if k != "employee_no"} | {"key": row["employee_no"]}
                                  for row in rows])

    def join_team(self, employee_no: str, team_code: str, since: date) -> None:
        self.session.execute(insert(memberships).values(employee_no=employee_no, team_code=team_code, since=since))

    def join_teams(self, rows: list[dict]) -> None:
        """Memberships (employee_no, team_code, since) in bulk."""
        insert_rows(self.session, memberships, rows)

    def moves(self, numbers: list[str]) -> dict[str, list[tuple[date, int, str]]]:
        """Each worker's recorded moves as (since, id, team code), in no particular order."""
        history: dict[str, list] = {}
        for row in bulk.rows_with_keys(self.session, memberships, memberships.c.employee_no, numbers):
            history.setdefault(row.employee_no, []).append((row.since, row.id, row.team_code))
        return history
