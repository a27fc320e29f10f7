"""Mentorships: the period rule, evaluations, achieved by promotion, lapsed by the scheduler."""
from __future__ import annotations

from datetime import date

from banzu_common.messaging.contracts import PromotionEarned

from banzu_training.adapters.tables import directory_workers
from banzu_training.entrypoints.cli import scheduled_lapse
from training_support import deliver, envelope


def promotion(employee_no, team, to_grade, effective_on):
    return envelope(PromotionEarned.TYPE, {
        "promotion_id": f"p-{employee_no}-{to_grade}", "employee_no": employee_no, "team_code": team,
        "occupation": "welder", "from_grade": "junior", "to_grade": to_grade, "source": "contest",
        "source_id": "c1", "source_name": "Welding contest", "effective_on": effective_on}, "/banzu/competition")


def test_mentorship_achieved_by_promotion_within_period(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    apprentice = directory.worker(f"A{tag}", team)
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "intermediate",
            "starts_on": "2026-01-01", "ends_on": "2026-02-28"}
    short = client.post("/api/v1/mentorships", json=body, headers=trainer)
    assert short.status_code == 422 and "ends_on" in short.json["errors"], "two months is too short"
    long = client.post("/api/v1/mentorships", json={**body, "ends_on": "2027-01-02"}, headers=trainer)
    assert long.status_code == 422 and "ends_on" in long.json["errors"], "over twelve months is too long"
    created = client.post("/api/v1/mentorships", json={**body, "ends_on": "2026-03-31"}, headers=trainer)
    assert created.status_code == 201 and created.json["status"] in ("active", "lapsed"), created.json
    url = f"/api/v1/mentorships/{created.json['id']}"

    outside = client.post(f"{url}/evaluations", json={"on": "2026-04-01", "rating": 4, "note": "late"},
                          headers=trainer)
    assert outside.status_code == 422 and "on" in outside.json["errors"]
    assert client.post(f"{url}/evaluations", json={"on": "2026-02-01", "rating": 6}, headers=trainer).status_code == 422
    assert client.post(f"{url}/evaluations", json={"on": "2026-02-01", "rating": 4, "note": "steady"},
                       headers=trainer).status_code == 201

    assert client.get(url, query_string={"as_of": "2026-02-15"}, headers=trainer).json["status"] == "active"
    deliver(runtime, promotion(apprentice, team, "intermediate", "2026-03-20"))
    answer = client.get(url, query_string={"as_of": "2026-06-01"}, headers=trainer).json
    assert (answer["status"], answer["achieved_on"]) == ("achieved", "2026-03-20")
    assert [e["rating"] for e in answer["evaluations"]] == [4]
    with runtime.engine.connect() as connection:
        grade = connection.scalar(directory_workers.select().with_only_columns(directory_workers.c.grade)
                                  .where(directory_workers.c.employee_no == apprentice))
    assert grade == "intermediate", "the directory copy keeps up with promotions"

    apprentice_view = client.get(url, headers=auth("worker", employee_no=apprentice))
    assert apprentice_view.status_code == 200
    assert client.get(url, headers=auth("worker", employee_no=f"X{tag}")).status_code == 403


def test_mentorship_lapses_when_the_period_ends_first(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    apprentice = directory.worker(f"A{tag}", team)
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "senior",
            "starts_on": "2020-01-01", "ends_on": "2020-07-01"}
    created = client.post("/api/v1/mentorships", json=body, headers=trainer)
    assert created.status_code == 201, created.json
    url = f"/api/v1/mentorships/{created.json['id']}"
    assert client.get(url, query_string={"as_of": "2020-07-01"}, headers=trainer).json["status"] == "active"

    assert scheduled_lapse(date(2020, 7, 2)) >= 1
    assert scheduled_lapse(date(2020, 7, 2)) == 0, "lapsing twice changes nothing"
    assert client.get(url, query_string={"as_of": "2020-07-01"}, headers=trainer).json["status"] == "lapsed"
    deliver(runtime, promotion(apprentice, team, "senior", "2020-08-01"))
    assert client.get(url, headers=trainer).json["status"] == "lapsed", "a promotion after the period is too late"
    deliver(runtime, promotion(apprentice, team, "technician", "2020-06-30"))
    assert client.get(url, headers=trainer).json["status"] == "achieved", "a late-arriving promotion within the period"
