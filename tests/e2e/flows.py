"""Building blocks for the cross-service end-to-end tests: people, a contest run to publication."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from client import Client, eventually

PASSWORD = "E2e-password-1"


def user(admin: Client, banzu, username: str, roles: list[str], employee_no: str | None = None) -> Client:
    body = {"username": username, "password": PASSWORD, "roles": roles} | ({"employee_no": employee_no} if employee_no else {})
    assert admin.post("/users", body).status == 201
    return Client.sign_in(banzu.url, username, PASSWORD)


def team(hr: Client, code: str, company: str) -> str:
    assert hr.post("/teams", {"code": code, "name": f"Team {code}", "company": company}).status == 201
    return code


def worker(hr: Client, employee_no: str, team_code: str, grade: str, occupation: str = "electrician") -> str:
    body = {"employee_no": employee_no, "name": f"Worker {employee_no}", "team_code": team_code,
            "occupation": occupation, "grade": grade}
    assert hr.post("/workers", body).status == 201
    return employee_no


def created(client: Client, path: str, body: dict, what: str) -> dict:
    """POST until 201: the service may not have heard of the worker yet (directory events)."""
    return eventually(lambda: (lambda a: a.json() if a.status == 201 else None)(client.post(path, body)), what)


def run_contest(admin: Client, banzu, occupation: str, starts_on: str, table: dict, **settings) -> str:
    """The worked example's contest: segments T/P/F, five judges; `table` maps employee_no to
    (T score, five P scores, three F scores); `settings` adds to the contest (say `promotions`).
    Returns the published contest's id."""
    tag = uuid.uuid4().hex[:6]
    organizer = user(admin, banzu, f"org{tag}", ["organizer"])
    judges = []
    for n in range(5):
        client = user(admin, banzu, f"judge{n}{tag}", ["judge"])
        judge = organizer.post("/judges", {"name": f"Judge {n}", "organization": f"Skills Centre {tag}",
                                           "username": f"judge{n}{tag}"}).json()
        judges.append((judge["id"], client))
    segments = [
        {"code": "T", "name": "Theory", "weight": 20, "max_score": 100, "method": "measurement"},
        {"code": "P", "name": "Practical", "weight": 60, "max_score": 100, "method": "judgement", "max_spread": 20},
        {"code": "F", "name": "Troubleshooting", "weight": 20, "max_score": 50, "method": "judgement",
         "max_spread": 10},
    ]
    contest = organizer.post("/contests", {"name": f"Contest {tag}", "occupation": occupation,
                                           "starts_on": starts_on, "ends_on": starts_on, "segments": segments,
                                           **settings}).json()
    cid = contest["id"]
    for n, (judge_id, _) in enumerate(judges):
        segs = ["P"] + (["F"] if n < 3 else []) + (["T"] if n == 0 else [])
        assert organizer.post(f"/contests/{cid}/judges", {"judge_id": judge_id, "segments": segs}).status == 201
    assert organizer.post(f"/contests/{cid}/open").status == 200
    for employee_no in table:
        created(organizer, f"/contests/{cid}/contestants", {"employee_no": employee_no}, f"register {employee_no}")
    assert organizer.post(f"/contests/{cid}/start").status == 200
    bibs = {row["employee_no"]: row["bib"] for row in organizer.get(f"/contests/{cid}/contestants").json()["items"]}
    for employee_no, (t, p, f) in table.items():
        bib = bibs[employee_no]
        assert judges[0][1].put(f"/contests/{cid}/scores/T/{bib}", {"score": t}).status == 200
        for (_, judge), score in zip(judges, p):
            assert judge.put(f"/contests/{cid}/scores/P/{bib}", {"score": score}).status == 200
        for (_, judge), score in zip(judges, f):
            assert judge.put(f"/contests/{cid}/scores/F/{bib}", {"score": score}).status == 200
    assert organizer.post(f"/contests/{cid}/close").status == 200
    assert organizer.post(f"/contests/{cid}/publish").status == 200
    return cid


def certify(trainer: Client, employee_no: str, tag: str, grade: str, credential_type: str = "post_qualification",
            pass_score: int | None = None, score: int | None = None) -> None:
    """A one-course certification programme to `grade`, and `employee_no` attending its session (8 h)."""
    course = {"code": f"EL{tag}", "title": "Practice", "occupation": "electrician", "hours": 8, "kind": "practical"}
    if pass_score is not None:
        course["pass_score"] = pass_score
    assert trainer.post("/courses", course).status == 201
    assert trainer.post("/certification-programs", {
        "code": f"CP{tag}", "name": f"Electrician ({grade})", "occupation": "electrician", "grade": grade,
        "credential_type": credential_type, "courses": [course["code"]], "min_hours": 8}).status == 201
    start = datetime.now(timezone.utc) + timedelta(seconds=2)
    session = trainer.post("/sessions", {"course_code": course["code"], "starts_at": start.isoformat(),
                                         "ends_at": (start + timedelta(seconds=2)).isoformat(),
                                         "location": f"Room {tag}", "capacity": 4}).json()
    created(trainer, f"/sessions/{session['id']}/enrollments", {"employee_no": employee_no}, f"enrol {employee_no}")
    record = {"employee_no": employee_no, "present": True, "hours": 8} | ({"score": score} if score is not None else {})
    eventually(lambda: trainer.post(f"/sessions/{session['id']}/attendance", {"records": [record]}).status == 200,
               "attendance")
