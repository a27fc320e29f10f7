"""api.md roles: trainers run training, workers act for themselves, hr reads; every deny is 401/403."""
from __future__ import annotations

import pytest

from training_support import course_body, later, session_body


@pytest.fixture
def scheduled(client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    me, other = directory.worker(f"ME{tag}", team), directory.worker(f"OT{tag}", team)
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    session_id = client.post("/api/v1/sessions", json=session_body(f"C{tag}", later(days=3)),
                             headers=trainer).json["id"]
    return {"session_id": session_id, "me": me, "other": other, "worker": auth("worker", employee_no=me)}


def test_without_a_token_everything_is_401(client):
    for path in ("/api/v1/courses", "/api/v1/sessions", "/api/v1/recertifications", "/api/v1/mentorships/1"):
        answer = client.get(path)
        assert answer.status_code == 401 and answer.content_type == "application/problem+json", path
    assert client.get("/api/v1/courses", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert client.get("/healthz").status_code == 200


def test_writes_need_a_trainer(client, auth, tag):
    for roles in (("worker",), ("hr",), ("judge", "organizer")):
        headers = auth(*roles, employee_no="E1")
        for path, body in (("/api/v1/courses", course_body(f"X{tag}")),
                           ("/api/v1/sessions", session_body(f"X{tag}", later(days=1))),
                           ("/api/v1/plans", {"team_code": "T", "year": 2026, "items": []}),
                           ("/api/v1/mentorships", {"mentor": "A", "apprentice": "B", "occupation": "o",
                                                    "goal_grade": "senior", "starts_on": "2026-01-01",
                                                    "ends_on": "2026-06-30"})):
            answer = client.post(path, json=body, headers=headers)
            assert answer.status_code == 403 and answer.json["reason"] == "forbidden", (roles, path)
    admin = client.post("/api/v1/courses", json=course_body(f"A{tag}"), headers=auth("admin"))
    assert admin.status_code == 201, "admin may do everything"


def test_workers_enrol_and_read_only_themselves(client, auth, scheduled):
    url = f"/api/v1/sessions/{scheduled['session_id']}/enrollments"
    worker = scheduled["worker"]
    assert client.post(url, json={"employee_no": scheduled["other"]}, headers=worker).status_code == 403
    unnamed = client.post(url, json={}, headers=worker)
    assert unnamed.status_code == 422 and set(unnamed.json["errors"]) == {"employee_no"}
    mine = client.post(url, json={"employee_no": scheduled["me"]}, headers=worker)
    assert mine.status_code == 201 and mine.json["employee_no"] == scheduled["me"]
    assert client.get(url, headers=worker).status_code == 403
    assert client.get(url, headers=auth("hr")).status_code == 200
    assert client.delete(f"{url}/{scheduled['me']}", headers=auth("worker", employee_no=scheduled["other"])) \
        .status_code == 403
    assert client.delete(f"{url}/{scheduled['me']}", headers=worker).status_code == 200

    assert client.get(f"/api/v1/workers/{scheduled['me']}/training", headers=worker).status_code == 200
    assert client.get(f"/api/v1/workers/{scheduled['other']}/training", headers=worker).status_code == 403
    assert client.get(f"/api/v1/workers/{scheduled['other']}/training", headers=auth("hr")).status_code == 200
    assert client.get("/api/v1/workers/NOBODY/training", headers=auth("trainer")).status_code == 404
    attendance = client.post(f"/api/v1/sessions/{scheduled['session_id']}/attendance", headers=worker,
                             json={"records": [{"employee_no": scheduled["me"], "present": True}]})
    assert attendance.status_code == 403
    assert client.get("/api/v1/recertifications", headers=worker).status_code == 403
    assert client.get("/api/v1/recertifications", headers=auth("trainer")).status_code == 200
