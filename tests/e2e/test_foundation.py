"""Issue 2 end to end: directory events reach every service exactly once, also across a broker
outage; auth and errors follow api.md; the gateway degrades cleanly when a service is down."""
from __future__ import annotations

import signal
import uuid

from sqlalchemy import text

from client import Client, eventually, problem

PARTS_WITH_REPLICA = ("competition", "training", "credentials")
WORKER_UPSERTED = "banzu.directory.worker.upserted.v1"


def replicated(banzu, part: str, employee_nos: list[str]) -> int:
    with banzu.database(part).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM directory_workers WHERE employee_no = ANY(:n)"),
                                  {"n": employee_nos}).scalar()


def processed_worker_events(banzu, part: str) -> int:
    with banzu.database(part).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM processed_events WHERE type = :t"),
                                  {"t": WORKER_UPSERTED}).scalar()


def make_team(hr: Client, tag: str) -> str:
    code = f"T{tag}"
    assert hr.post("/teams", {"code": code, "name": "Team " + tag, "company": "Acme " + tag}).status == 201
    return code


def make_worker(hr: Client, team: str, employee_no: str, headers=None):
    body = {"employee_no": employee_no, "name": "Worker " + employee_no, "team_code": team,
            "occupation": "electrician", "grade": "junior"}
    return hr.post("/workers", body, headers=headers)


def test_a_worker_created_at_the_gateway_reaches_every_service(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    team = make_team(admin, tag)
    request_id = "req-" + tag
    answer = make_worker(admin, team, f"E{tag}", headers={"X-Request-ID": request_id})
    assert answer.status == 201, answer
    assert answer.headers.get("X-Request-ID") == request_id
    for part in PARTS_WITH_REPLICA:
        eventually(lambda: replicated(banzu, part, [f"E{tag}"]) == 1, f"worker in the {part} copy")
    with banzu.database("gateway").connect() as connection:
        correlation = connection.execute(text("SELECT correlation_id FROM outbox WHERE type = :t AND body LIKE :e"),
                                         {"t": WORKER_UPSERTED, "e": f"%E{tag}%"}).scalar()
    assert correlation == request_id, "the event carries the request's X-Request-ID as correlationid"


def test_writes_succeed_while_the_broker_is_away_and_arrive_once_after(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    team = make_team(admin, tag)
    before = {part: processed_worker_events(banzu, part) for part in PARTS_WITH_REPLICA}
    banzu.proxy.cut()
    try:
        numbers = [f"O{tag}{i}" for i in range(20)]
        for employee_no in numbers:
            assert make_worker(admin, team, employee_no).status == 201, "writes are accepted during the outage"
        assert all(replicated(banzu, part, numbers) == 0 for part in PARTS_WITH_REPLICA)
    finally:
        banzu.proxy.restore()
    for part in PARTS_WITH_REPLICA:
        eventually(lambda: replicated(banzu, part, numbers) == 20, f"{part} catches up", timeout=60)
        assert processed_worker_events(banzu, part) == before[part] + 20, f"{part} applied each event once"


def test_auth_and_problem_details(banzu, admin):
    anonymous = Client(banzu.url)
    problem(anonymous.get("/teams"), 401)
    problem(Client(banzu.url, "forged.token.value").get("/contests"), 401)
    problem(anonymous.post("/auth/token", {"username": "nobody", "password": "wrong-password"}), 401)
    tag = uuid.uuid4().hex[:6].lower()
    assert admin.post("/users", {"username": f"tr{tag}", "password": "Trainer-pass-1", "roles": ["trainer"]}).status == 201
    trainer = Client.sign_in(banzu.url, f"tr{tag}", "Trainer-pass-1")
    assert problem(trainer.post("/teams", {"code": "X", "name": "X", "company": "X"}), 403)["reason"] == "forbidden"
    body = problem(admin.post("/teams", {"name": "no code"}), 422)
    assert set(body["errors"]) >= {"code", "company"}
    garbage = admin.request("POST", "/teams", raw=b"{not json", headers={"Content-Type": "application/json"})
    assert garbage.status in (400, 422) and garbage.content_type == "application/problem+json"
    problem(admin.get("/no-such-resource"), 404)


def test_an_unreachable_service_answers_503_not_a_hang(banzu, admin):
    banzu.stop("competition")
    try:
        body = problem(admin.get("/contests"), 503)
        assert body["reason"] == "upstream_unavailable"
        assert admin.get("/teams").status == 200, "the gateway's own resources keep working"
    finally:
        banzu.start("competition")
    eventually(lambda: admin.get("/contests").status == 200, "competition back")


def upload(client: Client, path: str, name: str, content: bytes):
    boundary = "banzu" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return client.request("POST", path, raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_a_consumer_killed_mid_stream_loses_nothing_and_applies_nothing_twice(banzu, admin):
    """R2: SIGKILL the training consumer while it works through 3,000 directory events, restart it."""
    tag = uuid.uuid4().hex[:6].upper()
    team = make_team(admin, tag)
    before = processed_worker_events(banzu, "training")
    numbers = [f"K{tag}{i:04d}" for i in range(3000)]
    rows = "employee_no,name,team_code,occupation,grade\n" + "".join(
        f"{n},Worker {n},{team},electrician,junior\n" for n in numbers)
    answer = upload(admin, "/workers/import", "workers.csv", rows.encode())
    assert answer.status == 200 and answer.json()["created"] == 3000, answer
    eventually(lambda: processed_worker_events(banzu, "training") - before, "the consumer is at work")
    banzu.stop("training-consumer", signal.SIGKILL)
    applied = processed_worker_events(banzu, "training") - before  # read after the kill: nothing adds to it now
    assert 0 < applied < 3000, f"killed mid-stream ({applied} of 3,000 applied)"
    banzu.start("training-consumer")
    eventually(lambda: replicated(banzu, "training", numbers) == 3000, "every event arrives", timeout=120)
    eventually(lambda: processed_worker_events(banzu, "training") == before + 3000, "each applied once", timeout=60)
    assert replicated(banzu, "training", numbers) == 3000
