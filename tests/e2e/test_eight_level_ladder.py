"""The eight-level ladder (新八级工) of domain.md, end to end: the whole system started with
BANZU_SKILL_LADDER=eight_level runs a contest capped at chief technician and a certification that
takes an apprentice to junior; every part reads the same ladder."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest


from client import eventually
from system_harness import own_bus, running_system
from flows import certify, created, team, user, worker

TODAY = date.today()


@pytest.fixture(scope="module")
def eight_level(make_database, run_id, infrastructure, tmp_path_factory):
    with own_bus(infrastructure, run_id, "e") as names, \
            running_system(make_database, names, infrastructure, tmp_path_factory.mktemp("eight"),
                           BANZU_SKILL_LADDER="eight_level") as running:
        yield running


def test_a_contest_and_a_certification_climb_the_eight_level_ladder(eight_level):
    admin = eight_level.admin()
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, eight_level, f"hr{tag}".lower(), ["hr"])
    organizer = user(admin, eight_level, f"or{tag}".lower(), ["organizer"])
    trainer = user(admin, eight_level, f"tr{tag}".lower(), ["trainer"])
    home = team(hr, f"T{tag}", f"Acme {tag}")
    master = worker(hr, f"M{tag}", home, "senior_technician")
    runner_up = worker(hr, f"R{tag}", home, "principal_technician")
    apprentice = worker(hr, f"A{tag}", home, "apprentice")
    assert hr.post("/workers", {"employee_no": f"X{tag}", "name": "n", "team_code": home, "occupation": "electrician",
                                "grade": "grandmaster"}).status == 422, "a grade the ladder does not have"

    # a contest whose promotions may reach the top of the ladder
    contest = created(organizer, "/contests", {
        "name": f"首席技师选拔 {tag}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
        "ends_on": TODAY.isoformat(), "min_grade": "senior_technician",
        "segments": [{"code": "T", "name": "理论", "weight": 100, "max_score": 100, "method": "measurement"}],
        "promotions": {"first": 1, "second": 1, "third": 1, "cap": "chief_technician"}}, "contest")
    cid = contest["id"]
    assert organizer.post(f"/contests/{cid}/open").status == 200
    for employee_no in (master, runner_up):
        created(organizer, f"/contests/{cid}/contestants", {"employee_no": employee_no}, f"register {employee_no}")
    refused = organizer.post(f"/contests/{cid}/contestants", {"employee_no": apprentice})
    assert refused.status == 409 and refused.json()["reason"] == "grade_too_low"
    assert organizer.post(f"/contests/{cid}/start").status == 200
    bibs = {r["employee_no"]: r["bib"] for r in organizer.get(f"/contests/{cid}/contestants").json()["items"]}
    for employee_no, score in ((master, 95), (runner_up, 90)):
        assert organizer.put(f"/contests/{cid}/scores/T/{bibs[employee_no]}", {"score": score}).status == 200
    for step in ("close", "publish"):
        assert organizer.post(f"/contests/{cid}/{step}").status == 200
    results = {r["employee_no"]: r for r in hr.get(f"/contests/{cid}/results").json()["items"]}
    assert results[master]["promotion"] == {"from_grade": "senior_technician", "to_grade": "principal_technician"}
    assert results[runner_up]["promotion"] == {"from_grade": "principal_technician", "to_grade": "chief_technician"}

    # a certification programme that makes an apprentice a junior worker
    certify(trainer, apprentice, tag, "junior")

    # every part applied the eight-level grades: directory, HR list, team score, skill certificates
    eventually(lambda: {r["employee_no"]: r["to_grade"] for r in hr.get("/promotions", params={"team": home})
                        .json()["items"]} == {master: "principal_technician", runner_up: "chief_technician",
                                              apprentice: "junior"}, "three promotions on the HR list")
    assert [hr.get(f"/workers/{n}").json()["grade"] for n in (master, runner_up, apprentice)] == [
        "principal_technician", "chief_technician", "junior"]
    labelled = hr.get("/promotions", params={"team": home, "lang": "zh"}).json()["items"]
    assert {r["to_grade_label"] for r in labelled} == {"特级技师", "首席技师", "初级工"}
    # 70 + 10 (principal) + 12 (chief) + 1 (junior) + 6 (first prize) + 2 (third prize, of two contestants)
    eventually(lambda: Decimal(hr.get(f"/teams/{home}/score").json()["score"]) == Decimal("100.00"),
               "the team score counts the eight-level points (capped at 100)")
    ledger = hr.get(f"/teams/{home}/score").json()["ledger"]
    assert sorted(Decimal(e["points"]) for e in ledger if e["kind"] == "promotion") == [1, 10, 12]
    eventually(lambda: len(hr.get("/credentials", params={"employee_no": apprentice}).json()["items"]) == 2,
               "the apprentice's certificate and skill-level credential")
