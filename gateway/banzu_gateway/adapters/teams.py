"""The teams' names as the team scores and assessments list them, read on the unit of work's session."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_gateway.adapters.tables import teams


class TeamRepository:
    def __init__(self, session: Session):
        self.session = session

    def names(self) -> list[dict]:
        """Every team's code and name, in code order."""
        return [dict(row._mapping) for row in self.session.execute(
            select(teams.c.code, teams.c.name).order_by(teams.c.code))]
