"""The HR promotion list query: filters, a stable order, and the export's column order."""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from banzu_gateway.adapters.tables import promotions
from banzu_gateway.exports.promotions import COLUMNS

_SELECTED = [promotions.c[name] for name in COLUMNS]


def promotion_query(date_from=None, date_to=None, team=None, source=None, grade=None) -> Select:
    """Promotions in COLUMNS order, oldest first; `grade` filters on the grade reached."""
    query = select(*_SELECTED)
    if date_from is not None:
        query = query.where(promotions.c.effective_on >= date_from)
    if date_to is not None:
        query = query.where(promotions.c.effective_on <= date_to)
    for column, value in ((promotions.c.team_code, team), (promotions.c.source, source),
                          (promotions.c.to_grade, grade)):
        if value is not None:
            query = query.where(column == value)
    return query.order_by(promotions.c.effective_on, promotions.c.employee_no, promotions.c.promotion_id)


def count(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def page(session: Session, query: Select, number: int, per_page: int) -> list[dict]:
    rows = session.execute(query.offset((number - 1) * per_page).limit(per_page))
    return [dict(row._mapping) for row in rows]
