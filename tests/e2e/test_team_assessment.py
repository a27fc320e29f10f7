"""Team assessment (班组考核) and the skill matrix through the gateway, from live data of every part:
domain.md's worked example with real sessions and attendance, a plan, a contest, credentials and
mentorships (85.08, four stars; 87.59 for its twin where no mentorship ended), read by HR and by
the team's leader, and marked unavailable while training is stopped; a plan's own hours target, and
a brand-new team that is not assessed."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

from banzu_common.dates import add_months

from client import eventually
from flows import created, run_contest, team, user, worker

TODAY = date.today()
YEAR = TODAY.year
SESSIONS = 9  # of 10 planned deliveries
HOURS = 8  # per session and person: 9 × 8 = 72 h each, 720 h for ten


def assessment(client, code: str) -> dict:
    answer = client.get(f"/teams/{code}/assessment", params={"year": str(YEAR)})
    assert answer.status == 200, answer
    return answer.json()


def indicators(body: dict) -> dict:
    return {i["code"]: (i["actual"], i["points"], i["applicable"]) for i in body["indicators"]}


def test_the_worked_example_end_to_end(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hra{tag}".lower(), ["hr"])
    trainer = user(admin, banzu, f"tra{tag}".lower(), ["trainer"])
    occupation = banzu.occupation(f"fitter_{tag.lower()}")
    assert admin.put(f"/occupation-requirements/{occupation}", {"type_codes": ["post_qualification"]}).status == 200

    # Two teams of ten with the same facts; only the first has mentorships that ended this year.
    home, twin = team(hr, f"H{tag}", f"Works {tag}"), team(hr, f"W{tag}", f"Works {tag}")
    people = {code: [worker(hr, f"{code}-{n}", code, "junior", occupation) for n in range(10)] for code in (home, twin)}
    everyone = people[home] + people[twin]

    # 9 of 10 compliant: a post qualification (required of the occupation) for all but the last.
    for code in (home, twin):
        for n, employee_no in enumerate(people[code][:9]):
            created(hr, "/credentials", {"employee_no": employee_no, "type_code": "post_qualification",
                                         "number": f"PQ{code}{n}", "issuer": "Works school",
                                         "issued_on": (TODAY - timedelta(days=100)).isoformat()}, "credential")

    # A plan of ten deliveries this month; nine sessions held, each attended by all twenty for 8 h.
    course = f"FT{tag}"
    assert trainer.post("/courses", {"code": course, "title": "Fitting", "occupation": occupation, "hours": HOURS,
                                     "kind": "practical"}).status == 201
    # Scheduled a day ahead, filled, then moved to start seconds from now (as a trainer may, until a
    # session starts): attendance is taken as soon as they have started.
    ahead = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    sessions = []
    for n in range(SESSIONS):
        starts = ahead + timedelta(seconds=2 * n)
        sessions.append(trainer.post("/sessions", {
            "course_code": course, "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(seconds=1)).isoformat(),
            "location": f"Hall {tag}", "capacity": 20}).json()["id"])
    month = datetime.now(timezone.utc).month
    for code in (home, twin):
        created(trainer, "/plans", {"team_code": code, "year": YEAR, "items": [{"course_code": course, "month": month}] * 10},
                f"plan of {code}")
    for session_id in sessions:
        for employee_no in everyone:
            created(trainer, f"/sessions/{session_id}/enrollments", {"employee_no": employee_no}, f"enrol {employee_no}")
    first = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=3)
    for n, session_id in enumerate(sessions):
        starts = first + timedelta(seconds=2 * n)
        moved = trainer.patch(f"/sessions/{session_id}", {"starts_at": starts.isoformat(),
                                                          "ends_at": (starts + timedelta(seconds=1)).isoformat()})
        assert moved.status == 200, moved
    records = [{"employee_no": employee_no, "present": True, "hours": HOURS} for employee_no in everyone]
    for session_id in sessions:
        eventually(lambda: trainer.post(f"/sessions/{session_id}/attendance", {"records": records}).status == 200,
                   "attendance once the session has started", timeout=90)

    # Mentorships of the first team: C's lapsed yesterday; B's is achieved by B's promotion below.
    b, c, mentor = people[home][1], people[home][2], people[home][9]
    lapsed_end = TODAY - timedelta(days=1)
    created(trainer, "/mentorships", {"mentor": mentor, "apprentice": c, "occupation": occupation,
                                      "goal_grade": "intermediate", "starts_on": (add_months(lapsed_end, -3) + timedelta(days=1)).isoformat(),
                                      "ends_on": lapsed_end.isoformat()}, "lapsed mentorship")
    achieved = created(trainer, "/mentorships", {"mentor": mentor, "apprentice": b, "occupation": occupation,
                                                 "goal_grade": "intermediate",
                                                 "starts_on": (TODAY - timedelta(days=30)).isoformat(),
                                                 "ends_on": add_months(TODAY - timedelta(days=30), 6).isoformat()},
                       "mentorship to be achieved")

    # domain.md's contest in each team: B first, A second, C third, D nothing; only the first is promoted.
    only_first = {"first": 1, "second": 0, "third": 0, "cap": "technician"}
    for code in (home, twin):
        a, b_, c_, d = people[code][:4]
        run_contest(admin, banzu, occupation, TODAY.isoformat(), {
            a: (90, [80, 84, 86, 88, 90], [40, 42, 44]), b_: (80, [88, 88, 90, 92, 94], [40, 40, 43]),
            c_: (70, [70, 72, 74, 76, 78], [30, 35, 37]), d: (50, [50, 55, 60, 58, 52], [20, 25, 24])},
            promotions=only_first)
    eventually(lambda: trainer.get(f"/mentorships/{achieved['id']}").json()["status"] == "achieved",
               "B's promotion achieves the mentorship")

    def settled(code, score):
        body = assessment(hr, code)
        return body if body["score"] == score else None

    body = eventually(lambda: settled(home, "85.08"), "domain.md's example: 85.08")
    assert (body["members"], body["rating"], body["year"], body["unavailable"]) == (10, "four_star", YEAR, [])
    assert indicators(body) == {
        "training_hours": ("72.00", "18.00", True), "plan_completion": ("90.00", "15.00", True),
        "promotion_rate": ("10.00", "13.33", True), "compliance": ("90.00", "22.50", True),
        "contest_prizes": ("3.00", "10.00", True), "mentorship": ("50.00", "6.25", True)}
    twin_body = eventually(lambda: settled(twin, "87.59"), "no mentorship ended: 87.59")
    assert twin_body["rating"] == "four_star" and indicators(twin_body)["mentorship"] == (None, None, False)
    hours = body["indicators"][0]
    assert (hours["code"], hours["target"], hours["target_source"]) == ("training_hours", "80.00", "plan"), \
        "the plans were made with training's default of 80 h per person"
    assert [(band["code"], band["at_least"]) for band in body["rating_bands"]] == [
        ("five_star", "90"), ("four_star", "80"), ("three_star", "70"), ("needs_improvement", "0")]

    # A team whose plan asks 48 h per person is measured against 48 h; a brand-new team is not assessed.
    planned, empty = team(hr, f"P{tag}", f"Works {tag}"), team(hr, f"E{tag}", f"Works {tag}")
    worker(hr, f"{planned}-1", planned, "junior", occupation)
    created(trainer, "/plans", {"team_code": planned, "year": YEAR, "target_hours_per_person": "48",
                                "items": [{"course_code": course, "month": month}]}, f"plan of {planned}")
    planned_hours = eventually(lambda: (lambda i: i if i["target"] == "48.00" else None)(
        assessment(hr, planned)["indicators"][0]), "the plan's own target")
    assert (planned_hours["target_source"], planned_hours["actual"]) == ("plan", "0.00")
    new = assessment(hr, empty)
    assert (new["members"], new["score"], new["rating"], new["assessable"]) == (0, None, None, False)

    listed = hr.get("/assessments", params={"year": str(YEAR), "per_page": 500}).json()["items"]
    order = [item["team"] for item in listed]
    assert order.index(twin) < order.index(home), "best first"
    flags = [item["assessable"] for item in listed]
    assert flags == sorted(flags, reverse=True), "teams not assessed come after every team assessed"

    # The leader of the first team reads it, and nobody else's.
    assert hr.patch(f"/teams/{home}", {"leader": mentor}).status == 200
    leader = user(admin, banzu, f"lead{tag}".lower(), ["worker"], mentor)
    assert assessment(leader, home)["score"] == "85.08"
    assert leader.get(f"/teams/{twin}/assessment").status == 403
    assert leader.get(f"/teams/{home}/skill-matrix").status == 200

    banzu.stop("training")
    try:
        partial = assessment(hr, home)
        assert (partial["score"], partial["rating"], partial["unavailable"]) == (None, None, ["training"])
        assert indicators(partial)["compliance"] == ("90.00", "22.50", True), "what is known is still shown"
    finally:
        banzu.start("training")
    eventually(lambda: hr.get("/courses").status == 200, "training back")


def test_the_skill_matrix_on_a_given_day(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hrm{tag}".lower(), ["hr"])
    trainer = user(admin, banzu, f"trm{tag}".lower(), ["trainer"])
    fitter, clerk = (banzu.occupation(f"{trade}_{tag.lower()}") for trade in ("fitter", "clerk"))
    assert admin.put(f"/occupation-requirements/{fitter}",
                     {"type_codes": ["special_operation", "post_qualification"]}).status == 200
    assert admin.put(f"/occupation-requirements/{clerk}", {"type_codes": ["special_operation"]}).status == 200
    code = team(hr, f"M{tag}", f"Works {tag}")
    a, b = worker(hr, f"A{tag}", code, "senior", fitter), worker(hr, f"B{tag}", code, "junior", fitter)
    c = worker(hr, f"C{tag}", code, "junior", clerk)

    def issue(employee_no, type_code, number, issued_on, **more):
        created(hr, "/credentials", {"employee_no": employee_no, "type_code": type_code, "number": number + tag,
                                     "issuer": "Bureau", "issued_on": issued_on, **more}, number)

    issue(a, "special_operation", "SOA", "2021-06-01")  # review due from 2024-06-01
    issue(a, "post_qualification", "PQA", "2025-06-01")  # valid until 2027-06-01
    issue(b, "post_qualification", "PQB", "2023-11-20")  # expires 2025-11-20: 19 days left on 1 November
    issue(c, "special_operation", "SOC", "2019-01-01", expires_on="2025-01-01")

    def matrix(as_of):
        answer = trainer.get(f"/teams/{code}/skill-matrix", params={"as_of": as_of})
        assert answer.status == 200, answer
        return answer.json()

    body = eventually(lambda: (lambda m: m if len(m["rows"]) == 3 else None)(matrix("2025-11-01")), "three members")
    assert (body["team"], body["as_of"], body["types"], body["unavailable"]) == (
        code, "2025-11-01", ["post_qualification", "special_operation"], [])
    assert {row["employee_no"]: row["cells"] for row in body["rows"]} == {
        a: {"post_qualification": "valid", "special_operation": "review_due"},
        b: {"post_qualification": "expiring", "special_operation": "missing"},
        c: {"post_qualification": "not_required", "special_operation": "expired"}}
    assert [(row["occupation"], row["grade"], row["training_hours"]) for row in body["rows"]] == [
        (fitter, "senior", "0.00"), (fitter, "junior", "0.00"), (clerk, "junior", "0.00")]
    earlier = {row["employee_no"]: row["cells"] for row in matrix("2024-12-01")["rows"]}
    assert earlier == {
        a: {"post_qualification": "missing", "special_operation": "review_due"},  # not issued yet
        b: {"post_qualification": "valid", "special_operation": "missing"},
        c: {"post_qualification": "not_required", "special_operation": "review_due"}}  # not expired yet
