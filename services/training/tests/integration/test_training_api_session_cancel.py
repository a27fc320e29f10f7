"""Calling a whole session off (POST /sessions/{id}/cancel): every enrollment ends and is kept with the
reason, the trainer and room are free again, and nothing can be done with the session any more."""
from __future__ import annotations

from banzu_training.adapters.tables import cancelled_enrollments
from test_training_api_recertification import expiring, refresher
from training_support import course_body, deliver, later, session_body


def schedule(client, trainer, code, starts_at, capacity=2, **overrides):
    answer = client.post("/api/v1/sessions", json=session_body(code, starts_at, capacity=capacity, **overrides),
                         headers=trainer)
    assert answer.status_code == 201, answer.json
    return answer.json


def test_cancelling_a_session_ends_seats_and_waitlist_and_keeps_the_reason(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    workers = [directory.worker(f"E{tag}{i}", team) for i in range(3)]
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    starts_at = later(days=4)
    session = schedule(client, trainer, f"C{tag}", starts_at)
    url = f"/api/v1/sessions/{session['id']}"
    for worker in workers:
        assert client.post(f"{url}/enrollments", json={"employee_no": worker}, headers=trainer).status_code == 201

    assert client.post(f"{url}/cancel", json={"reason": "x"}, headers=auth("worker", employee_no=workers[0])) \
        .status_code == 403
    blank = client.post(f"{url}/cancel", json={"reason": ""}, headers=trainer)
    assert blank.status_code == 422 and "reason" in blank.json["errors"]
    assert client.post(f"{url}/cancel", json={}, headers=trainer).status_code == 422
    assert client.post("/api/v1/sessions/999999/cancel", json={"reason": "x"}, headers=trainer).status_code == 404

    answer = client.post(f"{url}/cancel", json={"reason": "设备检修，停训一天"}, headers=trainer)
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert (body["status"], body["cancellation_reason"], body["cancelled_by"]) == \
        ("cancelled", "设备检修，停训一天", f"tr{tag}")
    assert body["enrolled"] == 0 and body["waitlisted"] == 0
    assert body["cancelled_enrollments"] == [{"employee_no": workers[0], "status": "enrolled"},
                                             {"employee_no": workers[1], "status": "enrolled"},
                                             {"employee_no": workers[2], "status": "waitlisted"}]
    with runtime.engine.connect() as connection:
        kept = connection.execute(cancelled_enrollments.select()
                                  .where(cancelled_enrollments.c.session_id == session["id"])).all()
    assert sorted(row.employee_no for row in kept) == workers, "who must be told is recorded"

    shown = client.get(url, headers=auth("worker", employee_no=workers[0])).json
    assert shown["status"] == "cancelled" and shown["cancellation_reason"] == "设备检修，停训一天"
    assert client.get(f"{url}/enrollments", headers=trainer).json["total"] == 0
    again = client.post(f"{url}/cancel", json={"reason": "twice"}, headers=trainer)
    assert again.status_code == 409 and again.json["reason"] == "session_cancelled"
    enrol = client.post(f"{url}/enrollments", json={"employee_no": workers[0]}, headers=trainer)
    assert enrol.status_code == 409 and enrol.json["reason"] == "session_cancelled"

    mine = client.get(f"/api/v1/workers/{workers[2]}/enrollments", headers=auth("worker", employee_no=workers[2]))
    assert [(row["session_id"], row["status"]) for row in mine.json["items"]] == [(session["id"], "cancelled")]
    assert mine.json["items"][0]["session"]["cancellation_reason"] == "设备检修，停训一天"
    upcoming = client.get(f"/api/v1/sessions?course=C{tag}&upcoming=true", headers=trainer).json
    assert upcoming["total"] == 0, "a cancelled session is not upcoming"

    same_slot = schedule(client, trainer, f"C{tag}", starts_at)
    assert same_slot["status"] == "scheduled", "the trainer and the room are free again"
    moved = client.post(f"/api/v1/sessions/{same_slot['id']}/enrollments", json={"employee_no": workers[0]},
                        headers=trainer)
    assert moved.status_code == 201, "the worker holds no overlapping session any more"


def test_a_started_session_cannot_be_cancelled(client, auth, directory, tag):
    trainer = auth("trainer")
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    session = schedule(client, trainer, f"C{tag}", later(minutes=-30))
    answer = client.post(f"/api/v1/sessions/{session['id']}/cancel", json={"reason": "too late"}, headers=trainer)
    assert answer.status_code == 409 and answer.json["reason"] == "session_started"
    assert client.get(f"/api/v1/sessions/{session['id']}", headers=trainer).json["status"] == "scheduled"


def planned_refresher(runtime, client, trainer, directory, tag) -> tuple[str, dict]:
    """A worker whose expiring credential `cred-<tag>` was planned into a new refresher session."""
    worker = directory.worker(f"W{tag}", directory.team(f"T{tag}"))
    type_code = f"se_{tag.lower()}"
    refresher(client, trainer, f"R{tag}", type_code)
    session = schedule(client, trainer, f"R{tag}", later(days=5))
    deliver(runtime, expiring(f"cred-{tag}", worker, type_code, later(days=30).date(), 30))
    return worker, session


def test_a_case_planned_into_a_cancelled_session_waits_again(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    worker, session = planned_refresher(runtime, client, trainer, directory, tag)
    [case] = client.get(f"/api/v1/recertifications?employee_no={worker}", headers=trainer).json["items"]
    assert case["session_id"] == session["id"]

    assert client.post(f"/api/v1/sessions/{session['id']}/cancel", json={"reason": "trainer ill"},
                       headers=trainer).status_code == 200
    [case] = client.get(f"/api/v1/recertifications?employee_no={worker}", headers=trainer).json["items"]
    assert case["status"] == "unplanned" and "session_id" not in case
