"""The expiry sweep as one statement: notice rows inserted by INSERT … SELECT … ON CONFLICT DO
NOTHING RETURNING, applying the domain's `notice_due` rule to every credential at once.

Reminder cut-off dates (D + r for every reminder day r in use) are computed here and passed as
parameters, so the SQL compares dates only and reads the same on PostgreSQL and SQLite (≥ 3.35).
The unique key of the notices table makes a concurrent sweep skip what another one inserted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, String, Table, Text, case, exists, func, insert, literal, or_, select, text, union_all
from sqlalchemy.orm import Session

from banzu_common.db import upsert_insert
from banzu_common.leaving import left_by
from banzu_common.messaging.contracts import Contract, CredentialExpired, CredentialExpiring

from banzu_credentials.adapters.repository import NO_THRESHOLD
from banzu_credentials.adapters.tables import (credential_notices, credential_type_reminders, credential_types,
                                              credentials, workers)
from banzu_credentials.domain import EXPIRED, EXPIRING


@dataclass(frozen=True)
class NewNotice:
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    kind: str
    threshold: int | None
    number: str
    type_name_zh: str
    type_name_en: str


def insert_due_notices(session: Session, on: date) -> list[NewNotice]:
    """Records every notice due on `on` and returns those this call inserted, with the certificate's
    number and its type's names (what people read in the notices the events become)."""
    inserted = session.execute(_insert_statement(session, on, _reminder_days(session))).all()
    facts = {}
    ids = [row.credential_id for row in inserted]
    for start in range(0, len(ids), 10_000):  # within SQLite's limit of bound parameters
        facts.update({row.id: row for row in session.execute(
            select(credentials.c.id, credentials.c.number, credential_types.c.name_zh, credential_types.c.name_en)
            .join(credential_types, credential_types.c.code == credentials.c.type_code)
            .where(credentials.c.id.in_(ids[start:start + 10_000])))})
    return [NewNotice(row.credential_id, row.employee_no, row.type_code, row.expires_on, row.kind,
                      None if row.kind == EXPIRED else row.threshold, facts[row.credential_id].number,
                      facts[row.credential_id].name_zh, facts[row.credential_id].name_en)
            for row in inserted]


def insert_due_notices_and_events(session: Session, on: date, source: str, correlation: str | None,
                                  outbox: Table) -> Counter:
    """PostgreSQL: the notices and their CloudEvents written by one statement, the events built in
    SQL in exactly the shape of `Envelope.to_json` (tests parse them with the CloudEvents SDK).
    A sweep sends tens of thousands of events: building each in Python would cost more than the
    whole statement. Returns how many notices of each kind were sent."""
    _without_jit(session)
    sent = _insert_statement(session, on, _reminder_days(session)).cte("sent")
    c, types = credentials, credential_types
    rows = (select(func.gen_random_uuid().cast(String).label("event_id"), sent, c.c.number, types.c.name_zh,
                   types.c.name_en)
            .select_from(sent.join(c, c.c.id == sent.c.credential_id).join(types, types.c.code == sent.c.type_code))
            .subquery("rows"))
    expired = rows.c.kind == EXPIRED
    facts = {"credential_id": rows.c.credential_id, "employee_no": rows.c.employee_no,
             "type_code": rows.c.type_code, "expires_on": func.to_char(rows.c.expires_on, "YYYY-MM-DD"),
             "number": rows.c.number, "type_name_zh": rows.c.name_zh, "type_name_en": rows.c.name_en}
    data = case((expired, contract_json(CredentialExpired, facts)),
                else_=contract_json(CredentialExpiring, facts | {"days_left": rows.c.expires_on - literal(on, Date),
                                                                  "threshold": rows.c.threshold}))
    event_type = case((expired, CredentialExpired.TYPE), else_=CredentialExpiring.TYPE)
    attributes = ["id", rows.c.event_id, "source", source, "type", event_type, "specversion", "1.0",
                  "time", func.to_char(func.timezone("UTC", func.clock_timestamp()), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                  "datacontenttype", "application/json", "subject", rows.c.credential_id]
    if correlation:
        attributes += ["correlationid", correlation]
    body = func.json_build_object(*attributes, "data", data).cast(Text)
    statement = (insert(outbox)
                 .from_select(["event_id", "type", "correlation_id", "body", "created_at"],
                              select(rows.c.event_id, event_type, literal(correlation, String), body, func.now()))
                 .returning(outbox.c.type))
    return Counter(session.scalars(statement))


def contract_json(contract: type[Contract], values: dict):
    """json_build_object of exactly the contract's fields: the SQL-built data cannot drift from it."""
    if set(values) != set(contract.field_names()):
        raise TypeError(f"{contract.TYPE} has the fields {contract.field_names()}, not {tuple(values)}")
    return func.json_build_object(*(part for name in contract.field_names() for part in (name, values[name])))


def _reminder_days(session: Session) -> list[int]:
    _without_jit(session)
    return sorted(set(session.scalars(select(credential_type_reminders.c.days).distinct())))


def _without_jit(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # Compiling these statements with JIT costs more (~1 s) than running them.
        session.execute(text("SET LOCAL jit = off"))


def _insert_statement(session: Session, on: date, days: list[int]):
    c, n, r = credentials, credential_notices, credential_type_reminders
    # No reminder, expiry or penalty for the certificates of a worker who left the company by the day.
    gone = exists().where(workers.c.employee_no == c.c.employee_no, left_by(workers, on))
    in_force = (c.c.revoked_on.is_(None), c.c.superseded_by.is_(None), ~gone)
    expired_sent = exists().where(n.c.credential_id == c.c.id, n.c.kind == EXPIRED)
    # Two disjoint sets, so the per-credential subqueries below run only for the few credentials
    # inside the reminder window, not for every credential that expired in the past.
    facts = (c.c.employee_no, c.c.type_code, c.c.expires_on)
    expired = select(c.c.id, literal(EXPIRED), literal(NO_THRESHOLD), literal(on, Date), *facts).where(
        *in_force, c.c.expires_on < on, ~expired_sent)
    statements = [expired]
    if days:
        cutoff = case({d: literal(on + timedelta(days=d), Date) for d in days}, value=r.c.days)
        # M: the most urgent threshold of the credential's type whose cut-off it has reached.
        most_urgent = (select(func.min(r.c.days)).where(r.c.type_code == c.c.type_code, c.c.expires_on <= cutoff)
                       .scalar_subquery())
        smallest_sent = (select(func.min(n.c.threshold))
                         .where(n.c.credential_id == c.c.id, n.c.kind == EXPIRING).scalar_subquery())
        window = (select(c.c.id.label("credential_id"), most_urgent.label("threshold"),
                         smallest_sent.label("smallest_sent"), *facts)
                  .where(*in_force, c.c.expires_on >= on, c.c.expires_on <= on + timedelta(days=max(days)),
                         ~expired_sent)
                  .subquery("window"))
        statements.append(
            select(window.c.credential_id, literal(EXPIRING), window.c.threshold, literal(on, Date),
                   window.c.employee_no, window.c.type_code, window.c.expires_on)
            .where(window.c.threshold.is_not(None),
                   or_(window.c.smallest_sent.is_(None), window.c.threshold < window.c.smallest_sent)))
    due = union_all(*statements).subquery("due")
    # One order for every sweep, so concurrent sweeps take the notices' key locks in the same order.
    ordered = select(due).order_by(due.c[0])
    return (upsert_insert(session, n)
            .from_select(["credential_id", "kind", "threshold", "sent_on", "employee_no", "type_code", "expires_on"],
                         ordered)
            .on_conflict_do_nothing()
            .returning(n.c.credential_id, n.c.kind, n.c.threshold, n.c.employee_no, n.c.type_code, n.c.expires_on))
