"""R10 in the running system: a second relay and a second consumer for every part, at once, on
PostgreSQL; 2,000 workers imported at the gateway reach every service once (checked in their databases),
the second copies — up before the import — did some of the work (their own counters), and none was
handed an event already applied."""
from __future__ import annotations

import uuid

from sqlalchemy import text

from client import eventually
from test_foundation import PARTS_WITH_REPLICA, make_team, replicated, upload

PARTS = ("gateway", *PARTS_WITH_REPLICA)


def test_two_relays_and_two_consumers_per_part(banzu, admin):
    copies = [banzu.start(f"{part}-{role}", copy=2) for part in PARTS for role in ("relay", "consumer")]
    try:
        # a process serves its metrics once it has started: before that it could do none of the work
        eventually(lambda: all(banzu.counted(name, "banzu_relay_published") is not None for name in copies),
                   "the second copies are up", timeout=60)
        tag = uuid.uuid4().hex[:6].upper()
        team = make_team(admin, tag)
        numbers = [f"R{tag}{i:04d}" for i in range(2000)]
        rows = "employee_no,name,team_code,occupation,grade\n" + "".join(
            f"{n},Worker {n},{team},electrician,junior\n" for n in numbers)
        answer = upload(admin, "/workers/import", "workers.csv", rows.encode())
        assert answer.status == 200 and answer.json()["created"] == 2000, answer
        # The import's own events, by its request id: other tests' events may still be arriving meanwhile.
        sent = events_of_request(banzu, answer.headers["X-Request-ID"])
        assert len(sent) == 2000
        for part in PARTS_WITH_REPLICA:
            eventually(lambda: replicated(banzu, part, numbers) == 2000, f"every worker in {part}", timeout=120)
            assert processed_among(banzu, part, sent) == 2000, f"{part} applied each event once"
        assert all(banzu.processes[name].poll() is None for name in copies), "the second copies kept running"
        assert banzu.counted("gateway-relay#2", "banzu_relay_published") > 0, "the second relay published some"
        for part in PARTS_WITH_REPLICA:
            second = f"{part}-consumer#2"
            assert banzu.counted(second, "banzu_consumer_messages") > 0, f"{part}'s second consumer applied some"
            assert banzu.counted(second, "banzu_consumer_duplicates") == 0, f"{second} was handed an event twice"
    finally:
        for name in copies:
            banzu.stop(name)


def events_of_request(banzu, request_id: str) -> list[str]:
    with banzu.database("gateway").connect() as connection:
        return connection.execute(text("SELECT event_id FROM outbox WHERE correlation_id = :r"),
                                  {"r": request_id}).scalars().all()


def processed_among(banzu, part: str, event_ids: list[str]) -> int:
    with banzu.database(part).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM processed_events WHERE event_id = ANY(:ids)"),
                                  {"ids": event_ids}).scalar()
