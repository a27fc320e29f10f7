"""The expiry sweep as one statement: notice rows inserted by INSERT … SELECT … ON CONFLICT DO
NOTHING RETURNING, applying the domain's `notice_due` rule to every credential at once.

Reminder cut-off dates (D + r for every reminder day r in use) are computed here and passed as
parameters, so the SQL compares dates only and reads the same on PostgreSQL and SQLite (≥ 3.35).
The unique key of the notices table makes a concurrent sweep skip what another one inserted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, Integer, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from banzu_credentials.adapters.dialect import upsert_insert
from banzu_credentials.adapters.repository import NO_THRESHOLD
from banzu_credentials.adapters.tables import credential_notices, credential_type_reminders, credentials
from banzu_credentials.domain import EXPIRED, EXPIRING


@dataclass(frozen=True)
class NewNotice:
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    kind: str
    threshold: int | None


def insert_due_notices(session: Session, on: date) -> list[NewNotice]:
    """Records every notice due on `on` and returns those this call inserted."""
    days = sorted(set(session.scalars(select(credential_type_reminders.c.days).distinct())))
    inserted = session.execute(_insert_statement(session, on, days)).all()
    return _describe(session, inserted)


def _insert_statement(session: Session, on: date, days: list[int]):
    c, n, r = credentials, credential_notices, credential_type_reminders
    latest_cutoff = on + timedelta(days=max(days, default=0))
    if days:
        cutoff = case({d: literal(on + timedelta(days=d), Date) for d in days}, value=r.c.days)
        # M: the most urgent threshold of the credential's type whose cut-off it has reached.
        most_urgent = (select(func.min(r.c.days)).where(r.c.type_code == c.c.type_code, c.c.expires_on <= cutoff)
                       .scalar_subquery())
    else:
        most_urgent = literal(None, Integer)
    smallest_sent = (select(func.min(n.c.threshold))
                     .where(n.c.credential_id == c.c.id, n.c.kind == EXPIRING).scalar_subquery())
    expired_sent = exists().where(n.c.credential_id == c.c.id, n.c.kind == EXPIRED)
    is_expired = c.c.expires_on < on
    candidates = (
        select(c.c.id.label("credential_id"),
               case((is_expired, literal(EXPIRED)), else_=literal(EXPIRING)).label("kind"),
               case((is_expired, literal(NO_THRESHOLD)), else_=most_urgent).label("threshold"),
               smallest_sent.label("smallest_sent"))
        .where(c.c.revoked_on.is_(None), c.c.superseded_by.is_(None), c.c.expires_on.is_not(None),
               c.c.expires_on <= latest_cutoff, ~expired_sent)
        .subquery("candidates"))
    due = (select(candidates.c.credential_id, candidates.c.kind, candidates.c.threshold, literal(on, Date))
           .where(candidates.c.threshold.is_not(None),
                  or_(candidates.c.kind == EXPIRED, candidates.c.smallest_sent.is_(None),
                      candidates.c.threshold < candidates.c.smallest_sent))
           # One order for every sweep, so concurrent sweeps take row locks in the same order.
           .order_by(candidates.c.credential_id))
    return (upsert_insert(session, n)
            .from_select(["credential_id", "kind", "threshold", "sent_on"], due)
            .on_conflict_do_nothing()
            .returning(n.c.credential_id, n.c.kind, n.c.threshold))


def _describe(session: Session, inserted) -> list[NewNotice]:
    """What the events need about each credential that got a notice."""
    facts = {}
    ids = [row.credential_id for row in inserted]
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        facts.update((row.id, row) for row in session.execute(
            select(credentials.c.id, credentials.c.employee_no, credentials.c.type_code, credentials.c.expires_on)
            .where(credentials.c.id.in_(chunk))))
    return [NewNotice(row.credential_id, facts[row.credential_id].employee_no, facts[row.credential_id].type_code,
                      facts[row.credential_id].expires_on, row.kind,
                      None if row.kind == EXPIRED else row.threshold)
            for row in inserted]
