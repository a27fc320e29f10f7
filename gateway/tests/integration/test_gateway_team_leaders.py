"""Team leaders (domain.md "Team leaders"): a member of the team or nobody; a leader who moves to
another team leads the old one no more; the directory event carries the leader."""
from __future__ import annotations

import json

from sqlalchemy import select

from banzu_common.messaging.contracts import TeamUpserted

from gateway_support import problem_of


def team_events(runtime, code: str) -> list[dict]:
    outbox = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.body).where(outbox.c.type == TeamUpserted.TYPE)
                                  .order_by(outbox.c.position)).all()
    return [data for data in (json.loads(row.body)["data"] for row in rows) if data["code"] == code]


def test_the_leader_must_be_a_member(client, token, tag):
    hr = token("hr")
    for code in (f"L{tag}", f"M{tag}"):
        assert client.post("/api/v1/teams", headers=hr, json={"code": code, "name": "Crew", "company": "Acme"}
                           ).status_code == 201
        assert client.post("/api/v1/workers", headers=hr, json={
            "employee_no": f"{code}1", "name": "Leader", "team_code": code, "occupation": "fitter",
            "grade": "senior"}).status_code == 201
    outsider = client.patch(f"/api/v1/teams/L{tag}", headers=hr, json={"leader": f"M{tag}1"})
    assert outsider.status_code == 422 and set(problem_of(outsider)["errors"]) == {"leader"}
    nobody = client.patch(f"/api/v1/teams/L{tag}", headers=hr, json={"leader": "NO-SUCH-WORKER"})
    assert nobody.status_code == 422
    named = client.patch(f"/api/v1/teams/L{tag}", headers=hr, json={"leader": f"L{tag}1"})
    assert named.status_code == 200 and named.get_json()["leader"] == f"L{tag}1"
    shown = client.get(f"/api/v1/teams/L{tag}", headers=hr).get_json()
    assert (shown["leader"], shown["leader_name"]) == (f"L{tag}1", "Leader")
    renamed = client.patch(f"/api/v1/teams/L{tag}", headers=hr, json={"name": "Lead crew"}).get_json()
    assert renamed["leader"] == f"L{tag}1" and renamed["name"] == "Lead crew" and renamed["company"] == "Acme"
    cleared = client.patch(f"/api/v1/teams/L{tag}", headers=hr, json={"leader": None})
    assert cleared.status_code == 200 and cleared.get_json()["leader"] is None


def test_a_new_team_has_no_member_to_lead_yet(client, token, tag):
    hr = token("hr")
    answer = client.post("/api/v1/teams", headers=hr, json={"code": f"N{tag}", "name": "New", "company": "Acme",
                                                             "leader": "ANYONE"})
    assert answer.status_code == 422 and set(problem_of(answer)["errors"]) == {"leader"}
    assert client.get(f"/api/v1/teams/N{tag}", headers=hr).status_code == 404, "nothing half-written"


def test_only_hr_changes_teams_and_unknown_teams_are_404(client, token, tag):
    assert client.patch(f"/api/v1/teams/X{tag}", headers=token("trainer"), json={"leader": 5}).status_code == 403
    assert client.patch(f"/api/v1/teams/X{tag}", headers=token("hr"), json={"name": "x"}).status_code == 404


def test_a_leader_who_moves_away_leads_no_more_and_the_event_says_so(client, token, runtime, tag):
    hr = token("hr")
    for code in (f"A{tag}", f"B{tag}"):
        client.post("/api/v1/teams", headers=hr, json={"code": code, "name": "Crew", "company": "Acme"})
    client.post("/api/v1/workers", headers=hr, json={"employee_no": f"A{tag}1", "name": "Lead", "team_code": f"A{tag}",
                                                      "occupation": "fitter", "grade": "senior"})
    assert client.patch(f"/api/v1/teams/A{tag}", headers=hr, json={"leader": f"A{tag}1"}).status_code == 200
    assert team_events(runtime, f"A{tag}")[-1]["leader"] == f"A{tag}1"
    moved = client.patch(f"/api/v1/workers/A{tag}1", headers=hr, json={"team_code": f"B{tag}"})
    assert moved.status_code == 200
    assert client.get(f"/api/v1/teams/A{tag}", headers=hr).get_json()["leader"] is None
    assert team_events(runtime, f"A{tag}")[-1]["leader"] is None

