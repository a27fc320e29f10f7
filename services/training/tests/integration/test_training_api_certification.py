"""Attendance → certification earned exactly once, with its events in the same transaction."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from banzu_common.messaging.contracts import AttendanceRecorded, CertificationEarned, PromotionEarned

from banzu_training.domain import AttendanceMark
from banzu_training.service_layer import attendance
from training_support import course_body, later, outbox_events, session_body


def record(runtime, session_id, marks, now):
    with runtime.uow() as uow:
        records = attendance.record(uow, session_id, marks, now)
        uow.commit()
    return records


def types(events):
    return [e.type for e in events]


def test_attendance_earns_certification_and_promotion_once(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    junior = directory.worker(f"J{tag}", team, grade="junior")
    senior = directory.worker(f"S{tag}", team, grade="senior")
    absent = directory.worker(f"A{tag}", team)
    course = f"EL{tag}"
    assert client.post("/api/v1/courses", json=course_body(course, hours=8, pass_score=60),
                       headers=trainer).status_code == 201
    programme = {"code": f"CP{tag}", "name": "Intermediate electrician", "occupation": "electrician",
                 "grade": "intermediate", "credential_type": "post_qualification", "courses": [course],
                 "min_hours": 8}
    answer = client.post("/api/v1/certification-programs", json=programme, headers=trainer)
    assert answer.status_code == 201 and answer.json["min_hours"] == "8.00", answer.json
    starts = later(days=2)
    session_id = client.post("/api/v1/sessions", json=session_body(course, starts, hours=3, capacity=5),
                             headers=trainer).json["id"]
    for worker in (junior, senior, absent):
        assert client.post(f"/api/v1/sessions/{session_id}/enrollments", json={"employee_no": worker},
                           headers=trainer).status_code == 201

    early = client.post(f"/api/v1/sessions/{session_id}/attendance", headers=trainer,
                        json={"records": [{"employee_no": junior, "present": True}]})
    assert early.status_code == 409 and early.json["reason"] == "session_not_started"

    during = starts + timedelta(minutes=30)
    marks = [AttendanceMark(junior, True, Decimal(8), Decimal(85)),
             AttendanceMark(senior, True, Decimal(8), Decimal("90.5")), AttendanceMark(absent, False)]
    records = record(runtime, session_id, marks, during)
    assert [(r.employee_no, r.completed) for r in records] == [(absent, False), (junior, True), (senior, True)]

    events = outbox_events(runtime, junior)
    assert types(events) == [AttendanceRecorded.TYPE, CertificationEarned.TYPE, PromotionEarned.TYPE]
    attended, earned, promoted = (e.data for e in events)
    assert attended == {"session_id": session_id, "course_code": course, "employee_no": junior, "present": True,
                        "hours": "8.00", "on": starts.date().isoformat()}
    assert set(earned) == {"certification_id", "employee_no", "program_code", "occupation", "grade",
                           "credential_type", "earned_on"}
    assert (earned["program_code"], earned["grade"], earned["credential_type"], earned["earned_on"]) == \
        (f"CP{tag}", "intermediate", "post_qualification", starts.date().isoformat())
    assert promoted == {"promotion_id": promoted["promotion_id"], "employee_no": junior, "team_code": team,
                        "occupation": "electrician", "from_grade": "junior", "to_grade": "intermediate",
                        "source": "certification", "source_id": f"CP{tag}", "source_name": "Intermediate electrician",
                        "effective_on": starts.date().isoformat()}
    assert types(outbox_events(runtime, senior)) == [AttendanceRecorded.TYPE, CertificationEarned.TYPE], \
        "no promotion for a worker already above the programme's grade"
    assert types(outbox_events(runtime, absent)) == [AttendanceRecorded.TYPE]

    record(runtime, session_id, marks, during)
    assert len(outbox_events(runtime, junior)) == 3, "the same sheet again changes nothing"
    record(runtime, session_id, [AttendanceMark(junior, True, Decimal(8), Decimal(70))], during)
    assert types(outbox_events(runtime, junior))[3:] == [AttendanceRecorded.TYPE], "a corrected score earns nothing twice"

    training = client.get(f"/api/v1/workers/{junior}/training?year={starts.year}", headers=trainer).json
    assert training["hours"] == "8.00"
    assert [c["course_code"] for c in training["completed_courses"]] == [course]
    progress = next(p for p in training["programmes"] if p["program_code"] == f"CP{tag}")
    assert progress["earned"] is True and progress["missing_courses"] == []
    assert [c["program_code"] for c in training["certifications"]] == [f"CP{tag}"]


def test_attendance_needs_a_seat_and_valid_marks(client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    worker = directory.worker(f"W{tag}", team)
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    session_id = client.post("/api/v1/sessions", json=session_body(f"C{tag}", later(hours=-1)),
                             headers=trainer).json["id"]
    url = f"/api/v1/sessions/{session_id}/attendance"
    stranger = client.post(url, json={"records": [{"employee_no": worker, "present": True}]}, headers=trainer)
    assert stranger.status_code == 409 and stranger.json["reason"] == "not_enrolled"
    assert stranger.json["employee_nos"] == [worker]
    invalid = client.post(url, json={"records": [{"employee_no": worker, "present": False, "hours": 2}]},
                          headers=trainer)
    assert invalid.status_code == 422 and "records[0].hours" in invalid.json["errors"]


def test_plan_progress(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    workers = [directory.worker(f"P{tag}{i}", team) for i in range(2)]
    course = f"C{tag}"
    assert client.post("/api/v1/courses", json=course_body(course), headers=trainer).status_code == 201
    starts = later(days=1)
    session_id = client.post("/api/v1/sessions", json=session_body(course, starts, hours=4),
                             headers=trainer).json["id"]
    for worker in workers:
        client.post(f"/api/v1/sessions/{session_id}/enrollments", json={"employee_no": worker}, headers=trainer)
    record(runtime, session_id, [AttendanceMark(workers[0], True, Decimal(80)), AttendanceMark(workers[1], True)],
           starts + timedelta(minutes=5))
    plan = {"team_code": team, "year": starts.year, "items": [{"course_code": course, "month": starts.month},
                                                              {"course_code": course, "month": starts.month}]}
    created = client.post("/api/v1/plans", json=plan, headers=trainer)
    assert created.status_code == 201 and created.json["target_hours_per_person"] == "80.00", created.json
    progress = client.get(f"/api/v1/plans/{created.json['id']}/progress", headers=auth("hr")).json
    assert (progress["workers"], progress["hours_per_person"], progress["workers_on_target"]) == (2, "42.00", 1)
    assert (progress["share_on_target"], progress["planned"], progress["held"], progress["share_held"]) == \
        ("50.00", 2, 1, "50.00")
    unknown = client.post("/api/v1/plans", json={**plan, "team_code": f"NOPE{tag}"}, headers=trainer)
    assert unknown.status_code == 422 and "team_code" in unknown.json["errors"]


def test_an_empty_course_patch_is_refused(client, auth, tag):
    trainer = auth("trainer")
    assert client.post("/api/v1/courses", json=course_body(f"E{tag}"), headers=trainer).status_code == 201

    answer = client.patch(f"/api/v1/courses/E{tag}", json={}, headers=trainer)

    assert answer.status_code == 422
    assert answer.get_json()["type"] == "urn:banzu:problem:empty_patch"
