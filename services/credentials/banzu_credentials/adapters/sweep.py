"""The expiry sweep as one statement: notice rows inserted by INSERT … SELECT … ON CONFLICT DO
NOTHING RETURNING, for every credential at once.

The rule is the domain's (domain/reminders.py), turned into SQL rather than written again: the
windows of `reminder_windows` for the day become literal rows the credentials are joined to by
type and expiry date, and a stored notice blocks the due one when its rank (the threshold column;
`expired` stores rank 0) is not larger. The SQL compares dates and ranks only, and reads the same
on PostgreSQL and SQLite (≥ 3.35). The unique key of the notices table makes a concurrent sweep skip
what another one inserted.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from sqlalchemy import Date, Integer, String, exists, literal, select, text, union_all
from sqlalchemy.orm import Session

from banzu_common.db import upsert_insert
from banzu_common.leaving import left_by

from banzu_credentials.adapters.tables import credential_notices, credentials, workers
from banzu_credentials.domain import EXPIRED, EXPIRING, CredentialType, Notice, reminder_windows

BATCH = 10_000  # credential ids per lookup, within SQLite's limit of bound parameters
NOTICE_COLUMNS = ["credential_id", "kind", "threshold", "sent_on", "employee_no", "type_code", "expires_on"]


class InsertedNotice(NamedTuple):  # a tuple: a sweep makes tens of thousands
    """A notice this sweep recorded, with what its event tells about the certificate."""

    credential_id: str
    employee_no: str
    type_code: str
    number: str
    expires_on: date
    notice: Notice


def insert_due_notices(session: Session, on: date, types: Mapping[str, CredentialType]) -> list[InsertedNotice]:
    """Records every notice due on `on` for credentials of `types` and returns those this call
    inserted, with the certificate's number (what people read in the notices the events become)."""
    # The threshold column holds the notice's rank, which names it.
    notices = {w.notice.rank: w.notice for ctype in types.values() for w in reminder_windows(on, ctype.reminder_days)}
    if session.get_bind().dialect.name == "postgresql":
        # Compiling this statement with JIT costs more (~1 s) than running it.
        session.execute(text("SET LOCAL jit = off"))
        # One statement: the due rows, with the certificate's number, joined to the keys the INSERT
        # returns (two sets hashed, not one index probe per inserted notice).
        due = _due(on, types).cte("due")
        sent = _insert(session, due).returning(credential_notices.c.credential_id).cte("sent")
        rows = session.execute(select(due).join(sent, sent.c.credential_id == due.c.credential_id)).all()
        return [InsertedNotice(row.credential_id, row.employee_no, row.type_code, row.number, row.expires_on,
                               notices[row.threshold]) for row in rows]
    # SQLite has no INSERT inside WITH: the numbers are looked up in batches.
    n = credential_notices
    inserted = session.execute(_insert(session, _due(on, types).subquery("due"))
                               .returning(n.c.credential_id, n.c.threshold, n.c.employee_no, n.c.type_code,
                                          n.c.expires_on)).all()
    ids = [row.credential_id for row in inserted]
    numbers = {}
    for start in range(0, len(ids), BATCH):
        numbers.update(session.execute(select(credentials.c.id, credentials.c.number)
                                       .where(credentials.c.id.in_(ids[start:start + BATCH]))).all())
    return [InsertedNotice(row.credential_id, row.employee_no, row.type_code, numbers[row.credential_id],
                           row.expires_on, notices[row.threshold]) for row in inserted]


def _insert(session: Session, due):
    """The notices of `due` that no sweep inserted yet. One order for every sweep, so concurrent
    sweeps take the notices' key locks in the same order."""
    return (upsert_insert(session, credential_notices)
            .from_select(NOTICE_COLUMNS, select(*(due.c[name] for name in NOTICE_COLUMNS))
                         .order_by(due.c.credential_id))
            .on_conflict_do_nothing())


def _due(on: date, types: Mapping[str, CredentialType]):
    """The notices due on `on` (NOTICE_COLUMNS and the certificate's number), by the domain's rule."""
    c, n = credentials, credential_notices
    # No reminder, expiry or penalty for the certificates of a worker who left the company by the day.
    gone = exists().where(workers.c.employee_no == c.c.employee_no, left_by(workers, on))
    in_force = (c.c.revoked_on.is_(None), c.c.superseded_by.is_(None), ~gone)
    facts = (c.c.employee_no, c.c.type_code, c.c.expires_on, c.c.number)

    def not_sent(rank):
        return ~exists().where(n.c.credential_id == c.c.id, n.c.threshold <= rank)

    # Two disjoint sets, so the per-credential check of the notices sent runs for the credentials
    # in the reminder windows and those expired without their notice, not for every credential.
    expired = next(w for w in reminder_windows(on, ()) if w.notice.kind == EXPIRED)  # the same for every type
    statements = [select(*_labelled(c.c.id, literal(EXPIRED), literal(expired.notice.rank), literal(on, Date), *facts))
                  .where(*in_force, c.c.expires_on <= expired.last_expiry, not_sent(expired.notice.rank))]
    windows = [(code, w) for code, ctype in types.items() for w in reminder_windows(on, ctype.reminder_days)
               if w.notice.kind == EXPIRING]
    if windows:
        w = union_all(*(select(literal(code, String).label("type_code"), literal(window.notice.rank, Integer)
                               .label("rank"), literal(window.first_expiry, Date).label("first_expiry"),
                               literal(window.last_expiry, Date).label("last_expiry"))
                        for code, window in windows)).subquery("windows")
        first = min(window.first_expiry for _, window in windows)
        last = max(window.last_expiry for _, window in windows)
        statements.append(
            select(*_labelled(c.c.id, literal(EXPIRING), w.c.rank, literal(on, Date), *facts))
            .select_from(c.join(w, (w.c.type_code == c.c.type_code)
                                & c.c.expires_on.between(w.c.first_expiry, w.c.last_expiry)))
            # the whole span of the windows too, so the expiry index narrows the scan to it
            .where(*in_force, c.c.expires_on.between(first, last), not_sent(w.c.rank)))
    return union_all(*statements)


def _labelled(*columns):
    return [column.label(name) for column, name in zip(columns, [*NOTICE_COLUMNS, "number"], strict=True)]
