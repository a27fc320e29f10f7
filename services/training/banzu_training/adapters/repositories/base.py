"""What every repository of training shares: the unit of work's session, paging, ids from URLs, UTC."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session as DbSession




# Ids arrive from URLs; beyond the column's range they cannot exist (and must not reach the database).
MAX_ID = 2**31 - 1




def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes, and everything stored is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


class Repository:
    def __init__(self, session: DbSession):
        self.session = session

    def _page(self, query: Select, order_by, page: int, per_page: int) -> tuple[list, int]:
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.execute(query.order_by(*order_by).offset((page - 1) * per_page).limit(per_page)).all()
        return rows, total
