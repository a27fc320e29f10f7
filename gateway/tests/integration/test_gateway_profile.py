"""GET /workers/{no}/profile: parts fetched from the services, unavailable ones marked, role checks."""
from __future__ import annotations

import socket
import threading

import pytest
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from gateway_support import problem_of


class StubServices:
    """Stands in for the credentials and competition services; remembers what it was asked."""

    def __init__(self):
        self.asked: list[tuple[str, str | None]] = []
        self.contests_fail = False
        app = Flask("stub")

        @app.get("/api/v1/credentials")
        def credentials():
            return self._answer({"items": [{"number": "SE-1", "employee_no": request.args["employee_no"],
                                            "status": "expiring", "days_left": 20}], "page": 1, "per_page": 500,
                                 "total": 1})

        @app.get("/api/v1/credentials/me")
        def my_credentials():
            return self._answer({"items": [{"number": "SE-ME", "status": "valid"}], "page": 1, "per_page": 500,
                                 "total": 1})

        @app.get("/api/v1/workers/<employee_no>/contest-results")
        def contest_results(employee_no):
            if self.contests_fail:
                return {"title": "Internal Server Error"}, 500
            return self._answer({"items": [{"contest_id": "C1", "rank": 2, "prize": "second"}]})

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _answer(self, body: dict):
        self.asked.append((request.full_path.rstrip("?"), request.headers.get("Authorization")))
        return jsonify(body)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture(scope="module")
def stubs():
    services = StubServices()
    yield services
    services.server.shutdown()


@pytest.fixture
def services(stubs, monkeypatch):
    """Credentials and competition answer; training is down (nothing listens on its port)."""
    monkeypatch.setenv("BANZU_CREDENTIALS_URL", stubs.url)
    monkeypatch.setenv("BANZU_COMPETITION_URL", stubs.url)
    monkeypatch.setenv("BANZU_TRAINING_URL", closed_port_url())
    stubs.asked.clear()
    stubs.contests_fail = False
    return stubs


@pytest.fixture
def worker(tag, add_team):
    add_team(f"R{tag}", (f"E{tag}A", "张三", "senior"), (f"E{tag}B", "李四", "junior"))
    return f"E{tag}A"


def test_hr_sees_every_part_and_training_is_marked_unavailable(client, token, services, worker):
    hr = token("hr")
    answer = client.get(f"/api/v1/workers/{worker}/profile", headers=hr)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["worker"]["employee_no"] == worker and body["worker"]["grade"] == "senior"
    assert body["credentials"] == [{"number": "SE-1", "employee_no": worker, "status": "expiring", "days_left": 20}]
    assert body["contests"] == [{"contest_id": "C1", "rank": 2, "prize": "second"}]
    assert body["training"] == "unavailable"
    assert (f"/api/v1/credentials?employee_no={worker}&per_page=500", hr["Authorization"]) in services.asked


def test_a_failing_service_is_marked_unavailable(client, token, services, worker):
    services.contests_fail = True
    body = client.get(f"/api/v1/workers/{worker}/profile", headers=token("hr")).get_json()
    assert body["contests"] == "unavailable" and body["credentials"] != "unavailable"


def test_a_worker_sees_their_own_profile_with_their_own_credentials(client, token, services, worker):
    me = token("worker", employee_no=worker)
    body = client.get(f"/api/v1/workers/{worker}/profile", headers=me).get_json()
    assert body["credentials"] == [{"number": "SE-ME", "status": "valid"}]
    assert ("/api/v1/credentials/me?per_page=500", me["Authorization"]) in services.asked


def test_others_may_not_see_a_profile(client, token, services, worker, tag):
    for headers in (token("worker", employee_no=f"E{tag}B"), token("trainer"), token("organizer")):
        answer = client.get(f"/api/v1/workers/{worker}/profile", headers=headers)
        assert answer.status_code == 403 and problem_of(answer)["status"] == 403
    assert client.get(f"/api/v1/workers/{worker}/profile").status_code == 401
    assert services.asked == []


def test_an_unknown_worker_is_not_found(client, token, services):
    answer = client.get("/api/v1/workers/NOBODY/profile", headers=token("hr"))
    assert answer.status_code == 404 and problem_of(answer)["status"] == 404
