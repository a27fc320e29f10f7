"""The directory's teams, with their leader's name for reading, on the unit of work's session."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from banzu_gateway.adapters.tables import teams, workers

# Teams with their leader's name, for reading.
_TEAMS_READ = select(teams, workers.c.name.label("leader_name")).select_from(
    teams.outerjoin(workers, workers.c.employee_no == teams.c.leader))
COLUMNS = tuple(teams.c.keys())


class TeamRepository:
    def __init__(self, session: Session):
        self.session = session

    def names(self) -> list[dict]:
        """Every team's code and name, in code order."""
        return [dict(row._mapping) for row in self.session.execute(
            select(teams.c.code, teams.c.name).order_by(teams.c.code))]

    def read(self, code: str) -> dict | None:
        """The team with its leader's name, or None."""
        row = self.session.execute(_TEAMS_READ.where(teams.c.code == code)).first()
        return None if row is None else dict(row._mapping)

    def page(self, page: int, per_page: int) -> tuple[list[dict], int]:
        total = self.session.scalar(select(func.count()).select_from(teams))
        rows = self.session.execute(_TEAMS_READ.order_by(teams.c.code).offset((page - 1) * per_page).limit(per_page))
        return [dict(r._mapping) for r in rows], total

    def get(self, code: str) -> dict | None:
        """The team's stored columns, or None."""
        row = self.session.execute(select(teams).where(teams.c.code == code)).first()
        return None if row is None else dict(row._mapping)

    def by_codes(self, codes: set[str]) -> dict[str, dict]:
        rows = self.session.execute(select(teams).where(teams.c.code.in_(codes))) if codes else []
        return {row.code: dict(row._mapping) for row in rows}

    def led_by(self, employee_no: str) -> str | None:
        """The code of the team `employee_no` leads."""
        return self.session.scalar(select(teams.c.code).where(teams.c.leader == employee_no))

    def led_by_in(self, code: str, employee_no: str) -> dict | None:
        """Team `code` when `employee_no` leads it, else None."""
        row = self.session.execute(select(teams).where(teams.c.code == code, teams.c.leader == employee_no)).first()
        return None if row is None else dict(row._mapping)

    def add(self, row: dict) -> None:
        self.session.execute(insert(teams).values(**row))

    def update(self, code: str, values: dict) -> None:
        self.session.execute(update(teams).where(teams.c.code == code).values(**values))

    def drop_leader(self, code: str, now: datetime) -> None:
        self.update(code, {"leader": None, "updated_at": now})
