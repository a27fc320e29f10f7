"""The occupation catalogue (工种) in the gateway's database, on the unit of work's session."""
from __future__ import annotations

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from banzu_gateway.adapters.tables import occupations
from banzu_gateway.domain.occupations import LANGUAGES

NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)


class OccupationRepository:
    def __init__(self, session: Session):
        self.session = session

    def all(self) -> list[Row]:
        """Every entry, by code."""
        return list(self.session.execute(select(occupations).order_by(occupations.c.code)))

    def exists(self, code: str) -> bool:
        return self.session.execute(select(occupations.c.code).where(occupations.c.code == code)).first() is not None

    def get(self, code: str) -> Row | None:
        return self.session.execute(select(occupations).where(occupations.c.code == code)).first()

    def add(self, row: dict) -> None:
        self.session.execute(insert(occupations).values(**row))

    def update(self, code: str, values: dict) -> None:
        self.session.execute(update(occupations).where(occupations.c.code == code).values(**values))

    def names_in(self, lang: str) -> list[Row]:
        """(code, name in `lang`) of every entry."""
        return list(self.session.execute(select(occupations.c.code, occupations.c[f"name_{lang}"])))

    def names(self) -> list[Row]:
        """(code, name_zh, name_en) of every entry."""
        return list(self.session.execute(select(occupations.c.code, *(occupations.c[c] for c in NAME_COLUMNS))))
