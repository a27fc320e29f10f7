"""The badges' stored facts: each badge's bit in a status list, and the contest prizes."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from banzu_common.badges.status_list import SIZE_BITS

from banzu_credentials.adapters.tables import badge_statuses, prizes

# A list is filled to half before the next one starts, so a position drawn at random is free at once
# nearly always.
LIST_FILL = SIZE_BITS // 2
_DRAWS = random.SystemRandom()


@dataclass(frozen=True)
class StatusBit:
    list_no: int
    position: int
    revoked: bool


@dataclass(frozen=True)
class Prize:
    id: str
    contest_id: str
    contest_name: str
    occupation: str
    employee_no: str
    team_code: str
    rank: int
    prize: str
    awarded_on: date


class BadgeStatusRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, subject: str) -> StatusBit | None:
        row = self.session.execute(select(badge_statuses).where(badge_statuses.c.subject == subject)).first()
        return None if row is None else StatusBit(row.list_no, row.position, row.revoked_at is not None)

    def bit_for(self, subject: str, now: datetime) -> StatusBit:
        """The subject's bit, drawn the first time it is asked for."""
        found = self.get(subject)
        while found is None:
            list_no = self._open_list()
            try:
                with self.session.begin_nested():
                    self.session.execute(insert(badge_statuses).values(
                        subject=subject, list_no=list_no, position=_DRAWS.randrange(SIZE_BITS), created_at=now))
            except IntegrityError:
                pass  # the position was taken (or another request drew this subject's): read and draw again
            found = self.get(subject)
        return found

    def revoke(self, subject: str, at: datetime) -> bool:
        """Sets the subject's bit; False if it never had a badge (nothing was published to withdraw)."""
        done = self.session.execute(update(badge_statuses).where(
            badge_statuses.c.subject == subject, badge_statuses.c.revoked_at.is_(None)).values(revoked_at=at))
        return done.rowcount > 0

    def revoked_positions(self, list_no: int) -> list[int]:
        return list(self.session.scalars(select(badge_statuses.c.position).where(
            badge_statuses.c.list_no == list_no, badge_statuses.c.revoked_at.is_not(None))))

    def list_count(self) -> int:
        return self.session.scalar(select(func.max(badge_statuses.c.list_no))) or 1

    def _open_list(self) -> int:
        last = self.list_count()
        used = self.session.scalar(select(func.count()).where(badge_statuses.c.list_no == last))
        return last + 1 if used >= LIST_FILL else last


class PrizeRepository:
    def __init__(self, session: Session):
        self.session = session

    def add_new(self, found: list[Prize]) -> None:
        """Records the prizes not recorded yet (a contest's results are published once)."""
        for prize in found:
            if self.get(prize.id) is None:
                self.session.execute(insert(prizes).values(**prize.__dict__))

    def get(self, prize_id: str) -> Prize | None:
        row = self.session.execute(select(prizes).where(prizes.c.id == prize_id)).first()
        return None if row is None else Prize(**row._mapping)

    def of_worker(self, employee_no: str) -> list[Prize]:
        rows = self.session.execute(select(prizes).where(prizes.c.employee_no == employee_no)
                                    .order_by(prizes.c.awarded_on.desc(), prizes.c.contest_name))
        return [Prize(**row._mapping) for row in rows]
