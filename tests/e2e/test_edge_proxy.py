"""The nginx edge of deploy/k8s/edge in front of the running system: the public API works through it
as through the gateway (services' paths go straight to them), with the same headers and
problem+json for the edge's own errors."""
from __future__ import annotations

import http.client
import uuid

from client import Client, eventually, problem
from flows import team, user, worker
from test_cross_service_flows import test_team_score_example_and_the_hr_list as team_score_flow


class ThroughEdge:
    """The running system as seen by a client of the edge."""

    def __init__(self, banzu, edge):
        self._banzu = banzu
        self.url = edge.url

    def __getattr__(self, name):
        return getattr(self._banzu, name)


def test_the_cross_service_flow_through_the_edge(banzu, edge):
    system = ThroughEdge(banzu, edge)
    team_score_flow(system, system.admin())


def test_request_ids_and_tokens_through_the_edge(banzu, edge):
    admin = ThroughEdge(banzu, edge).admin()
    tag = uuid.uuid4().hex[:6].upper()
    given = "edge-" + tag
    for path in ("/teams", "/credential-types", "/contests", "/courses"):  # the gateway's own, then services'
        answer = admin.get(path, headers={"X-Request-ID": given})
        assert answer.status == 200, (path, answer)
        assert answer.headers.get("X-Request-ID") == given, f"{path}: the caller's request id is kept"
        made = admin.get(path).headers.get("X-Request-ID")
        assert made and made != given, f"{path}: the edge makes a request id when there is none"
    # a service checks the token itself
    problem(Client(edge.url).get("/credential-types"), 401)
    problem(Client(edge.url, "forged.token.value").get("/contests"), 401)
    # a worker's training record belongs to training, the worker to the gateway
    hr = user(admin, ThroughEdge(banzu, edge), f"hr{tag}".lower(), ["hr"])
    employee_no = worker(hr, f"E{tag}", team(hr, f"T{tag}", f"Acme {tag}"), "junior")
    assert hr.get(f"/workers/{employee_no}").json()["employee_no"] == employee_no
    assert hr.get(f"/workers/{employee_no}/training").status in (200, 404)  # 404 until the event arrives
    assert problem(hr.get("/no-such-resource"), 404)


def test_the_edge_answers_its_own_errors_as_problems(banzu, edge):
    admin = ThroughEdge(banzu, edge).admin()
    banzu.stop("training")
    try:
        answer = admin.get("/courses", headers={"X-Request-ID": "down-1"})
        body = problem(answer, 503)
        assert body["reason"] == "upstream_unavailable" and answer.headers.get("Retry-After") == "5"
        assert answer.headers.get("X-Request-ID") == "down-1"
        assert admin.get("/teams").status == 200, "the gateway's own paths keep working"
    finally:
        banzu.start("training")
    eventually(lambda: admin.get("/courses").status == 200, "training back")

    connection = http.client.HTTPConnection("127.0.0.1", edge.port, timeout=10)
    connection.putrequest("POST", "/api/v1/workers/import")
    connection.putheader("Content-Type", "text/csv")
    connection.putheader("Content-Length", str(65 * 1024 * 1024))  # over the 64 MiB limit
    connection.endheaders()
    answer = connection.getresponse()
    assert answer.status == 413
    assert answer.getheader("Content-Type") == "application/problem+json"
    assert b'"reason": "payload_too_large"' in answer.read()
    connection.close()
