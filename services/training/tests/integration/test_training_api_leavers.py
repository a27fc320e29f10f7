"""A worker who left the company (the directory's event with status left): no enrolment, mentorship or
certification from the day they left; out of their team's plan progress and of a programme's workers,
while what they attended stays with them (history)."""
from __future__ import annotations

from datetime import date, timedelta

from banzu_common.messaging.contracts import WorkerUpserted

from banzu_training.domain import AttendanceMark
from test_training_api_certification import record
from training_support import course_body, envelope, handle, later, outbox_events, session_body


def created(answer):
    assert answer.status_code == 201, answer.json
    return answer.json


def leaves(runtime, employee_no: str, team: str, left_on: date, occupation: str = "welder") -> None:
    handle(runtime, envelope(WorkerUpserted.TYPE, {
        "employee_no": employee_no, "name": f"Worker {employee_no}", "team_code": team, "company": "Steel Co",
        "occupation": occupation, "grade": "junior", "status": "left", "left_on": left_on.isoformat()},
        "/banzu/gateway"))


def test_a_leaver_is_enrolled_in_nothing_and_leaves_the_plan_and_the_programme(runtime, client, auth, directory,
                                                                               tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    occupation = directory.occupation(f"fitter{tag}")
    stays, goes = (directory.worker(f"{x}{tag}", team, occupation=occupation) for x in ("S", "G"))
    created(client.post("/api/v1/courses", json=course_body(f"C{tag}", occupation=occupation), headers=trainer))
    created(client.post("/api/v1/courses", json=course_body(f"D{tag}", occupation=occupation), headers=trainer))
    created(client.post("/api/v1/certification-programs", headers=trainer, json={
        "code": f"P{tag}", "name": "Fitter", "occupation": occupation, "grade": "intermediate",
        "credential_type": "skill_level", "courses": [f"C{tag}", f"D{tag}"], "min_hours": 5}))
    starts_at = later(days=1)
    first = created(client.post("/api/v1/sessions", json=session_body(f"C{tag}", starts_at), headers=trainer))
    for worker in (stays, goes):
        created(client.post(f"/api/v1/sessions/{first['id']}/enrollments", json={"employee_no": worker},
                            headers=trainer))
    record(runtime, first["id"], [AttendanceMark(stays, True), AttendanceMark(goes, True)],
           starts_at + timedelta(minutes=1))
    plan = created(client.post("/api/v1/plans", headers=trainer, json={
        "team_code": team, "year": date.today().year, "items": [{"course_code": f"C{tag}", "month": 3}]}))

    leaves(runtime, goes, team, date.today(), occupation)

    second = created(client.post("/api/v1/sessions", json=session_body(f"D{tag}", later(days=3)), headers=trainer))
    refused = client.post(f"/api/v1/sessions/{second['id']}/enrollments", json={"employee_no": goes}, headers=trainer)
    assert refused.status_code == 409 and refused.json["reason"] == "worker_left", refused.json
    assert refused.json["employee_nos"] == [goes]
    mine = client.post(f"/api/v1/sessions/{second['id']}/enrollments", json={"employee_no": goes},
                       headers=auth("worker", employee_no=goes))
    assert mine.status_code == 409, "not by their own hand either"
    created(client.post(f"/api/v1/sessions/{second['id']}/enrollments", json={"employee_no": stays},
                        headers=trainer))

    progress = client.get(f"/api/v1/plans/{plan['id']}/progress", headers=trainer).json
    assert [m["employee_no"] for m in progress["members"]] == [stays], "no longer in the team's plan"
    programme = client.get(f"/api/v1/certification-programs/P{tag}/progress", headers=trainer).json
    rows = {row["employee_no"]: row for row in programme["items"]}
    assert set(rows) == {stays, goes}, "what they attended keeps them on the programme's list (history)"
    assert rows[goes]["completed_courses"] == [f"C{tag}"]
    history = client.get(f"/api/v1/workers/{goes}/training", headers=trainer,
                         query_string={"year": starts_at.year}).json
    assert history["hours"] == "3.00", "their attendance stays theirs"

    # Sitting the second course earns the programme for the one who stayed, not for the one who left.
    record(runtime, second["id"], [AttendanceMark(stays, True)], later(days=3) + timedelta(minutes=1))
    earned = [e.data["employee_no"] for e in outbox_events(runtime) if e.type.endswith("certification.earned.v1")]
    assert stays in earned and goes not in earned


def test_a_programme_lists_no_leaver_who_never_took_part(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    occupation = directory.occupation(f"turner{tag}")
    stays, goes = (directory.worker(f"{x}{tag}", team, occupation=occupation) for x in ("S", "G"))
    created(client.post("/api/v1/courses", json=course_body(f"C{tag}", occupation=occupation), headers=trainer))
    created(client.post("/api/v1/certification-programs", headers=trainer, json={
        "code": f"P{tag}", "name": "Turner", "occupation": occupation, "grade": "intermediate",
        "credential_type": "skill_level", "courses": [f"C{tag}"], "min_hours": 1}))
    leaves(runtime, goes, team, date.today() - timedelta(days=30), occupation)
    programme = client.get(f"/api/v1/certification-programs/P{tag}/progress", headers=trainer).json
    assert [row["employee_no"] for row in programme["items"]] == [stays]


def test_no_mentorship_for_a_leaver_from_the_day_they_left(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    apprentice = directory.worker(f"A{tag}", team)
    leaves(runtime, mentor, team, date(2026, 3, 1))
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "intermediate",
            "starts_on": "2026-03-01", "ends_on": "2026-08-31"}
    refused = client.post("/api/v1/mentorships", json=body, headers=trainer)
    assert refused.status_code == 409 and refused.json["reason"] == "worker_left", refused.json
    assert refused.json["employee_nos"] == [mentor] and "2026-03-01" in refused.json["detail"]
    earlier = client.post("/api/v1/mentorships", json={**body, "starts_on": "2026-01-01", "ends_on": "2026-06-30"},
                          headers=trainer)
    assert earlier.status_code == 201, "one that began before they left is history"
