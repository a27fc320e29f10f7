"""POST /training-summary: hours, ended mentorships and plan deliveries for many workers and teams at
once, as known on a day; roles checked before the body is read."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from banzu_common.auth import GATEWAY_ROLE
from banzu_common.messaging.contracts import PromotionEarned

from banzu_training.domain import AttendanceMark
from banzu_training.service_layer import attendance
from training_support import course_body, deliver, envelope, later, session_body

URL = "/api/v1/training-summary"


def attended(runtime, client, trainer, course, starts, marks):
    """A session of `course` at `starts` with `marks` (employee_no, present, hours) recorded after it began."""
    session_id = client.post("/api/v1/sessions", json=session_body(course, starts, hours=2),
                             headers=trainer).json["id"]
    for employee_no, _, _ in marks:
        assert client.post(f"/api/v1/sessions/{session_id}/enrollments", json={"employee_no": employee_no},
                           headers=trainer).status_code == 201
    with runtime.uow() as uow:
        attendance.record(uow, session_id, [AttendanceMark(no, present, hours) for no, present, hours in marks],
                          starts + timedelta(minutes=5))
        uow.commit()


def by_worker(answer) -> dict:
    return {row["employee_no"]: (row["hours"], row["mentorships_ended"], row["mentorships_achieved"])
            for row in answer.json["workers"]}


def test_hours_and_plan_deliveries_up_to_the_day(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team, other = directory.team(f"T{tag}"), directory.team(f"U{tag}")
    a, b, c = (directory.worker(f"{letter}{tag}", team) for letter in "ABC")
    course = f"C{tag}"
    assert client.post("/api/v1/courses", json=course_body(course), headers=trainer).status_code == 201
    first = later(days=1).replace(hour=8, minute=0, second=0)
    second = first + timedelta(hours=3)
    attended(runtime, client, trainer, course, first, [(a, True, Decimal(8)), (b, True, Decimal("7.5")),
                                                       (c, False, None)])
    attended(runtime, client, trainer, course, second, [(a, True, Decimal(4))])
    year, month, day = first.year, first.month, first.date()
    # Planned three times this month (two held), then replaced by a plan of one delivery: the latest counts.
    assert client.post("/api/v1/plans", json={"team_code": other, "year": year, "items": [
        {"course_code": course, "month": month}] * 3}, headers=trainer).status_code == 201
    older = client.post("/api/v1/plans", json={"team_code": team, "year": year, "items": [
        {"course_code": course, "month": month % 12 + 1}]}, headers=trainer)
    newer = client.post("/api/v1/plans", json={"team_code": team, "year": year, "target_hours_per_person": "48",
                                               "items": [{"course_code": course, "month": month}] * 3 + [
                                                   {"course_code": course, "month": month % 12 + 1}]},
                        headers=trainer)
    assert older.status_code == newer.status_code == 201

    answer = client.post(URL, headers=auth("hr"), json={
        "year": year, "as_of": day.isoformat(), "employee_nos": [a, b, c, f"NOBODY{tag}"],
        "team_codes": [team, other, f"NOPLAN{tag}"]})
    assert answer.status_code == 200, answer.json
    assert answer.json["year"] == year and answer.json["as_of"] == day.isoformat()
    assert by_worker(answer) == {a: ("12.00", 0, 0), b: ("7.50", 0, 0), c: ("0.00", 0, 0),
                                 f"NOBODY{tag}": ("0.00", 0, 0)}
    assert answer.json["plans"] == [
        {"team_code": team, "plan_id": newer.json["id"], "planned": 4, "held": 2, "target_hours_per_person": "48.00"},
        {"team_code": other, "plan_id": answer.json["plans"][1]["plan_id"], "planned": 3, "held": 2,
         "target_hours_per_person": "80.00"}], "each plan's own target of hours per person (80 unless it says)"

    before = client.post(URL, headers=auth("trainer"), json={
        "year": year, "as_of": (day - timedelta(days=1)).isoformat(), "employee_nos": [a], "team_codes": [team]})
    assert by_worker(before) == {a: ("0.00", 0, 0)} and before.json["plans"][0]["held"] == 0, \
        "nothing after the day counts"

    everyone = client.post(URL, headers={**auth(GATEWAY_ROLE)}, json={"year": year, "as_of": day.isoformat()})
    rows = by_worker(everyone)
    assert rows[a] == ("12.00", 0, 0) and rows[b] == ("7.50", 0, 0), "without a list: every worker with facts"
    assert c not in rows, "a worker with no hours and no ended mentorship is left out of the whole list"
    assert {p["team_code"] for p in everyone.json["plans"]} >= {team, other}
    next_year = client.post(URL, headers=auth("hr"), json={"year": year + 1, "as_of": day.isoformat(),
                                                           "employee_nos": [a], "team_codes": [team]})
    assert by_worker(next_year) == {a: ("0.00", 0, 0)} and next_year.json["plans"] == []


def promoted(runtime, employee_no, team, to_grade, effective_on):
    deliver(runtime, envelope(PromotionEarned.TYPE, {
        "promotion_id": f"p-{employee_no}-{to_grade}", "employee_no": employee_no, "team_code": team,
        "occupation": "welder", "from_grade": "junior", "to_grade": to_grade, "source": "contest",
        "source_id": "c1", "source_name": "Welding contest", "effective_on": effective_on}, "/banzu/competition"))


def test_mentorships_that_ended_in_the_year_as_known_on_the_day(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    lapses, achieves, runs_on, earlier = (directory.worker(f"{letter}{tag}", team) for letter in "LARE")

    def mentorship(apprentice, starts_on, ends_on):
        answer = client.post("/api/v1/mentorships", headers=trainer, json={
            "mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "intermediate",
            "starts_on": starts_on, "ends_on": ends_on})
        assert answer.status_code == 201, answer.json

    mentorship(lapses, "2024-01-01", "2024-03-31")
    mentorship(achieves, "2024-03-01", "2024-08-31")
    mentorship(runs_on, "2024-10-01", "2025-03-31")
    mentorship(earlier, "2023-06-01", "2023-12-31")
    promoted(runtime, achieves, team, "intermediate", "2024-05-10")
    people = [lapses, achieves, runs_on, earlier]

    def summary(as_of):
        answer = client.post(URL, headers=trainer, json={"year": 2024, "as_of": as_of, "employee_nos": people})
        assert answer.status_code == 200, answer.json
        return {no: counts[1:] for no, counts in by_worker(answer).items()}

    assert summary("2024-12-31") == {lapses: (1, 0), achieves: (1, 1), runs_on: (0, 0), earlier: (0, 0)}
    assert summary("2024-04-15") == {lapses: (1, 0), achieves: (0, 0), runs_on: (0, 0), earlier: (0, 0)}, \
        "on 15 April the second was still running"
    assert summary("2024-03-31") == {lapses: (0, 0), achieves: (0, 0), runs_on: (0, 0), earlier: (0, 0)}, \
        "a period's last day is still within it"


def test_roles_are_checked_before_the_body_and_the_body_is_checked(client, auth):
    for headers in (auth("worker", employee_no="E1"), auth("organizer"), auth("judge")):
        answer = client.post(URL, headers=headers, json={"year": "nonsense"})
        assert answer.status_code == 403 and answer.content_type == "application/problem+json"
    assert client.post(URL, json={"year": 2026, "as_of": "2026-01-01"}).status_code == 401
    wrong = client.post(URL, headers=auth("hr"), json={"year": 1999, "as_of": "someday", "employee_nos": "E1"})
    assert wrong.status_code == 422 and set(wrong.json["errors"]) == {"year", "as_of", "employee_nos"}
    assert client.post(URL, headers=auth("hr"), json={"as_of": "2026-01-01"}).status_code == 422
