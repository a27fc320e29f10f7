"""Team assessments and skill matrices at the gateway, against services that answer as told: members
on the day (a worker who moved counts for the team of that day), the gateway's own promotions and
prizes, roles (HR, that team's leader, trainers for the matrix), an unavailable service, the list's
order and its files. The whole system computes domain.md's example in tests/e2e."""
from __future__ import annotations

import csv
import io
import threading
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from banzu_common.auth import GATEWAY_ROLE, TokenVerifier

from banzu_gateway.bootstrap import runtime as gateway_runtime
from banzu_gateway.service_layer import directory
from gateway_support import problem_of, promotion, results

YEAR = "2026"


class StubServices:
    """Training and credentials summaries from tables the test fills; remembers what it was asked."""

    def __init__(self):
        self.hours: dict[str, str] = {}
        self.mentorships: dict[str, tuple[int, int]] = {}
        self.plans: dict[str, tuple] = {}  # (planned, held) or (planned, held, target hours per person)
        self.compliant: set[str] = set()
        self.unconfigured: set[str] = set()  # workers whose occupation has no requirements set
        self.cells: dict[str, dict[str, str]] = {}
        self.down: set[str] = set()
        self.asked: list[tuple[str, dict, str]] = []
        app = Flask("stub")

        @app.post("/api/v1/training-summary")
        def training():
            if "training" in self.down:
                return {"title": "Service Unavailable"}, 503
            query = self._note()
            people = query["employee_nos"] if query["employee_nos"] is not None else sorted(self.hours)
            teams = query["team_codes"] if query["team_codes"] is not None else sorted(self.plans)
            return jsonify({"year": query["year"], "as_of": query["as_of"], "workers": [
                {"employee_no": no, "hours": self.hours.get(no, "0.00"),
                 "mentorships_ended": self.mentorships.get(no, (0, 0))[0],
                 "mentorships_achieved": self.mentorships.get(no, (0, 0))[1]} for no in people],
                "plans": [{"team_code": code, "plan_id": 1, "planned": self.plans[code][0], "held": self.plans[code][1]}
                          | ({"target_hours_per_person": self.plans[code][2]} if len(self.plans[code]) > 2 else {})
                          for code in teams if code in self.plans]})

        @app.post("/api/v1/credential-summary")
        def credentials():
            if "credentials" in self.down:
                return {"title": "Service Unavailable"}, 503
            query = self._note()
            people = query["employee_nos"] if query["employee_nos"] is not None else sorted(self.compliant)
            answer = {"as_of": query["as_of"], "workers": [
                {"employee_no": no, "applicable": no not in self.unconfigured,
                 "compliant": no in self.compliant or no in self.unconfigured} for no in people]}
            if query["cells"]:
                answer["types"] = sorted({t for no in people for t in self.cells.get(no, {})})
                for row in answer["workers"]:
                    row["cells"] = self.cells.get(row["employee_no"], {})
            return jsonify(answer)

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _note(self) -> dict:
        query = request.get_json()
        self.asked.append((request.path, query, request.headers.get("Authorization", "")))
        return query


@pytest.fixture(scope="module")
def stubs():
    services = StubServices()
    yield services
    services.server.shutdown()


@pytest.fixture
def services(stubs, monkeypatch):
    monkeypatch.setenv("BANZU_TRAINING_URL", stubs.url)
    monkeypatch.setenv("BANZU_CREDENTIALS_URL", stubs.url)
    stubs.asked.clear()
    stubs.down.clear()
    stubs.unconfigured.clear()
    yield stubs


@pytest.fixture
def teams(runtime, deliver, services, tag):
    """Team A (leader L; M moves to B on 1 July) and team B, from 1 January 2026, with their facts."""
    a, b = f"A{tag}", f"B{tag}"
    a1, a2, leader, mover, b1 = (f"{x}{tag}" for x in ("A1", "A2", "L", "M", "B1"))
    with runtime.uow() as uow:
        for code in (a, b):
            directory.create_team(uow, {"code": code, "name": f"Team {code}", "company": "Acme Power"})
        for no, team in ((a1, a), (a2, a), (leader, a), (mover, a), (b1, b)):
            directory.create_worker(uow, {"employee_no": no, "name": f"Worker {no}", "team_code": team,
                                          "occupation": "electrician", "grade": "junior"}, date(2026, 1, 1))
        directory.update_team(uow, a, {"leader": leader})
        directory.update_worker(uow, mover, {"team_code": b}, date(2026, 7, 1))
        uow.commit()
    deliver(promotion(mover, a, "junior", "intermediate", "2026-03-10"),
            results(f"C1{tag}", "2026-05-01", (a1, a, "second")), results(f"C2{tag}", "2026-08-01", (mover, b, "third")),
            results(f"C0{tag}", "2025-12-01", (a2, a, "first")))
    services.hours.update({a1: "40.00", a2: "80.00", leader: "100.00", mover: "60.00", b1: "20.00"})
    services.mentorships[a2] = (2, 1)
    services.plans[a] = (10, 9)
    services.compliant.update({a1, leader, mover, b1})
    return {"a": a, "b": b, "a1": a1, "a2": a2, "leader": leader, "mover": mover, "b1": b1}


def points(body) -> dict:
    return {i["code"]: (i["actual"], i["points"], i["applicable"]) for i in body["indicators"]}


def test_members_on_the_day_bring_their_whole_year(client, token, teams, services):
    hr = token("hr")
    before_move = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                             query_string={"year": YEAR, "as_of": "2026-06-30"})
    assert before_move.status_code == 200, before_move.get_json()
    body = before_move.get_json()
    assert (body["team"], body["year"], body["as_of"], body["members"]) == (teams["a"], 2026, "2026-06-30", 4)
    assert points(body) == {
        "training_hours": ("70.00", "17.50", True), "plan_completion": ("90.00", "15.00", True),
        "promotion_rate": ("25.00", "20.00", True), "compliance": ("75.00", "18.75", True),
        "contest_prizes": ("1.00", "5.00", True), "mentorship": ("50.00", "6.25", True)}
    assert (body["score"], body["rating"], body["rating_label"], body["unavailable"]) == ("82.50", "four_star", "四星",
                                                                                          [])
    query, authorization = next((q, a) for p, q, a in services.asked if p == "/api/v1/training-summary")
    assert query == {
        "year": 2026, "as_of": "2026-06-30", "employee_nos": sorted([teams[k] for k in ("a1", "a2", "leader", "mover")]),
        "team_codes": [teams["a"]]}
    assert roles_of(authorization) == {GATEWAY_ROLE}, "the gateway asks with its own identity"

    after_move = client.get(f"/api/v1/teams/{teams['b']}/assessment", headers=hr,
                            query_string={"year": YEAR, "as_of": "2026-11-30", "lang": "en"}).get_json()
    # B1 and M: M's hours and March promotion (earned in A) come with M; M's August prize too.
    assert after_move["members"] == 2
    assert points(after_move) == {
        "training_hours": ("40.00", "10.00", True), "plan_completion": ("0.00", "0.00", True),
        "promotion_rate": ("50.00", "20.00", True), "compliance": ("100.00", "25.00", True),
        "contest_prizes": ("1.00", "5.00", True), "mentorship": (None, None, False)}
    assert (after_move["score"], after_move["rating_label"]) == ("66.67", "Needs improvement")

    left_behind = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                             query_string={"year": YEAR, "as_of": "2026-11-30"}).get_json()
    assert left_behind["members"] == 3
    assert points(left_behind)["promotion_rate"] == ("0.00", "0.00", True), "M's promotion left with M"
    assert points(left_behind)["contest_prizes"] == ("1.00", "5.00", True), "A2's prize of 2025 is not of 2026"
    assert left_behind["score"] == "61.25"


def roles_of(authorization: str) -> set[str]:
    return set(TokenVerifier(gateway_runtime.settings.jwt_secret).from_header(authorization).roles)


def test_a_stopped_service_withholds_the_score(client, token, teams, services):
    services.down.add("training")
    body = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=token("hr"),
                      query_string={"year": YEAR, "as_of": "2026-06-30"}).get_json()
    assert (body["score"], body["rating"], body["unavailable"]) == (None, None, ["training"])
    shown = {i["code"]: (i["actual"], i["applicable"], i["available"]) for i in body["indicators"]}
    assert shown["training_hours"] == shown["plan_completion"] == shown["mentorship"] == (None, None, False)
    assert shown["compliance"] == ("75.00", True, True) and shown["promotion_rate"] == ("25.00", True, True)


def test_who_may_read_a_team_assessment_and_matrix(client, token, teams, services):
    a, b = teams["a"], teams["b"]
    leader = token("worker", employee_no=teams["leader"])
    member = token("worker", employee_no=teams["a1"])
    for path in (f"/api/v1/teams/{a}/assessment", f"/api/v1/teams/{a}/skill-matrix"):
        assert client.get(path, headers=token("hr")).status_code == 200
        assert client.get(path, headers=leader).status_code == 200, "the team's own leader"
        answer = client.get(path, headers=member, query_string={"as_of": "not a day"})
        assert answer.status_code == 403 and problem_of(answer)["status"] == 403, "roles before input"
        assert client.get(path.replace(a, b), headers=leader).status_code == 403, "another team's"
        assert client.get(path, headers=token("organizer")).status_code == 403
        assert client.get(path).status_code == 401
    assert client.get(f"/api/v1/teams/{a}/skill-matrix", headers=token("trainer")).status_code == 200
    assert client.get(f"/api/v1/teams/{a}/assessment", headers=token("trainer")).status_code == 403
    for caller in (token("trainer"), leader):
        assert client.get("/api/v1/assessments", headers=caller).status_code == 403
    me = client.get("/api/v1/auth/me", headers=leader).get_json()
    assert me["leads"] == a and client.get("/api/v1/auth/me", headers=member).get_json()["leads"] is None
    unknown = client.get(f"/api/v1/teams/NOPE{teams['a']}/assessment", headers=token("hr"))
    assert unknown.status_code == 404 and problem_of(unknown)["status"] == 404
    outside = client.get(f"/api/v1/teams/{a}/assessment", headers=token("hr"),
                         query_string={"year": "2026", "as_of": "2025-12-31"})
    assert outside.status_code == 422 and list(problem_of(outside)["errors"]) == ["as_of"]


def test_every_team_best_first_and_as_files(client, token, teams, services):
    hr = token("hr")
    query = {"year": YEAR, "as_of": "2026-11-30", "per_page": 500}
    answer = client.get("/api/v1/assessments", headers=hr, query_string=query)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["year"], body["as_of"], body["total"]) == (2026, "2026-11-30", len(body["items"]))
    mine = {item["team"]: item for item in body["items"] if item["team"] in (teams["a"], teams["b"])}
    assert (mine[teams["a"]]["score"], mine[teams["b"]]["score"]) == ("61.25", "66.67")
    scores = [Decimal(item["score"]) for item in body["items"] if item["score"] is not None]
    assert scores == sorted(scores, reverse=True), "best first"
    assessable = [item["assessable"] for item in body["items"]]
    assert assessable == sorted(assessable, reverse=True), "the teams that are not assessable come last"
    assert sorted(p for p, q, _ in services.asked) == ["/api/v1/credential-summary", "/api/v1/training-summary"]
    assert all(q["employee_nos"] is None for _, q, _ in services.asked), "one call per service for every team"

    by_name = client.get("/api/v1/assessments", headers=hr, query_string={**query, "sort": "name"}).get_json()
    names = [item["name"] for item in by_name["items"]]
    assert names == sorted(names)
    by_hours = client.get("/api/v1/assessments", headers=hr,
                          query_string={**query, "sort": "training_hours", "direction": "asc"}).get_json()
    hours = [Decimal(i["indicators"][0]["actual"]) for i in by_hours["items"] if i["indicators"][0]["actual"]]
    assert hours == sorted(hours)
    assert client.get("/api/v1/assessments", headers=hr, query_string={"sort": "speed"}).status_code == 422

    machine = client.get("/api/v1/assessments", headers=hr, query_string={**query, "format": "csv"})
    assert machine.status_code == 200 and machine.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(machine.get_data(as_text=True))))
    assert rows[0] == ["team", "name", "members", "score", "rating", "training_hours", "plan_completion",
                       "promotion_rate", "compliance", "contest_prizes", "mentorship", "unavailable"]
    assert [teams["b"], f"Team {teams['b']}", "2", "66.67", "needs_improvement", "40.00", "0.00", "50.00", "100.00",
            "1.00", "", ""] in rows
    people = client.get("/api/v1/assessments", headers=hr, query_string={**query, "format": "csv", "lang": "zh"})
    head = next(csv.reader(io.StringIO(people.get_data(as_text=True).lstrip("\ufeff"))))
    assert head[:5] == ["班组编码", "班组名称", "人数", "考核得分", "评级"] and head[5] == "人均培训时长（小时）"
    workbook = client.get("/api/v1/assessments", headers=hr, query_string={**query, "format": "xlsx", "lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.get_data()), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][3] == "Score" and values[0][6] == "Plan completion (%)"
    row_b = next(row for row in values if row[0] == teams["b"])
    assert row_b[2:6] == (2, 66.67, "Needs improvement", 40)


def test_the_skill_matrix_of_the_members_on_the_day(client, token, teams, services):
    services.cells.update({teams["b1"]: {"post_qualification": "valid", "special_operation": "missing"},
                           teams["mover"]: {"post_qualification": "expired", "special_operation": "not_required"}})
    body = client.get(f"/api/v1/teams/{teams['b']}/skill-matrix", headers=token("trainer"),
                      query_string={"as_of": "2026-11-30"}).get_json()
    assert (body["team"], body["as_of"], body["types"], body["unavailable"]) == (
        teams["b"], "2026-11-30", ["post_qualification", "special_operation"], [])
    assert [(r["employee_no"], r["name"], r["grade"], r["training_hours"], r["cells"]) for r in body["rows"]] == [
        (teams["b1"], f"Worker {teams['b1']}", "junior", "20.00", services.cells[teams["b1"]]),
        (teams["mover"], f"Worker {teams['mover']}", "intermediate", "60.00", services.cells[teams["mover"]])]
    training_query = next(q for p, q, _ in services.asked if p == "/api/v1/training-summary")
    assert training_query["year"] == 2026 and training_query["team_codes"] == []
    services.down.add("credentials")
    partial = client.get(f"/api/v1/teams/{teams['b']}/skill-matrix", headers=token("hr"),
                         query_string={"as_of": "2026-11-30"}).get_json()
    assert (partial["types"], partial["unavailable"], partial["rows"][0]["cells"]) == ([], ["credentials"], {})


def test_the_training_hours_target_is_the_team_plan_s_and_the_answer_says_so(client, token, teams, services):
    services.plans[teams["a"]] = (10, 9, "48.00")  # the team's plan asks 48 h per person, not the 80 h setting
    hr = token("hr")
    body = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                      query_string={"year": YEAR, "as_of": "2026-06-30"}).get_json()
    hours = body["indicators"][0]
    assert (hours["code"], hours["actual"], hours["target"], hours["target_source"], hours["points"], hours["met"]) == (
        "training_hours", "70.00", "48.00", "plan", "20.00", True)
    assert {i["code"]: i["target_source"] for i in body["indicators"][1:]} == dict.fromkeys(
        ("plan_completion", "promotion_rate", "compliance", "contest_prizes", "mentorship")), "only settings there"
    assert body["score"] == "85.00"
    assert body["rating_bands"] == [{"code": "five_star", "at_least": "90", "label": "五星"},
                                    {"code": "four_star", "at_least": "80", "label": "四星"},
                                    {"code": "three_star", "at_least": "70", "label": "三星"},
                                    {"code": "needs_improvement", "at_least": "0", "label": "待改进"}]
    no_plan = client.get(f"/api/v1/teams/{teams['b']}/assessment", headers=hr,
                         query_string={"year": YEAR, "as_of": "2026-11-30", "lang": "en"}).get_json()
    assert (no_plan["indicators"][0]["target"], no_plan["indicators"][0]["target_source"]) == ("80.00", "setting")
    assert no_plan["rating_bands"][0]["label"] == "Five stars" and no_plan["assessable"] is True
    listed = client.get("/api/v1/assessments", headers=hr, query_string={"year": YEAR, "per_page": 1}).get_json()
    assert [band["code"] for band in listed["rating_bands"]] == ["five_star", "four_star", "three_star",
                                                                 "needs_improvement"]
    services.down.add("training")
    unknown = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                         query_string={"year": YEAR, "as_of": "2026-06-30"}).get_json()["indicators"][0]
    assert (unknown["target"], unknown["target_source"]) == (None, None), "the plan is unknown while training is away"


def test_a_team_without_members_is_not_assessable_and_comes_last(client, token, runtime, teams, services, tag):
    empty = f"0E{tag}"  # sorts first by code and name: still listed last
    with runtime.uow() as uow:
        directory.create_team(uow, {"code": empty, "name": f"0 Empty {tag}", "company": "Acme Power"})
        uow.commit()
    services.plans[empty] = (4, 4, "40.00")  # a plan fully held is no score for nobody
    hr = token("hr")
    body = client.get(f"/api/v1/teams/{empty}/assessment", headers=hr, query_string={"year": YEAR}).get_json()
    assert (body["members"], body["score"], body["rating"], body["rating_label"], body["assessable"]) == (
        0, None, None, None, False)
    assert len(body["rating_bands"]) == 4
    query = {"year": YEAR, "as_of": "2026-11-30", "per_page": 500}
    for sort in ("score", "plan_completion"):
        items = client.get("/api/v1/assessments", headers=hr, query_string={**query, "sort": sort}).get_json()["items"]
        assert all(item["assessable"] for item in items[:[i["team"] for i in items].index(empty)]), \
            f"by {sort}: after every team that is assessed, its fully held plan notwithstanding"
    by_name = client.get("/api/v1/assessments", headers=hr, query_string={**query, "sort": "name"}).get_json()
    assert by_name["items"][0]["team"] == empty, "by name the list stays in name order, to be looked up"
    machine = client.get("/api/v1/assessments", headers=hr, query_string={**query, "format": "csv"})
    row = next(r for r in csv.reader(io.StringIO(machine.get_data(as_text=True))) if r[0] == empty)
    assert row[2:5] == ["0", "", "not_assessable"]
    people = client.get("/api/v1/assessments", headers=hr, query_string={**query, "format": "csv", "lang": "zh"})
    row = next(r for r in csv.reader(io.StringIO(people.get_data(as_text=True).lstrip("\ufeff"))) if r[0] == empty)
    assert row[4] == "不参与考核"


def test_members_whose_occupation_has_no_requirements_set(client, token, teams, services):
    services.unconfigured.update({teams["b1"], teams["mover"]})
    hr = token("hr")
    body = client.get(f"/api/v1/teams/{teams['b']}/assessment", headers=hr,
                      query_string={"year": YEAR, "as_of": "2026-11-30"}).get_json()
    assert points(body)["compliance"] == (None, None, False), "not configured is not 100 %"
    matrix = client.get(f"/api/v1/teams/{teams['b']}/skill-matrix", headers=hr,
                        query_string={"as_of": "2026-11-30"}).get_json()
    assert (matrix["types"], matrix["unconfigured"]) == ([], ["electrician"])
    services.unconfigured.discard(teams["b1"])
    services.cells[teams["b1"]] = {"post_qualification": "valid"}
    services.cells[teams["mover"]] = {"post_qualification": "not_required"}
    matrix = client.get(f"/api/v1/teams/{teams['b']}/skill-matrix", headers=hr,
                        query_string={"as_of": "2026-11-30"}).get_json()
    assert matrix["unconfigured"] == ["electrician"], "the occupation of the member credentials finds unconfigured"


def test_a_worker_who_left_counts_until_the_day_before_leaving(client, token, runtime, teams, services):
    with runtime.uow() as uow:
        directory.leave(uow, teams["a1"], date(2026, 9, 1), "Moved away", date(2026, 12, 7))
        uow.commit()
    hr = token("hr")
    before = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                        query_string={"year": YEAR, "as_of": "2026-06-30"}).get_json()
    assert before["members"] == 4 and before["score"] == "82.50", "on days before leaving they counted as then"
    after = client.get(f"/api/v1/teams/{teams['a']}/assessment", headers=hr,
                       query_string={"year": YEAR, "as_of": "2026-09-01"}).get_json()
    assert after["members"] == 2, "from the day they left: the leader and A2 (M moved to B)"
    asked = [q for p, q, _ in services.asked if p == "/api/v1/credential-summary"][-1]
    assert teams["a1"] not in asked["employee_nos"]
    listed = client.get("/api/v1/assessments", headers=hr,
                        query_string={"year": YEAR, "as_of": "2026-11-30", "per_page": 500}).get_json()
    assert next(item for item in listed["items"] if item["team"] == teams["a"])["members"] == 2

    def rows(day: str) -> list[str]:
        return [r["employee_no"] for r in client.get(f"/api/v1/teams/{teams['a']}/skill-matrix", headers=hr,
                                                     query_string={"as_of": day}).get_json()["rows"]]

    assert teams["a1"] in rows("2026-08-31") and teams["a1"] not in rows("2026-09-01")
