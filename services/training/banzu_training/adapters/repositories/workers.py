"""Training's copy of the directory's workers."""
from __future__ import annotations

from collections.abc import Iterable

from datetime import date

from sqlalchemy import select, update

from banzu_common.leaving import left_by, present_on

from banzu_common.skill_ladder import Grade, skill_ladder

from banzu_training.adapters.repositories.base import Repository
from banzu_training.adapters.tables import directory_teams, directory_workers
from banzu_training.domain import Worker


class WorkerDirectory(Repository):
    """Reads the directory replica (banzu_common.directory_replica keeps it from the gateway's events)."""

    def get(self, employee_no: str, for_update: bool = False) -> Worker | None:
        query = select(directory_workers).where(directory_workers.c.employee_no == employee_no)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        return Worker(row.employee_no, row.team_code, row.occupation, skill_ladder().grade(row.grade), row.status,
                      row.left_on)

    def lock(self, employee_nos: Iterable[str]) -> dict[str, Worker]:
        """Locks the workers' rows in a fixed order (no deadlocks between concurrent lockers)."""
        found = {}
        for employee_no in sorted(set(employee_nos)):
            worker = self.get(employee_no, for_update=True)
            if worker is not None:
                found[employee_no] = worker
        return found

    def existing(self, employee_nos: Iterable[str]) -> set[str]:
        return set(self.session.scalars(select(directory_workers.c.employee_no)
                                        .where(directory_workers.c.employee_no.in_(list(employee_nos)))))

    def names(self, employee_nos: Iterable[str]) -> dict[str, str]:
        rows = self.session.execute(select(directory_workers.c.employee_no, directory_workers.c.name)
                                    .where(directory_workers.c.employee_no.in_(list(employee_nos))))
        return {r.employee_no: r.name for r in rows}

    def of_occupation(self, occupation: str, on: date) -> list[str]:
        """The workers of `occupation` still with the company on `on`."""
        return list(self.session.scalars(select(directory_workers.c.employee_no)
                                         .where(directory_workers.c.occupation == occupation,
                                                present_on(directory_workers, on))))

    def gone(self, employee_nos: Iterable[str], on: date) -> set[str]:
        """Those of `employee_nos` who had left the company by `on`."""
        return set(self.session.scalars(select(directory_workers.c.employee_no)
                                        .where(directory_workers.c.employee_no.in_(list(employee_nos)),
                                               left_by(directory_workers, on))))

    def team_exists(self, code: str) -> bool:
        return self.session.scalar(select(directory_teams.c.code).where(directory_teams.c.code == code)) is not None

    def team_members(self, code: str, on: date) -> list[str]:
        """The team's members on `on` (a worker who left by then is no member)."""
        return list(self.session.scalars(select(directory_workers.c.employee_no)
                                         .where(directory_workers.c.team_code == code, present_on(directory_workers, on))))

    def raise_grade(self, employee_no: str, grade: Grade) -> None:
        """A promotion never lowers the copy's grade; the directory's next event confirms it."""
        worker = self.get(employee_no, for_update=True)
        if worker is not None and grade > worker.grade:
            self.session.execute(update(directory_workers).where(directory_workers.c.employee_no == employee_no)
                                 .values(grade=grade.code))
