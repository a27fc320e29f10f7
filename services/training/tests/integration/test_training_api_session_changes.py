"""domain.md 1.2 "Things people need to change": a session's time, place and capacity until it starts
(PATCH /sessions/{id}), and a plan's courses by month during its year (PATCH /plans/{id})."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from banzu_common.messaging.contracts import EnrollmentChanged

from test_training_api_session_cancel import planned_refresher
from training_support import course_body, later, outbox_events, session_body

API = "/api/v1"


def scheduled(client, trainer, code, starts_at, capacity=10, **overrides) -> dict:
    answer = client.post(f"{API}/sessions", json=session_body(code, starts_at, capacity=capacity, **overrides),
                         headers=trainer)
    assert answer.status_code == 201, answer.json
    return answer.json


def full_session(client, trainer, directory, tag, capacity=10, people=13) -> tuple[dict, list[str]]:
    """A session of `capacity` seats with `people` workers enrolled in order (the rest waitlisted)."""
    team = directory.team(f"T{tag}")
    workers = [directory.worker(f"E{tag}{i:02}", team) for i in range(1, people + 1)]
    assert client.post(f"{API}/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    session = scheduled(client, trainer, f"C{tag}", later(days=6), capacity=capacity)
    for worker in workers:
        assert client.post(f"{API}/sessions/{session['id']}/enrollments", json={"employee_no": worker},
                           headers=trainer).status_code == 201
    return session, workers


def told(runtime, employee_no: str) -> list[dict]:
    return [e.data for e in outbox_events(runtime, employee_no) if e.type == EnrollmentChanged.TYPE]


def statuses(client, trainer, session_id) -> dict[str, str]:
    roster = client.get(f"{API}/sessions/{session_id}/enrollments?per_page=100", headers=trainer).json
    return {row["employee_no"]: row["status"] for row in roster["items"]}


def test_raising_the_capacity_from_10_to_12_seats_the_first_two_waitlisted_and_tells_them(
        runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    session, workers = full_session(client, trainer, directory, tag)
    url = f"{API}/sessions/{session['id']}"

    answer = client.patch(url, json={"capacity": 12}, headers=trainer)
    assert answer.status_code == 200, answer.json
    assert (answer.json["capacity"], answer.json["enrolled"], answer.json["waitlisted"]) == (12, 12, 1)
    assert answer.json["enrolled_from_waitlist"] == [workers[10], workers[11]]
    held = statuses(client, trainer, session["id"])
    assert [held[w] for w in workers[10:]] == ["enrolled", "enrolled", "waitlisted"]
    for seated in workers[10:12]:
        [notice] = told(runtime, seated)
        assert (notice["reason"], notice["status"]) == ("enrolled_from_waitlist", "enrolled")
    assert told(runtime, workers[12]) == [] and told(runtime, workers[0]) == [], "a new capacity alone moves nobody"

    entries = client.get(f"{API}/audit", query_string={"kind": "session", "id": str(session["id"])},
                         headers=auth("admin")).json["items"]
    assert (entries[0]["action"], entries[0]["actor"]) == ("change", f"tr{tag}")
    assert (entries[0]["before"]["capacity"], entries[0]["after"]["capacity"]) == (10, 12)


def test_lowering_the_capacity_below_the_seats_taken_is_refused_saying_how_many(client, auth, directory, tag):
    trainer = auth("trainer")
    session, _ = full_session(client, trainer, directory, tag, capacity=10, people=6)
    url = f"{API}/sessions/{session['id']}"
    refused = client.patch(url, json={"capacity": 5}, headers=trainer)
    assert refused.status_code == 409
    assert (refused.json["reason"], refused.json["enrolled"]) == ("capacity_below_enrolled", 6)
    assert "6 workers are enrolled" in refused.json["detail"]
    lowered = client.patch(url, json={"capacity": 6}, headers=trainer)
    assert lowered.status_code == 200 and (lowered.json["capacity"], lowered.json["free_seats"]) == (6, 0)


def test_moving_the_time_and_place_tells_everyone_holding_a_place(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    session, workers = full_session(client, trainer, directory, tag, capacity=2, people=3)
    starts_at = later(days=9)
    answer = client.patch(f"{API}/sessions/{session['id']}", headers=trainer, json={
        "starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
        "location": "Hall 2"})
    assert answer.status_code == 200, answer.json
    assert answer.json["location"] == "Hall 2" and answer.json["credited_hours"] == "2.00"
    assert answer.json["enrolled_from_waitlist"] == []
    for worker, status in zip(workers, ["enrolled", "enrolled", "waitlisted"]):
        [notice] = told(runtime, worker)
        assert (notice["reason"], notice["status"], notice["location"]) == ("session_moved", status, "Hall 2")
        assert notice["starts_at"] == starts_at.isoformat()
    listed = client.get(f"{API}/sessions?course=C{tag}&from={starts_at.date()}", headers=trainer).json
    assert [s["id"] for s in listed["items"]] == [session["id"]], "the session is found on its new day"


def test_a_new_time_keeps_the_overlap_rule_and_seats_and_moves_at_once(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    session, workers = full_session(client, trainer, directory, tag, capacity=1, people=2)
    other = scheduled(client, trainer, f"C{tag}", later(days=12), location=f"Hall {tag}")
    url = f"{API}/sessions/{session['id']}"
    clash = client.patch(url, json={"starts_at": other["starts_at"], "ends_at": other["ends_at"]}, headers=trainer)
    assert clash.status_code == 409 and clash.json["reason"] == "trainer_busy"
    assert client.get(url, headers=trainer).json["starts_at"] == session["starts_at"], "a refused move moves nothing"
    assert told(runtime, workers[0]) == []

    both = client.patch(url, json={"location": "Hall 3", "capacity": 2}, headers=trainer)
    assert both.status_code == 200 and both.json["enrolled_from_waitlist"] == [workers[1]]
    assert [n["reason"] for n in told(runtime, workers[0])] == ["session_moved"]
    assert [n["reason"] for n in told(runtime, workers[1])] == ["enrolled_from_waitlist"], \
        "the one just seated is told once, of the seat at the new place"
    assert told(runtime, workers[1])[0]["location"] == "Hall 3"
    unchanged = client.patch(url, json={"location": "  hall 3 "}, headers=trainer)
    assert unchanged.status_code == 200 and len(told(runtime, workers[0])) == 1, "the same room is not a move"


def test_a_started_session_and_bad_changes_are_refused(client, auth, directory, tag):
    trainer = auth("trainer")
    assert client.post(f"{API}/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    started = scheduled(client, trainer, f"C{tag}", later(minutes=-30))
    refused = client.patch(f"{API}/sessions/{started['id']}", json={"capacity": 20}, headers=trainer)
    assert refused.status_code == 409 and refused.json["reason"] == "session_started"

    future = scheduled(client, trainer, f"C{tag}", later(days=3))
    url = f"{API}/sessions/{future['id']}"
    empty = client.patch(url, json={}, headers=trainer)
    assert empty.status_code == 422 and empty.json["reason"] == "empty_patch"
    assert client.patch(url, json={"capacity": 20}, headers=auth("worker", employee_no="E1")).status_code == 403
    assert client.patch(f"{API}/sessions/999999", json={"capacity": 20}, headers=trainer).status_code == 404
    backwards = client.patch(url, json={"ends_at": later(days=2).isoformat()}, headers=trainer)
    assert backwards.status_code == 422 and "ends_at" in backwards.json["errors"]
    past = client.patch(url, json={"starts_at": later(days=-2).isoformat(), "ends_at": later(days=-2, hours=2)
                                   .isoformat()}, headers=trainer)
    assert past.status_code == 422 and past.json["errors"] == {"starts_at": ["must not be in the past"]}
    assert client.patch(url, json={"capacity": 0}, headers=trainer).status_code == 422
    assert client.post(f"{url}/cancel", json={"reason": "x"}, headers=trainer).status_code == 200
    cancelled = client.patch(url, json={"capacity": 20}, headers=trainer)
    assert cancelled.status_code == 409 and cancelled.json["reason"] == "session_cancelled"


def test_two_capacity_raises_at_once_do_not_seat_more_than_the_capacity(runtime, app, auth, directory, tag):
    trainer = auth("trainer")
    session, workers = full_session(app.test_client(), trainer, directory, tag, capacity=10, people=13)
    start = threading.Barrier(2)

    def raise_to(capacity):
        client = app.test_client()
        start.wait()
        answer = client.patch(f"{API}/sessions/{session['id']}", json={"capacity": capacity}, headers=trainer)
        return answer.status_code, answer.json

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(raise_to, [12, 12]))
    assert [status for status, _ in answers] == [200, 200], answers
    assert sorted(len(body["enrolled_from_waitlist"]) for _, body in answers) == [0, 2]
    held = statuses(app.test_client(), trainer, session["id"])
    assert list(held.values()).count("enrolled") == 12 and held[workers[12]] == "waitlisted"
    assert sum(len(told(runtime, w)) for w in workers) == 2, "each seated worker is told once"


def test_a_moved_refresher_tells_the_planned_worker_which_certificate_it_renews(runtime, client, auth, directory,
                                                                                 tag):
    trainer = auth("trainer")
    worker, session = planned_refresher(runtime, client, trainer, directory, tag)
    moved = client.patch(f"{API}/sessions/{session['id']}", json={"location": "Hall 9"}, headers=trainer)
    assert moved.status_code == 200
    notice = told(runtime, worker)[-1]
    assert (notice["reason"], notice["credential_id"], notice["location"]) == ("session_moved", f"cred-{tag}",
                                                                                 "Hall 9")


def test_a_plan_changes_its_courses_by_month_during_its_year(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    for code in (f"A{tag}", f"B{tag}"):
        assert client.post(f"{API}/courses", json=course_body(code), headers=trainer).status_code == 201
    year = later().year
    plan = client.post(f"{API}/plans", json={"team_code": team, "year": year,
                                             "items": [{"course_code": f"A{tag}", "month": 3}]}, headers=trainer).json
    url = f"{API}/plans/{plan['id']}"

    items = [{"course_code": f"B{tag}", "month": 5}, {"course_code": f"A{tag}", "month": 11}]
    answer = client.patch(url, json={"items": items, "target_hours_per_person": 60}, headers=trainer)
    assert answer.status_code == 200, answer.json
    assert (answer.json["items"], answer.json["target_hours_per_person"], answer.json["year"]) == \
        (items, "60.00", year)
    assert client.get(url, headers=auth("hr")).json["items"] == items
    assert client.get(f"{url}/progress", headers=trainer).json["planned"] == 2

    unknown = client.patch(url, json={"items": [items[0], {"course_code": "NOPE", "month": 1}]}, headers=trainer)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"items[1].course_code": ["There is no course 'NOPE'."]}
    assert client.patch(url, json={"items": [{"course_code": f"A{tag}", "month": 13}]}, headers=trainer) \
        .status_code == 422
    assert client.patch(url, json={}, headers=trainer).json["reason"] == "empty_patch"
    assert client.patch(url, json={"items": []}, headers=auth("hr")).status_code == 403
    assert client.patch(f"{API}/plans/999999", json={"items": []}, headers=trainer).status_code == 404
    assert client.get(url, headers=trainer).json["items"] == items, "refused changes changed nothing"
    [entry] = [e for e in client.get(f"{API}/audit", query_string={"kind": "plan", "id": str(plan["id"])},
                                     headers=auth("admin")).json["items"] if e["action"] == "change"]
    assert entry["actor"] == f"tr{tag}" and len(entry["after"]["items"]) == 2

    past = client.post(f"{API}/plans", json={"team_code": team, "year": year - 1, "items": []}, headers=trainer).json
    over = client.patch(f"{API}/plans/{past['id']}", json={"items": items}, headers=trainer)
    assert over.status_code == 409 and over.json["reason"] == "plan_year_over"
