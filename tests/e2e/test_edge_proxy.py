"""The nginx edge of deploy/k8s/edge in front of the running system: the public API works through it
as through the gateway (services' paths go straight to them), with the same headers and
problem+json for the edge's own errors; a service reached straight through it refuses the tokens of
an account deactivated, demoted or given a new password within 5 s (R17), and every call but the
password change of an account that must change its password first."""
from __future__ import annotations

import http.client
import time
import uuid

from client import Client, eventually, problem
from flows import PASSWORD, team, user, worker
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
    # training knows the worker once the directory event has arrived: then its record, from training
    record = eventually(lambda: (answer := hr.get(f"/workers/{employee_no}/training")).status == 200 and answer,
                        "training's record of the new worker through the edge")
    assert record.json()["employee_no"] == employee_no, record
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


def refused_within(client: Client, path: str, seconds: float = 5.0) -> float:
    """Seconds until `path` answers 401 to `client` (polled; fails after `seconds`)."""
    started = time.monotonic()
    while (answer := client.get(path)).status != 401:
        assert answer.status == 200, (path, answer)
        assert time.monotonic() - started < seconds, f"{path}: still {answer.status} after {seconds} s"
        time.sleep(0.05)
    problem(answer, 401)
    return time.monotonic() - started


def test_a_changed_accounts_tokens_are_refused_by_the_services_behind_the_edge(banzu, edge):
    system = ThroughEdge(banzu, edge)
    admin = system.admin()
    tag = uuid.uuid4().hex[:6]
    # change -> (the account's roles, the admin's change, a service's path straight through the edge)
    cases = {"deactivated": (["hr"], {"active": False}, "/credential-types"),
             "demoted": (["organizer"], {"roles": ["judge"]}, "/contests"),
             "repassworded": (["trainer"], {"password": "Reset-pass-2026"}, "/courses")}
    took = {}
    for change, (roles, body, path) in cases.items():
        name = f"{change}-{tag}"
        signed_in = user(admin, system, name, roles)
        assert signed_in.get(path).status == 200, (change, "the token works before the change")
        assert admin.patch(f"/users/{name}", body).status == 200
        took[change] = refused_within(signed_in, path)
    print(f"R17 through the edge: refused after {took}")
    again = Client.sign_in(edge.url, f"repassworded-{tag}", "Reset-pass-2026")
    assert again.get("/courses").status == 200, "a token issued after the change works at once"

    new_hire = f"new-hire-{tag}"
    assert admin.post("/users", {"username": new_hire, "password": PASSWORD, "roles": ["organizer"],
                                 "must_change_password": True}).status == 201
    first = Client(edge.url).post("/auth/token", {"username": new_hire, "password": PASSWORD}).json()
    assert first["password_change_required"] is True
    duty = Client(edge.url, first["access_token"])
    for path in ("/contests", "/courses", "/credential-types", "/teams"):
        assert problem(duty.get(path), 403)["reason"] == "password_change_required", path
    assert duty.post("/auth/password", {"current_password": PASSWORD, "new_password": "Own-pass-2026"}).status == 204
    assert Client.sign_in(edge.url, new_hire, "Own-pass-2026").get("/contests").status == 200

    disabled = Client(edge.url).post("/auth/token", {"username": f"deactivated-{tag}", "password": PASSWORD})
    assert problem(disabled, 403)["reason"] == "account_disabled"
