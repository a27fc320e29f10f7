"""domain.md "Training": seats, waitlist and overlaps, through the HTTP API on PostgreSQL (quality.md R6)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from banzu_common.messaging.contracts import EnrollmentChanged

from training_support import course_body, later, outbox_events, session_body


def schedule(client, trainer, tag, capacity=10, **overrides) -> int:
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    body = session_body(f"C{tag}", later(days=7), capacity=capacity, **overrides)
    answer = client.post("/api/v1/sessions", json=body, headers=trainer)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_fifty_concurrent_enrolments_for_ten_seats(app, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    workers = [directory.worker(f"E{tag}{i:02}", team) for i in range(50)]
    session_id = schedule(app.test_client(), trainer, tag, capacity=10)
    start = threading.Barrier(len(workers))

    def enrol(employee_no):
        client = app.test_client()
        start.wait()
        answer = client.post(f"/api/v1/sessions/{session_id}/enrollments", json={"employee_no": employee_no},
                             headers=trainer)
        return employee_no, answer.status_code, answer.json

    with ThreadPoolExecutor(max_workers=len(workers)) as pool:
        answers = list(pool.map(enrol, workers))

    assert {status for _, status, _ in answers} == {201}, answers
    statuses = [body["status"] for _, _, body in answers]
    assert statuses.count("enrolled") == 10 and statuses.count("waitlisted") == 40
    positions = {no: body["position"] for no, _, body in answers if body["status"] == "waitlisted"}
    assert sorted(positions.values()) == list(range(1, 41)), "each waitlisted worker got their own place"

    client = app.test_client()
    roster = client.get(f"/api/v1/sessions/{session_id}/enrollments?per_page=100", headers=trainer).json
    assert roster["total"] == 50
    waitlist = [row for row in roster["items"] if row["status"] == "waitlisted"]
    assert [row["position"] for row in waitlist] == list(range(1, 41))
    assert {row["employee_no"]: row["position"] for row in waitlist} == positions, "the order of arrival holds"

    leaver = next(row["employee_no"] for row in roster["items"] if row["status"] == "enrolled")
    first_waiting = waitlist[0]["employee_no"]
    answer = client.delete(f"/api/v1/sessions/{session_id}/enrollments/{leaver}", headers=trainer)
    assert answer.status_code == 200 and answer.json["promoted"] == first_waiting, answer.json
    roster = client.get(f"/api/v1/sessions/{session_id}/enrollments?per_page=100", headers=trainer).json
    rows = {row["employee_no"]: row for row in roster["items"]}
    assert leaver not in rows and rows[first_waiting]["status"] == "enrolled"
    assert sum(row["status"] == "enrolled" for row in rows.values()) == 10
    assert rows[waitlist[1]["employee_no"]]["position"] == 1, "the waitlist moved up"


def test_schedule_and_enrolment_refusals(client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    worker = directory.worker(f"E{tag}", team)
    session_id = schedule(client, trainer, tag)
    session = client.get(f"/api/v1/sessions?course=C{tag}", headers=trainer).json["items"][0]
    assert session["trainer"] == f"tr{tag}", "the trainer defaults to the caller"
    assert session["capacity"] == 10 and session["free_seats"] == 10

    def schedule_again(**changes):
        body = session_body(f"C{tag}", later(days=7), **changes)
        return client.post("/api/v1/sessions", json=body, headers=trainer)

    clash = schedule_again(location="Elsewhere")
    assert clash.status_code == 409 and clash.json["reason"] == "trainer_busy", clash.json
    assert clash.content_type == "application/problem+json"
    room = schedule_again(trainer="someone.else", location=f"  room c{tag.lower()} ")
    assert room.status_code == 409 and room.json["reason"] == "location_busy", room.json

    url = f"/api/v1/sessions/{session_id}/enrollments"
    assert client.post(url, json={"employee_no": worker}, headers=trainer).status_code == 201
    twice = client.post(url, json={"employee_no": worker}, headers=trainer)
    assert twice.status_code == 409 and twice.json["reason"] == "already_enrolled"

    overlapping = schedule_again(trainer="someone.else", location="Other hall", capacity=5)
    assert overlapping.status_code == 201, overlapping.json
    busy = client.post(f"/api/v1/sessions/{overlapping.json['id']}/enrollments", json={"employee_no": worker},
                       headers=trainer)
    assert busy.status_code == 409 and busy.json["reason"] == "overlapping_session", busy.json

    started = client.post("/api/v1/sessions", headers=trainer, json=session_body(
        f"C{tag}", later(hours=-1), location="Past hall", trainer="past.trainer"))
    assert started.status_code == 201
    late = client.post(f"/api/v1/sessions/{started.json['id']}/enrollments", json={"employee_no": worker},
                       headers=trainer)
    assert late.status_code == 409 and late.json["reason"] == "session_started"

    stranger = client.post(url, json={"employee_no": f"NOBODY{tag}"}, headers=trainer)
    assert stranger.status_code == 422 and stranger.json["reason"] == "unknown_worker"
    assert "employee_no" in stranger.json["errors"]
    assert client.post("/api/v1/sessions/999999/enrollments", json={"employee_no": worker},
                       headers=trainer).status_code == 404
    assert client.post(f"/api/v1/sessions/{2**40}/enrollments", json={"employee_no": worker},
                       headers=trainer).status_code == 404
    assert client.delete(f"{url}/NOBODY{tag}", headers=trainer).status_code == 404


def test_invalid_bodies_are_problems_per_field(client, auth, tag):
    trainer = auth("trainer")
    answer = client.post("/api/v1/courses", json=course_body(f"C{tag}", hours="-1", pass_score=120), headers=trainer)
    assert answer.status_code == 422 and set(answer.json["errors"]) == {"hours", "pass_score"}, answer.json
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    again = client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer)
    assert again.status_code == 409 and again.json["reason"] == "course_exists"
    naive = session_body(f"C{tag}", later(days=3))
    naive["starts_at"] = naive["starts_at"][:19]
    assert client.post("/api/v1/sessions", json=naive, headers=trainer).status_code == 422
    backwards = session_body(f"C{tag}", later(days=3), hours=-1)
    answer = client.post("/api/v1/sessions", json=backwards, headers=trainer)
    assert answer.status_code == 422 and "ends_at" in answer.json["errors"]
    unknown = client.post("/api/v1/sessions", json=session_body(f"NOPE{tag}", later(days=3)), headers=trainer)
    assert unknown.status_code == 422 and "course_code" in unknown.json["errors"]
    garbage = client.post("/api/v1/sessions", data=b"{not json",
                          headers={**trainer, "Content-Type": "application/json"})
    assert garbage.status_code in (400, 422) and garbage.content_type == "application/problem+json"
    listed = client.get("/api/v1/courses?per_page=501", headers=trainer)
    assert listed.status_code == 422


def test_a_seat_from_the_waitlist_and_a_cancelled_session_are_events_for_the_people(client, auth, directory, runtime,
                                                                                    tag):
    """banzu.training.enrollment.changed.v1: recorded with the change, for what the worker did not ask."""
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    first, second, third = (directory.worker(f"Q{tag}{n}", team) for n in range(3))
    session_id = schedule(client, trainer, tag, capacity=1, location="Room 7")
    for employee_no in (first, second, third):
        assert client.post(f"/api/v1/sessions/{session_id}/enrollments", json={"employee_no": employee_no},
                           headers=trainer).status_code == 201
    assert client.delete(f"/api/v1/sessions/{session_id}/enrollments/{first}", headers=trainer).status_code == 200

    def changes(employee_no):
        return [e.contract() for e in outbox_events(runtime, employee_no) if e.type == EnrollmentChanged.TYPE]

    assert changes(first) == [] and changes(third) == [], "the leaver asked; the third is still waiting"
    [seat] = changes(second)
    assert (seat.session_id, seat.status, seat.reason, seat.location, seat.course_title) == (
        session_id, "enrolled", "enrolled_from_waitlist", "Room 7", f"Course C{tag}")
    assert client.post(f"/api/v1/sessions/{session_id}/cancel", json={"reason": "Trainer ill"},
                       headers=trainer).status_code == 200
    assert [(c.status, c.reason) for c in changes(third)] == [("cancelled", "session_cancelled")]
    assert [c.reason for c in changes(second)] == ["enrolled_from_waitlist", "session_cancelled"]
