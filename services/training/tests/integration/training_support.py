"""Helpers for training's integration tests: feeding events, reading the outbox, building bodies."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pika
from sqlalchemy import select

from banzu_common.messaging.contracts import OccupationUpserted, TeamUpserted, WorkerUpserted
from banzu_common.messaging.consumer import Delivery, EventConsumer
from banzu_common.messaging.envelope import Envelope

from banzu_training.adapters.tables import metadata
from banzu_training.entrypoints.consumer import HANDLERS

CST = timezone(timedelta(hours=8))
# The occupations most tests name, in the catalogue from the start (see conftest's `runtime`).
OCCUPATIONS = {"welder": ("焊工", "Welder"), "electrician": ("电工", "Electrician")}


def envelope(type_: str, data: dict, source: str = "/banzu/test") -> Envelope:
    return Envelope.new(type_, source, None, data, None)


def handle(runtime, event: Envelope) -> None:
    """Applies one event the way the consumer does, in its own transaction."""
    with runtime.sessions() as session, session.begin():
        HANDLERS[event.type](session, event)


def deliver(runtime, event: Envelope) -> list[Delivery]:
    """Delivers one message through the idempotent consumer (processed-event ids and all)."""
    consumer = EventConsumer(runtime.settings, runtime.sessions, metadata.tables["processed_events"], HANDLERS)
    return consumer.apply([Delivery(1, pika.BasicProperties(), event.to_json())])


class Directory:
    """Feeds the directory replica with the gateway's events."""

    def __init__(self, runtime):
        self.runtime = runtime

    def team(self, code: str) -> str:
        handle(self.runtime, envelope(TeamUpserted.TYPE, {"code": code, "name": f"Team {code}", "company": "Steel Co",
                                                      "workshop": None}, "/banzu/gateway"))
        return code

    def occupation(self, code: str, name_zh: str | None = None, name_en: str | None = None) -> str:
        """The catalogue's event for one occupation: training may name it from then on."""
        known = OCCUPATIONS.get(code, (code, code))
        handle(self.runtime, envelope(OccupationUpserted.TYPE, {"code": code, "name_zh": name_zh or known[0],
                                                            "name_en": name_en or known[1]}, "/banzu/gateway"))
        return code

    def worker(self, employee_no: str, team_code: str, grade: str = "junior", occupation: str = "welder") -> str:
        handle(self.runtime, envelope(WorkerUpserted.TYPE, {
            "employee_no": employee_no, "name": f"Worker {employee_no}", "team_code": team_code,
            "company": "Steel Co", "occupation": occupation, "grade": grade}, "/banzu/gateway"))
        return employee_no


def outbox_events(runtime, employee_no: str | None = None) -> list[Envelope]:
    """The events in the outbox, oldest first, optionally only those about one worker."""
    outbox = metadata.tables["outbox"]
    with runtime.engine.connect() as connection:
        bodies = connection.scalars(select(outbox.c.body).order_by(outbox.c.position)).all()
    events = [Envelope.from_json(body) for body in bodies]
    return [e for e in events if employee_no is None or e.data.get("employee_no") == employee_no]


def later(**delta) -> datetime:
    """An instant from now, whole seconds, in China Standard Time."""
    return (datetime.now(CST) + timedelta(**delta)).replace(microsecond=0)


def course_body(code: str, **overrides) -> dict:
    return {"code": code, "title": f"Course {code}", "occupation": "welder", "hours": 4, "kind": "practical",
            **overrides}


def session_body(course_code: str, starts_at: datetime, hours: float = 3, **overrides) -> dict:
    return {"course_code": course_code, "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=hours)).isoformat(), "location": f"Room {course_code}",
            "capacity": 10, **overrides}
