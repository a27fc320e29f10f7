"""A worker leaves the company (domain.md "Things people need to change", api.md 1.2
`POST /workers/{employee_no}/leave`): out of the team's lists and its leadership, sign-ins stopped,
the record kept as it was, and the directory event saying so in the same transaction."""
from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from banzu_common.messaging.contracts import WorkerUpserted

from banzu_gateway.adapters.tables import metadata
from gateway_support import CREW_PASSWORD, problem_of

audit_log, outbox = metadata.tables["audit_log"], metadata.tables["outbox"]


def sign_in(client, username: str):
    return client.post("/api/v1/auth/token", json={"username": username, "password": CREW_PASSWORD})


def worker_events(runtime, employee_no: str) -> list[dict]:
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.body).where(outbox.c.type == WorkerUpserted.TYPE,
                                                              outbox.c.body.contains(employee_no))
                                  .order_by(outbox.c.position)).all()
    return [data for data in (json.loads(row.body)["data"] for row in rows) if data["employee_no"] == employee_no]


def test_a_leaver_leaves_the_team_its_leadership_and_every_sign_in(client, token, runtime, crew):
    hr = token("hr")
    signed_in = {"Authorization": f"Bearer {sign_in(client, crew['username']).get_json()['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=signed_in).status_code == 200
    yesterday = date.today() - timedelta(days=1)

    answer = client.post(f"/api/v1/workers/{crew['leader']}/leave", headers=hr,
                         json={"left_on": yesterday.isoformat(), "reason": "Moved to another city"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["employee_no"], body["status"], body["left_on"], body["left_reason"]) == (
        crew["leader"], "left", yesterday.isoformat(), "Moved to another city")
    assert body["accounts_deactivated"] == [crew["username"]]
    assert body["no_longer_leads"] == crew["team"], "the answer says the team has no leader now"

    assert client.get(f"/api/v1/teams/{crew['team']}", headers=hr).get_json()["leader"] is None
    members = client.get("/api/v1/workers", headers=hr, query_string={"team": crew["team"]}).get_json()
    assert [w["employee_no"] for w in members["items"]] == [crew["member"]], "active workers unless asked"
    gone = client.get("/api/v1/workers", headers=hr, query_string={"team": crew["team"], "status": "left"}).get_json()
    assert [(w["employee_no"], w["status"], w["left_on"]) for w in gone["items"]] == [
        (crew["leader"], "left", yesterday.isoformat())]
    everyone = client.get("/api/v1/workers", headers=hr, query_string={"team": crew["team"], "status": "all"})
    assert [(w["employee_no"], w["status"]) for w in everyone.get_json()["items"]] == [
        (crew["leader"], "left"), (crew["member"], "active")]
    assert client.get(f"/api/v1/workers/{crew['member']}", headers=hr).get_json()["status"] == "active"
    assert client.get(f"/api/v1/workers/{crew['member']}", headers=hr).get_json()["left_on"] is None
    organizer = client.get("/api/v1/workers", headers=token("organizer"),
                           query_string={"q": crew["leader"], "status": "left"}).get_json()["items"][0]
    assert organizer["status"] == "left" and "left_reason" not in organizer, "the reason is not the organizer's"

    assert client.get("/api/v1/auth/me", headers=signed_in).status_code == 401, "the open sign-in ends at once"
    again = sign_in(client, crew["username"])
    assert again.status_code in (401, 403) and "access_token" not in problem_of(again), "no new sign-in"

    event = worker_events(runtime, crew["leader"])[-1]
    assert (event["status"], event["left_on"], event["team_code"]) == ("left", yesterday.isoformat(), crew["team"])
    with runtime.engine.connect() as connection:
        trail = connection.execute(select(audit_log.c.action, audit_log.c.kind, audit_log.c.thing_id,
                                          audit_log.c.after).where(audit_log.c.thing_id.in_(
                                              [crew["leader"], crew["username"], crew["team"]]))
                                   .order_by(audit_log.c.id)).all()
    said = [(row.action, row.kind) for row in trail]
    assert ("leave", "worker") in said and ("step_down", "team") in said
    assert any(row.kind == "user" and row.after["active"] is False for row in trail)
    assert next(row.after for row in trail if row.action == "leave") == {
        "status": "left", "left_on": yesterday.isoformat(), "left_reason": "Moved to another city"}


def test_leaving_twice_editing_a_leaver_and_naming_them_leader_are_refused(client, token, runtime, crew):
    hr = token("hr")
    today = date.today().isoformat()
    assert client.post(f"/api/v1/workers/{crew['member']}/leave", headers=hr,
                       json={"left_on": today, "reason": "Retired"}).status_code == 200
    twice = client.post(f"/api/v1/workers/{crew['member']}/leave", headers=hr,
                        json={"left_on": today, "reason": "Retired again"})
    assert twice.status_code == 409 and problem_of(twice)["reason"] == "already_left"
    assert problem_of(twice)["left_on"] == today
    for change in ({"name": "Back again"}, {"team_code": crew["team"]}, {"grade": "senior"}):
        edited = client.patch(f"/api/v1/workers/{crew['member']}", headers=hr, json=change)
        assert edited.status_code == 409 and problem_of(edited)["reason"] == "worker_left", change
    assert client.get(f"/api/v1/workers/{crew['member']}", headers=hr).get_json()["name"] == "马师傅"
    leader = client.patch(f"/api/v1/teams/{crew['team']}", headers=hr, json={"leader": crew["member"]})
    assert leader.status_code == 422 and problem_of(leader)["errors"]["leader"] == [
        f"{crew['member']!r} has left the company."]
    assert len(worker_events(runtime, crew["member"])) == 2, "created, left: nothing after"


@pytest.mark.parametrize("body, field", [
    ({"left_on": (date.today() + timedelta(days=1)).isoformat(), "reason": "Planned"}, "left_on"),
    ({"left_on": date.today().isoformat(), "reason": "   "}, "reason"),
    ({"left_on": date.today().isoformat()}, "reason"),
    ({"reason": "No day"}, "left_on"),
    ({"left_on": "1999-12-31", "reason": "Too early"}, "left_on"),
    ({"left_on": "not a day", "reason": "x"}, "left_on"),
])
def test_a_leave_needs_a_day_not_after_today_and_a_reason(client, token, runtime, crew, body, field):
    answer = client.post(f"/api/v1/workers/{crew['member']}/leave", headers=token("hr"), json=body)
    assert answer.status_code == 422 and list(problem_of(answer)["errors"]) == [field], answer.get_json()
    assert client.get(f"/api/v1/workers/{crew['member']}", headers=token("hr")).get_json()["status"] == "active"
    assert len(worker_events(runtime, crew["member"])) == 1, "nothing written"


def test_only_hr_records_a_leave_of_a_known_worker(client, token, crew):
    body = {"left_on": date.today().isoformat(), "reason": "Left"}
    for caller in (token("trainer"), token("organizer"), token("worker", employee_no=crew["member"])):
        assert client.post(f"/api/v1/workers/{crew['member']}/leave", headers=caller, json=body).status_code == 403
    assert client.post(f"/api/v1/workers/{crew['member']}/leave", json=body).status_code == 401
    unknown = client.post(f"/api/v1/workers/NOPE{crew['member']}/leave", headers=token("hr"), json=body)
    assert unknown.status_code == 404 and problem_of(unknown)["status"] == 404
    assert client.get("/api/v1/workers", headers=token("hr"), query_string={"status": "gone"}).status_code == 422


def test_an_import_does_not_bring_a_leaver_back(client, token, runtime, crew):
    hr = token("hr")
    client.post(f"/api/v1/workers/{crew['member']}/leave", headers=hr,
                json={"left_on": date.today().isoformat(), "reason": "Left"})
    text = ("employee_no,name,team_code,occupation,grade\n"
            f"{crew['member']},马师傅,{crew['team']},electrician,junior\n"
            f"{crew['leader']},林班长,{crew['team']},electrician,technician\n")
    same = client.post("/api/v1/workers/import", headers=hr, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(text.encode()), "workers.csv")})
    assert same.status_code == 200 and same.get_json()["errors"] == [], "an unchanged row of a leaver is no change"
    assert (same.get_json()["unchanged"], same.get_json()["updated"]) == (1, 1)
    moved = text.replace(f"{crew['member']},马师傅", f"{crew['member']},Ma Returned")
    refused = client.post("/api/v1/workers/import", headers=hr, content_type="multipart/form-data",
                          query_string={"partial": "true"}, data={"file": (io.BytesIO(moved.encode()), "workers.csv")})
    assert refused.get_json()["errors"] == [{"row": 2, "field": "employee_no", "message": "has left the company"}]
    assert client.get(f"/api/v1/workers/{crew['member']}", headers=hr).get_json()["name"] == "马师傅"
