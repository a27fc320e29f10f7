"""The reads and small writes the console's pages need: a course edited, sessions filtered by trainer,
occupation, upcoming or needing attendance, one worker's enrollment and their list of enrollments,
plans listed with hours per member, programme progress per worker, mentorships listed, and a trainer
planning an unplanned recertification case into a session of their choice."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from decimal import Decimal

from banzu_training.domain import AttendanceMark
from test_training_api_certification import record
from test_training_api_recertification import expiring, refresher
from training_support import course_body, deliver, later, session_body


def created(answer):
    assert answer.status_code == 201, answer.json
    return answer.json


def test_a_course_is_read_and_edited_by_trainers_only(client, auth, tag):
    trainer = auth("trainer")
    code = f"C{tag}"
    created(client.post("/api/v1/courses", json=course_body(code), headers=trainer))
    assert client.get(f"/api/v1/courses/{code}", headers=auth("worker", employee_no="E1")).json["title"] == \
        f"Course {code}"
    assert client.get(f"/api/v1/courses/NO{tag}", headers=trainer).status_code == 404

    worker = client.patch(f"/api/v1/courses/{code}", json={"title": "x"}, headers=auth("worker", employee_no="E1"))
    assert worker.status_code == 403
    bad = client.patch(f"/api/v1/courses/{code}", json={"hours": 0, "pass_score": 101}, headers=trainer)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"hours", "pass_score"}, bad.json
    assert client.patch(f"/api/v1/courses/{code}", json={"code": "other"}, headers=trainer).status_code == 422
    changed = client.patch(f"/api/v1/courses/{code}", json={"title": "焊接安全", "pass_score": "60"}, headers=trainer)
    assert changed.status_code == 200, changed.json
    assert (changed.json["code"], changed.json["title"], changed.json["pass_score"], changed.json["hours"]) == \
        (code, "焊接安全", "60.00", "4.00")
    removed = client.patch(f"/api/v1/courses/{code}", json={"pass_score": None}, headers=trainer)
    assert removed.json["pass_score"] is None
    assert client.patch(f"/api/v1/courses/NO{tag}", json={"title": "x"}, headers=trainer).status_code == 404


def test_sessions_filter_and_workers_see_their_claims(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    first, second = directory.worker(f"A{tag}", team), directory.worker(f"B{tag}", team)
    directory.occupation(f"welder{tag}"), directory.occupation(f"other{tag}")
    created(client.post("/api/v1/courses", json=course_body(f"W{tag}", occupation=f"welder{tag}"), headers=trainer))
    created(client.post("/api/v1/courses", json=course_body(f"X{tag}", occupation=f"other{tag}"), headers=trainer))
    upcoming = created(client.post("/api/v1/sessions", json=session_body(f"W{tag}", later(days=3), capacity=1),
                                   headers=trainer))
    elsewhere = created(client.post("/api/v1/sessions", headers=auth("trainer"),
                                    json=session_body(f"X{tag}", later(days=3), location=f"Hall {tag}")))
    longer = created(client.post("/api/v1/sessions", json=session_body(f"W{tag}", later(days=6), hours=2.2),
                                  headers=trainer))
    assert longer["credited_hours"] == "2.00", "2 h 12 min rounds to 2 hours"
    url = f"/api/v1/sessions/{upcoming['id']}/enrollments"
    me = auth("worker", employee_no=second)
    created(client.post(url, json={"employee_no": first}, headers=auth("worker", employee_no=first)))
    assert created(client.post(url, json={"employee_no": second}, headers=me))["position"] == 1
    for worker in (first, second):
        created(client.post(f"/api/v1/sessions/{longer['id']}/enrollments", json={"employee_no": worker},
                            headers=trainer))

    by_trainer = client.get(f"/api/v1/sessions?trainer=tr{tag}", headers=trainer).json["items"]
    assert [s["id"] for s in by_trainer] == [upcoming["id"], longer["id"]]
    assert (by_trainer[0]["enrolled"], by_trainer[0]["waitlisted"], by_trainer[0]["free_seats"]) == (1, 1, 0)
    by_occupation = client.get(f"/api/v1/sessions?occupation=other{tag}", headers=me).json["items"]
    assert [s["id"] for s in by_occupation] == [elsewhere["id"]]
    assert client.get(f"/api/v1/sessions?trainer=tr{tag}&needs_attendance=true", headers=trainer).json["total"] == 0

    mine = client.get(f"{url}/{second}", headers=me)
    assert mine.status_code == 200 and (mine.json["status"], mine.json["position"]) == ("waitlisted", 1)
    assert client.get(f"{url}/{first}", headers=me).status_code == 403, "another worker's claim is theirs"
    assert client.get(f"/api/v1/sessions/{elsewhere['id']}/enrollments/{second}", headers=me).status_code == 404
    listed = client.get(f"/api/v1/workers/{second}/enrollments", headers=me).json["items"]
    assert [(row["session_id"], row["status"], row.get("position")) for row in listed] == \
        [(upcoming["id"], "waitlisted", 1), (longer["id"], "enrolled", None)]
    assert listed[0]["session"]["course_code"] == f"W{tag}"
    assert client.get(f"/api/v1/workers/{first}/enrollments", headers=me).status_code == 403
    names = [row["name"] for row in client.get(url, headers=trainer).json["items"]]
    assert names == [f"Worker {first}", f"Worker {second}"]

    now = datetime.fromisoformat(longer["starts_at"]) + timedelta(minutes=5)
    record(runtime, longer["id"], [AttendanceMark(first, True)], now)
    sheet = client.get(f"/api/v1/sessions/{longer['id']}/attendance", headers=trainer).json
    assert [(r["employee_no"], r["hours"], r["completed"]) for r in sheet["records"]] == [(first, "2.00", True)]
    assert client.get(f"/api/v1/sessions/{longer['id']}/attendance", headers=me).status_code == 403


def test_sessions_needing_attendance(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    first, second = directory.worker(f"A{tag}", team), directory.worker(f"B{tag}", team)
    created(client.post("/api/v1/courses", json=course_body(f"W{tag}"), headers=trainer))
    starts_at = later(seconds=2)
    session = created(client.post("/api/v1/sessions", json=session_body(f"W{tag}", starts_at), headers=trainer))
    for worker in (first, second):
        created(client.post(f"/api/v1/sessions/{session['id']}/enrollments", json={"employee_no": worker},
                            headers=trainer))
    listing = f"/api/v1/sessions?trainer=tr{tag}&needs_attendance=true"
    deadline = starts_at + timedelta(seconds=30)
    while client.get(listing, headers=trainer).json["total"] == 0:  # until the session has started
        assert datetime.now(starts_at.tzinfo) < deadline, "the started session is listed as needing attendance"
        time.sleep(0.2)
    record(runtime, session["id"], [AttendanceMark(first, True)], starts_at + timedelta(minutes=1))
    [still] = client.get(listing, headers=trainer).json["items"]
    assert still["attendance_recorded"] == 1, "one seated worker still has no record"
    record(runtime, session["id"], [AttendanceMark(second, False)], starts_at + timedelta(minutes=1))
    assert client.get(listing, headers=trainer).json["total"] == 0


def test_plans_are_listed_with_hours_per_member(runtime, client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    team = directory.team(f"T{tag}")
    members = [directory.worker(f"E{tag}{i}", team) for i in range(3)]
    created(client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer))
    starts_at = later(days=2)
    session = created(client.post("/api/v1/sessions", json=session_body(f"C{tag}", starts_at), headers=trainer))
    for worker in members:
        created(client.post(f"/api/v1/sessions/{session['id']}/enrollments", json={"employee_no": worker},
                            headers=trainer))
    record(runtime, session["id"], [AttendanceMark(no, True, Decimal(h)) for no, h in zip(members, (10, 40, 90))],
           starts_at + timedelta(minutes=1))
    year = starts_at.year
    plan = created(client.post("/api/v1/plans", json={"team_code": team, "year": year,
                                                      "items": [{"course_code": f"C{tag}", "month": 3}]},
                               headers=trainer))

    listed = client.get(f"/api/v1/plans?team={team}", headers=auth("hr")).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == plan["id"]
    assert client.get(f"/api/v1/plans?team={team}", headers=auth("worker", employee_no=members[0])).status_code == 403
    assert client.get(f"/api/v1/plans/{plan['id']}", headers=trainer).json["items"] == \
        [{"course_code": f"C{tag}", "month": 3}]
    assert client.get("/api/v1/plans/999999", headers=trainer).status_code == 404
    progress = client.get(f"/api/v1/plans/{plan['id']}/progress", headers=trainer).json
    assert (progress["hours_per_person"], progress["workers_on_target"], progress["share_on_target"]) == \
        ("46.67", 1, "33.33")
    assert [(m["employee_no"], m["hours"], m["on_target"]) for m in progress["members"]] == \
        [(members[0], "10.00", False), (members[1], "40.00", False), (members[2], "90.00", True)]
    assert progress["members"][0]["name"] == f"Worker {members[0]}"

    record_of_worker = client.get(f"/api/v1/workers/{members[0]}/training?year={year}",
                                  headers=auth("worker", employee_no=members[0])).json
    assert record_of_worker["hours"] == "10.00"
    assert record_of_worker["plan"] == {"id": plan["id"], "team_code": team, "target_hours_per_person": "80.00"}
    other_year = client.get(f"/api/v1/workers/{members[0]}/training?year={year - 1}", headers=trainer).json
    assert other_year["plan"] is None


def test_programme_progress_per_worker(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    occupation = directory.occupation(f"fitter{tag}")
    passed = directory.worker(f"P{tag}", team, occupation=occupation)
    waiting = directory.worker(f"W{tag}", team, occupation=occupation)
    created(client.post("/api/v1/courses", json=course_body(f"C{tag}", hours=3, occupation=occupation),
                        headers=trainer))
    created(client.post("/api/v1/courses", json=course_body(f"D{tag}", occupation=occupation), headers=trainer))
    created(client.post("/api/v1/certification-programs", headers=trainer, json={
        "code": f"P{tag}", "name": "Fitter", "occupation": occupation, "grade": "intermediate",
        "credential_type": "skill_level", "courses": [f"C{tag}", f"D{tag}"], "min_hours": 5}))
    starts_at = later(days=1)
    session = created(client.post("/api/v1/sessions", json=session_body(f"C{tag}", starts_at), headers=trainer))
    created(client.post(f"/api/v1/sessions/{session['id']}/enrollments", json={"employee_no": passed},
                        headers=trainer))
    record(runtime, session["id"], [AttendanceMark(passed, True)], starts_at + timedelta(minutes=1))

    assert client.get(f"/api/v1/certification-programs/P{tag}", headers=auth("worker", employee_no=passed)) \
        .json["courses"] == [f"C{tag}", f"D{tag}"]
    assert client.get(f"/api/v1/certification-programs/P{tag}/progress",
                      headers=auth("worker", employee_no=passed)).status_code == 403
    assert client.get(f"/api/v1/certification-programs/NO{tag}/progress", headers=trainer).status_code == 404
    progress = client.get(f"/api/v1/certification-programs/P{tag}/progress", headers=trainer).json
    assert progress["program"]["code"] == f"P{tag}" and progress["total"] == 2
    rows = {row["employee_no"]: row for row in progress["items"]}
    assert (rows[passed]["completed_courses"], rows[passed]["missing_courses"], rows[passed]["hours"],
            rows[passed]["earned"]) == ([f"C{tag}"], [f"D{tag}"], "3.00", False)
    assert (rows[waiting]["completed_courses"], rows[waiting]["hours"], rows[waiting]["name"]) == \
        ([], "0.00", f"Worker {waiting}")


def test_mentorships_are_listed_and_workers_see_their_own(client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    apprentice = directory.worker(f"A{tag}", team)
    stranger = directory.worker(f"S{tag}", team)
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "intermediate"}
    old = created(client.post("/api/v1/mentorships", headers=trainer,
                              json={**body, "starts_on": "2020-01-01", "ends_on": "2020-06-30"}))
    current = created(client.post("/api/v1/mentorships", headers=trainer,
                                  json={**body, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}))
    assert current["mentor_name"] == f"Worker {mentor}"

    every = client.get(f"/api/v1/mentorships?employee_no={mentor}", headers=trainer).json
    assert [m["id"] for m in every["items"]] == [current["id"], old["id"]], "the latest start first"
    lapsed = client.get(f"/api/v1/mentorships?employee_no={mentor}&status=lapsed&as_of=2026-03-01",
                        headers=trainer).json["items"]
    assert [m["id"] for m in lapsed] == [old["id"]], "past its period without a promotion"
    active = client.get(f"/api/v1/mentorships?employee_no={apprentice}&status=active&as_of=2026-03-01",
                        headers=auth("hr")).json["items"]
    assert [m["id"] for m in active] == [current["id"]]

    own = client.get("/api/v1/mentorships", headers=auth("worker", employee_no=apprentice)).json
    assert own["total"] == 2 and own["items"][0]["apprentice_name"] == f"Worker {apprentice}"
    assert client.get("/api/v1/mentorships", headers=auth("worker", employee_no=stranger)).json["total"] == 0
    assert client.get(f"/api/v1/mentorships?employee_no={mentor}",
                      headers=auth("worker", employee_no=stranger)).status_code == 403


def test_a_trainer_plans_an_unplanned_case_into_a_session(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    worker, other = directory.worker(f"W{tag}", team), directory.worker(f"O{tag}", team)
    type_code = f"so_{tag.lower()}"
    refresher(client, trainer, f"R{tag}", type_code)
    created(client.post("/api/v1/courses", json=course_body(f"N{tag}"), headers=trainer))
    expires_on = later(days=20).date()
    late = created(client.post("/api/v1/sessions", json=session_body(f"R{tag}", later(days=25)), headers=trainer))
    full = created(client.post("/api/v1/sessions", headers=auth("trainer"),
                               json=session_body(f"R{tag}", later(days=8), location=f"Early {tag}", capacity=1)))
    created(client.post(f"/api/v1/sessions/{full['id']}/enrollments", json={"employee_no": other}, headers=trainer))
    other_course = created(client.post("/api/v1/sessions", headers=auth("trainer"),
                                       json=session_body(f"N{tag}", later(days=5), location=f"Other {tag}")))
    deliver(runtime, expiring(f"cred-{tag}", worker, type_code, expires_on, 30))
    [case] = client.get(f"/api/v1/recertifications?employee_no={worker}", headers=trainer).json["items"]
    assert case["status"] == "unplanned", "no suitable session had a seat"
    url = f"/api/v1/recertifications/cred-{tag}/plan"

    assert client.post(url, json={"session_id": late["id"]}, headers=auth("hr")).status_code == 403
    assert client.post(url, json={"session_id": "x"}, headers=trainer).status_code == 422
    assert client.post("/api/v1/recertifications/none/plan", json={"session_id": late["id"]},
                       headers=trainer).status_code == 404
    assert client.post(url, json={"session_id": 999999}, headers=trainer).status_code == 404
    for session_id, reason in ((late["id"], "starts_after_expiry"), (other_course["id"], "not_a_refresher"),
                               (full["id"], "session_full")):
        answer = client.post(url, json={"session_id": session_id}, headers=trainer)
        assert answer.status_code == 409 and answer.json["reason"] == reason, answer.json

    assert client.delete(f"/api/v1/sessions/{full['id']}/enrollments/{other}", headers=trainer).status_code == 200
    planned = client.post(url, json={"session_id": full["id"]}, headers=trainer)
    assert planned.status_code == 200, planned.json
    assert (planned.json["status"], planned.json["session_id"]) == ("planned", full["id"])
    roster = client.get(f"/api/v1/sessions/{full['id']}/enrollments", headers=trainer).json["items"]
    assert [(r["employee_no"], r["status"]) for r in roster] == [(worker, "enrolled")]
    again = client.post(url, json={"session_id": full["id"]}, headers=trainer)
    assert again.status_code == 409 and again.json["reason"] == "case_planned"
