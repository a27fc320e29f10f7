"""The audit trail: who changed what, when, and what was there before.

Each part owns an `audit_log` table (defined here once, like the outbox). A unit of work collects
audit entries beside its events and writes them in the same transaction as the change, so a change
is never without its record and a refused change leaves none. Who acts is `current_actor`: the
signed-in user of a request, or `system` with the job (consumer, scheduler, command line) and, for
an event handler, the event's id and the person whose action caused it. Nothing secret is kept:
fields named like passwords, tokens or verification codes are left out of before and after.
"""
from __future__ import annotations

import base64
import binascii
import contextvars
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import (JSON, Column, Index, Integer, MetaData, String, Table, and_, delete, func, insert, or_,
                        select)

from banzu_common.context import correlation_id
from banzu_common.db import COPY_THRESHOLD, Instant, insert_rows

SYSTEM = "system"
ANONYMOUS = "anonymous"  # a request without a token (sign-in, public verification)
SECRET_FIELDS = frozenset({"password", "password_hash", "new_password", "current_password", "token",
                           "access_token", "verification_code", "secret"})


@dataclass(frozen=True)
class Actor:
    """Who a change is attributed to."""

    name: str
    roles: tuple[str, ...] = ()
    job: str | None = None       # for the system: what ran (e.g. "consumer", "scheduler:credentials-expiry-sweep")
    event_id: str | None = None  # the event whose handling made the change
    cause: str | None = None     # the person whose action caused that event

    @classmethod
    def system(cls, job: str, event_id: str | None = None, cause: str | None = None) -> "Actor":
        return cls(SYSTEM, (), job, event_id, cause)

    @property
    def origin(self) -> str:
        """Whose action this traces back to: the person, or the system job when nobody caused it."""
        if self.name != SYSTEM:
            return self.name
        return self.cause or f"{SYSTEM}:{self.job or 'unknown'}"


current_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("banzu_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = current_actor.set(actor)
    try:
        yield actor
    finally:
        current_actor.reset(token)


def add_audit_table(metadata: MetaData) -> Table:
    return Table(
        "audit_log", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", Instant(), nullable=False),
        Column("part", String(40), nullable=False),
        Column("actor", String(80), nullable=False),
        Column("roles", String(200), nullable=False, default=""),
        Column("job", String(120)),
        Column("event_id", String(64)),
        Column("cause", String(80)),
        Column("action", String(60), nullable=False),
        Column("kind", String(40), nullable=False),
        Column("thing_id", String(120), nullable=False),
        Column("before", JSON),
        Column("after", JSON),
        Column("request_id", String(64)),
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_thing", "kind", "thing_id"),
        Index("ix_audit_log_actor", "actor"),
    )


def create_audit_table(op) -> None:
    """For a part's migration: the table exactly as defined above."""
    metadata = MetaData()
    add_audit_table(metadata)
    metadata.create_all(op.get_bind())


def drop_audit_table(op) -> None:
    metadata = MetaData()
    add_audit_table(metadata)
    metadata.drop_all(op.get_bind())


_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A value as the trail keeps it: JSON-ready, secrets left out of mappings."""
    if type(value) in _AS_THEY_ARE:  # most values: an import writes tens of thousands of entries
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if str(k) not in SECRET_FIELDS}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "code") and hasattr(value, "rank"):  # a grade of the skill ladder
        return value.code
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def changes(before: Mapping | None, after: Mapping | None) -> tuple[dict | None, dict | None]:
    """Only the fields that differ (a creation keeps all of `after`, a removal all of `before`)."""
    old, new = plain(before or {}), plain(after or {})
    if before is None:
        return None, new
    if after is None:
        return old, None
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys if k in old}, {k: new.get(k) for k in keys if k in new}


@dataclass(frozen=True)
class AuditEntry:
    action: str
    kind: str
    thing_id: str
    before: dict | None
    after: dict | None
    part: str | None = None  # where a part keeps several (the gateway: directory, accounts, …)
    actor: Actor | None = None  # set when made: who did it


def entry(action: str, kind: str, thing_id: Any, before: Mapping | None = None,
          after: Mapping | None = None, part: str | None = None, actor: Actor | None = None) -> AuditEntry:
    old, new = changes(before, after)
    return AuditEntry(action, kind, str(thing_id), old, new, part, actor or current_actor.get())


class AuditTrail:
    """Writes a part's audit entries into its `audit_log` table."""

    def __init__(self, table: Table, part: str):
        self.table = table
        self.part = part

    def write(self, session, entries: list[AuditEntry]) -> None:
        now = datetime.now(timezone.utc)
        request_id = correlation_id.get()
        rows = []
        for e in entries:
            actor = e.actor or Actor.system("unknown")
            rows.append({"at": now, "part": e.part or self.part, "actor": actor.name, "roles": " ".join(actor.roles),
                         "job": actor.job, "event_id": actor.event_id, "cause": actor.cause, "action": e.action,
                         "kind": e.kind, "thing_id": e.thing_id, "before": e.before, "after": e.after,
                         "request_id": request_id})
        if len(rows) >= COPY_THRESHOLD and session.get_bind().dialect.name == "postgresql":
            # an import's thousands of entries go in with COPY, their JSON as text
            insert_rows(session, self.table, [r | {"before": _json(r["before"]), "after": _json(r["after"])}
                                              for r in rows])
        else:
            session.execute(insert(self.table), rows)


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class AuditFilter:
    part: str | None = None
    actor: str | None = None
    kind: str | None = None
    thing_id: str | None = None
    id_prefix: str | None = None  # ids that begin so: the parts of a thing ("<session>/" for its enrolments)
    date_from: date | None = None
    date_to: date | None = None
    parts: tuple[str, ...] = ()  # any of these parts (a reader allowed some only)


@dataclass(frozen=True, order=True)
class Position:
    """Where an entry stands in the whole trail, across every part: by its instant, then its part,
    then its number (unique within a part's table). Newest first is descending; no two entries share
    a position, so "older than this position" pages without gaps or repeats across parts."""

    at: datetime
    part: str
    number: int

    @property
    def cursor(self) -> str:
        """The position as opaque text for `?before=` (URL-safe, nothing to escape)."""
        text = json.dumps([self.at.isoformat(), self.part, self.number], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def of_cursor(cls, cursor: str) -> "Position":
        """Raises ValueError for text that is not a cursor of the trail."""
        try:
            at, part, number = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            moment = datetime.fromisoformat(at)
        except (binascii.Error, UnicodeDecodeError, TypeError, ValueError) as error:
            raise ValueError("not a cursor of the audit trail") from error
        if moment.tzinfo is None or not isinstance(part, str) or type(number) is not int:
            raise ValueError("not a cursor of the audit trail")
        return cls(moment, part, number)

    @classmethod
    def of_answer(cls, answer: Mapping) -> "Position":
        """The position of an entry as the API answers it (`as_answer`)."""
        return cls(datetime.fromisoformat(answer["at"]), answer["part"], int(answer["number"]))


def query(table: Table, wanted: AuditFilter, before: Position | None = None):
    """The entries matching `wanted`, newest first (older than `before`, when given)."""
    conditions = []
    if before is not None:
        at, part, number = table.c.at, table.c.part, table.c.id
        conditions += [at <= before.at,  # alone, so that the index on `at` narrows the scan
                       or_(at < before.at, and_(at == before.at, or_(
                           part < before.part, and_(part == before.part, number < before.number))))]
    if wanted.part:
        conditions.append(table.c.part == wanted.part)
    if wanted.parts:
        conditions.append(table.c.part.in_(wanted.parts))
    if wanted.actor:
        conditions.append((table.c.actor == wanted.actor) | (table.c.cause == wanted.actor))
    if wanted.kind:
        conditions.append(table.c.kind == wanted.kind)
    if wanted.thing_id:
        conditions.append(table.c.thing_id == wanted.thing_id)
    if wanted.id_prefix:
        conditions.append(table.c.thing_id.startswith(wanted.id_prefix, autoescape=True))
    if wanted.date_from:
        conditions.append(table.c.at >= datetime.combine(wanted.date_from, datetime.min.time(), timezone.utc))
    if wanted.date_to:
        conditions.append(table.c.at < datetime.combine(wanted.date_to, datetime.max.time(), timezone.utc))
    statement = select(table)
    if conditions:
        statement = statement.where(and_(*conditions))
    return statement.order_by(table.c.at.desc(), table.c.part.desc(), table.c.id.desc())


def count(table: Table, wanted: AuditFilter):
    return select(func.count()).select_from(query(table, wanted).order_by(None).subquery())


def read_all(engine, table: Table, wanted: AuditFilter, before: Position | None = None,
             batch: int = 500) -> Iterator[dict]:
    """Every matching entry as the API answers it, newest first, read a batch at a time (each batch
    starts where the last one ended), so memory stays flat however long the trail is and no
    connection is held while the caller works on a batch."""
    while True:
        with engine.connect() as connection:
            rows = connection.execute(query(table, wanted, before).limit(batch)).all()
        yield from (as_answer(row) for row in rows)
        if len(rows) < batch:
            return
        before = Position(_aware(rows[-1].at), rows[-1].part, rows[-1].id)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def as_answer(row) -> dict:
    """An entry as the API answers it (api.md "Audit")."""
    return {"at": _aware(row.at).isoformat(), "number": row.id, "part": row.part, "actor": row.actor, "roles": row.roles.split(),
            "job": row.job, "event_id": row.event_id, "cause": row.cause, "action": row.action, "kind": row.kind,
            "id": row.thing_id, "before": row.before, "after": row.after, "request_id": row.request_id}


def archive(engine, table: Table, before: date, path: str) -> int:
    """Moves the entries made before `before` into a JSON-lines file (appended), in one transaction:
    written and flushed to disk first, then removed. Returns how many moved."""
    cut = datetime.combine(before, datetime.min.time(), timezone.utc)
    with engine.begin() as connection:
        rows = connection.execute(select(table).where(table.c.at < cut).order_by(table.c.at, table.c.id)).all()
        if not rows:
            return 0
        with open(path, "a", encoding="utf-8") as file:
            for row in rows:
                file.write(json.dumps(as_answer(row), ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())
        connection.execute(delete(table).where(table.c.id.in_([row.id for row in rows])))
    return len(rows)


def retention_cutoff(today: date) -> date | None:
    """The day before which entries may be archived (BANZU_AUDIT_RETENTION_DAYS); None keeps all."""
    days = os.environ.get("BANZU_AUDIT_RETENTION_DAYS", "").strip()
    return today - timedelta(days=int(days)) if days else None
