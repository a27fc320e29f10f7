"""R8: a creating POST sent many times at once with one Idempotency-Key, or resent after its answer was
lost, creates one thing, and every caller gets the same answer; on PostgreSQL and on SQLite, in
every part (each served by a threaded HTTP server, as a double click or a retrying client meets it)."""
from __future__ import annotations

import importlib
import json
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
import urllib3
from sqlalchemy import func, select, text
from werkzeug.serving import make_server

from banzu_common.auth import issue_token

TODAY = date.today()


@dataclass(frozen=True)
class Part:
    runtime: str  # module holding `runtime`
    wsgi: str  # module holding `build_app`
    path: str
    role: str
    table: str
    column: str  # a column naming the created thing

    def body(self, tag: str) -> dict:
        return {
            "contests": {"name": f"Contest {tag}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
                         "ends_on": (TODAY + timedelta(days=1)).isoformat(),
                         "segments": [{"code": "T", "name": "Theory", "weight": 100, "max_score": 100,
                                       "method": "measurement"}]},
            "courses": {"code": tag, "title": f"Course {tag}", "occupation": "welder", "hours": 4,
                        "kind": "practical"},
            "credential_types": {"code": f"permit_{tag.lower()}", "name": f"Permit {tag}", "validity_months": 12,
                                 "reminder_days": [30]},
            "teams": {"code": tag, "name": f"Team {tag}", "company": "Acme Power"},
        }[self.table]

    def named(self, tag: str) -> str:
        return self.body(tag)[self.column]


PARTS = {
    "competition": Part("banzu_competition.bootstrap", "banzu_competition.entrypoints.app", "/contests",
                        "organizer", "contests", "name"),
    "training": Part("banzu_training.bootstrap", "banzu_training.entrypoints.wsgi", "/courses", "trainer",
                     "courses", "code"),
    "credentials": Part("banzu_credentials.bootstrap", "banzu_credentials.entrypoints.wsgi", "/credential-types",
                        "admin", "credential_types", "code"),
    "gateway": Part("banzu_gateway.bootstrap", "banzu_gateway.entrypoints.wsgi", "/teams", "hr", "teams", "code"),
}


@dataclass
class Served:
    part: Part
    runtime: object
    app: object
    url: str

    def headers(self, key: str) -> dict:
        token = issue_token(self.runtime.settings.jwt_secret, f"user-{key[:6]}", [self.part.role], None, 600)
        return {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"}

    def count(self, tag: str) -> int:
        table = self.runtime.metadata.tables[self.part.table]
        with self.runtime.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(table)
                                      .where(table.c[self.part.column] == self.part.named(tag))).scalar_one()


def know_the_occupations(runtime) -> None:
    """A service's copy of the occupation catalogue holds the occupations the bodies name (contests and
    courses must name one of the catalogue; the copy is kept from the gateway's events)."""
    occupations = runtime.metadata.tables.get("directory_occupations")
    if occupations is None:
        return
    with runtime.engine.begin() as connection:
        connection.execute(occupations.insert(), [
            {"code": code, "name_zh": zh, "name_en": en, "changed_at": datetime.now(timezone.utc)}
            for code, zh, en in (("electrician", "电工", "Electrician"), ("welder", "焊工", "Welder"))])


@pytest.fixture(params=["postgresql", "sqlite"])
def database_kind(request) -> str:
    return request.param


@pytest.fixture(params=list(PARTS))
def served(request, database_kind, make_database, tmp_path):
    part = PARTS[request.param]
    runtime = importlib.import_module(part.runtime).runtime
    url = make_database(request.param) if database_kind == "postgresql" else f"sqlite:///{tmp_path / 'part.db'}"
    with runtime.using_database(url):
        know_the_occupations(runtime)
        app = importlib.import_module(part.wsgi).build_app()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Served(part, runtime, app, f"http://127.0.0.1:{server.server_port}/api/v1{part.path}")
        finally:
            server.shutdown()
            thread.join()


def post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    answer = urllib3.request("POST", url, body=json.dumps(body).encode(), headers=headers, retries=False,
                             timeout=120)
    return answer.status, answer.json()


def test_sixteen_concurrent_posts_with_one_key_create_one_thing(served):
    tag = uuid.uuid4().hex[:8].upper()
    key, body = str(uuid.uuid4()), served.part.body(tag)
    headers = served.headers(key)
    start = threading.Barrier(16)
    answers: list[tuple[int, dict]] = []

    def send():
        start.wait()
        answers.append(post(served.url, body, headers))

    senders = [threading.Thread(target=send) for _ in range(16)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert len(answers) == 16
    assert answers[0][0] == 201, answers[0]
    assert all(answer == answers[0] for answer in answers), {a[0] for a in answers}
    assert served.count(tag) == 1


def test_a_retry_after_the_answer_was_lost_gets_the_stored_answer(served):
    """The server commits and answers, but the answer never reaches the client (the connection drops):
    the client's retry gets that answer, and nothing new is created."""
    tag = uuid.uuid4().hex[:8].upper()
    key, body = str(uuid.uuid4()), served.part.body(tag)
    headers = served.headers(key)
    # The same application, called in process: it commits and answers, and the answer is dropped.
    served.app.test_client().post(f"/api/v1{served.part.path}", data=json.dumps(body), headers=headers)

    status, answer = post(served.url, body, headers)

    assert status == 201
    assert answer[served.part.column] == served.part.named(tag)
    assert served.count(tag) == 1
    status_again, answer_again = post(served.url, body, headers)
    assert (status_again, answer_again) == (status, answer)


def test_one_key_with_another_body_is_refused(served):
    tag, other = uuid.uuid4().hex[:8].upper(), uuid.uuid4().hex[:8].upper()
    key = str(uuid.uuid4())
    headers = served.headers(key)
    assert post(served.url, served.part.body(tag), headers)[0] == 201

    status, problem = post(served.url, served.part.body(other), headers)

    assert (status, problem["type"]) == (422, "urn:banzu:problem:idempotency_key_reused")
    assert served.count(other) == 0


def test_a_refused_request_leaves_its_key_free_for_the_corrected_one(served):
    tag = uuid.uuid4().hex[:8].upper()
    key = str(uuid.uuid4())
    headers = served.headers(key)
    broken = {**served.part.body(tag), served.part.column: ""}
    assert post(served.url, broken, headers)[0] == 422

    assert post(served.url, served.part.body(tag), headers)[0] == 201
    assert served.count(tag) == 1


def test_a_key_held_too_long_answers_in_progress(make_database, monkeypatch):
    """A request still holding the key (its transaction open) keeps a duplicate waiting for a bounded
    time only; once the holder gives up (rolls back), the duplicate does the work, once."""
    part = PARTS["competition"]
    runtime = importlib.import_module(part.runtime).runtime
    monkeypatch.setenv("BANZU_IDEMPOTENCY_WAIT_SECONDS", "1")
    with runtime.using_database(make_database("competition")):
        know_the_occupations(runtime)
        client = importlib.import_module(part.wsgi).build_app().test_client()
        served = Served(part, runtime, None, "")
        tag, key = uuid.uuid4().hex[:8].upper(), str(uuid.uuid4())
        headers = served.headers(key)
        with runtime.engine.connect() as holder:
            holder.execute(text("INSERT INTO idempotency_keys (principal, key, fingerprint, status, body, created_at) "
                                "VALUES (:principal, :key, 'x', 0, '', now())"),
                           {"principal": f"user-{key[:6]}", "key": key})
            waiting = client.post(f"/api/v1{part.path}", json=part.body(tag), headers=headers)
            holder.rollback()
        retried = client.post(f"/api/v1{part.path}", json=part.body(tag), headers=headers)

        assert waiting.status_code == 409
        assert waiting.get_json()["type"] == "urn:banzu:problem:idempotency_key_in_progress"
        assert retried.status_code == 201
        assert served.count(tag) == 1


def test_a_request_failing_before_its_answer_leaves_nothing_and_its_retry_creates_once(served):
    """The work is done, then the request fails on the way to its answer (a 500): nothing of it stays,
    the key is free, and the client's retry creates the thing once."""
    tag = uuid.uuid4().hex[:8].upper()
    key, body = str(uuid.uuid4()), served.part.body(tag)
    headers = served.headers(key)
    failures = [RuntimeError("the process failed before answering")]

    @served.app.after_request
    def fail_once(response):
        if failures:
            raise failures.pop()
        return response

    assert post(served.url, body, headers)[0] == 500
    assert served.count(tag) == 0

    status, answer = post(served.url, body, headers)

    assert status == 201 and answer[served.part.column] == served.part.named(tag)
    assert served.count(tag) == 1
