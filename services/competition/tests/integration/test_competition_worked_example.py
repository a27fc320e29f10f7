"""domain.md, Competition, worked example, through the HTTP API: judges, blind scoring, a spread flag,
a refused close, the audit log, publication, exact results, prizes, promotions and their events."""
from __future__ import annotations

import uuid
from decimal import Decimal

from banzu_common.messaging.contracts import PromotionEarned, ResultsPublished

from banzu_competition.service_layer.integration_events import promotion_id
from competition_api import TODAY, add_team, add_worker, ok, outbox_rows, refused, tag

# contestant: (team, grade, T, P scores by judges 1..5, F scores by judges 1..3)
TABLE = {
    "A": ("T", "intermediate", 90, [80, 84, 86, 88, 90], [40, 42, 44]),
    "B": ("U", "senior", 80, [88, 88, 90, 92, 94], [40, 40, 43]),
    "C": ("U", "junior", 70, [70, 72, 74, 76, 78], [30, 35, 37]),
    "D": ("U", "junior", 50, [50, 55, 60, 58, 52], [20, 25, 24]),
}
EXPECTED = {  # rank, total, T %, P %, F %, prize, promotion
    "B": (1, "86.40", "80.00", "90.00", "82.00", "first", {"from_grade": "senior", "to_grade": "technician"}),
    "A": (2, "86.40", "90.00", "86.00", "84.00", "second", {"from_grade": "intermediate", "to_grade": "senior"}),
    "C": (3, "72.00", "70.00", "74.00", "68.00", "third", None),
    "D": (4, "52.20", "50.00", "55.00", "46.00", None, None),
}


def test_worked_example_end_to_end(api):
    t = tag()
    teams = {"T": (f"T{t}", f"Acme Power {t}"), "U": (f"U{t}", f"Beta Grid {t}")}
    for code, company in teams.values():
        add_team(code, company)
    emp = {name: f"E{t}{name}" for name in TABLE}
    for name, (team, grade, *_) in TABLE.items():
        add_worker(emp[name], teams[team][0], teams[team][1], grade)

    judges = [api.judge(f"Judge{n}") for n in range(1, 6)]
    cid = api.contest()
    for n, (judge_id, _) in enumerate(judges, start=1):
        api.assign(cid, judge_id, ["P"] + (["F"] if n <= 3 else []) + (["T"] if n == 1 else []))
    api.lifecycle(cid, "open")
    for name in TABLE:
        assert ok(api.register(cid, emp[name]), 201)["bib"] is None
    started = api.lifecycle(cid, "start")
    assert started["status"] == "running"
    bib = {name: api.bibs(cid)[emp[name]] for name in TABLE}
    assert sorted(bib.values()) == [1, 2, 3, 4]

    # Judges see bibs, never employee numbers, names or teams.
    j2 = judges[1][1]
    tasks = ok(j2.get(f"/contests/{cid}/assignments"))
    assert {(row["segment"], row["bib"]) for row in tasks["items"]} == {(s, b) for s in "PF" for b in bib.values()}
    assert all(set(row) == {"segment", "bib"} for row in tasks["items"])
    assert "bibs" not in tasks

    j1, j5 = judges[0][1], judges[4][1]
    for name, (_, _, theory, practical, troubleshooting) in TABLE.items():
        ok(j1.put(f"/contests/{cid}/scores/T/{bib[name]}", {"score": theory}))
        for (_, judge), score in zip(judges, practical):
            ok(judge.put(f"/contests/{cid}/scores/P/{bib[name]}", {"score": score}))
        for (_, judge), score in zip(judges, troubleshooting):
            ok(judge.put(f"/contests/{cid}/scores/F/{bib[name]}", {"score": str(score)}))
    refused(j1.put(f"/contests/{cid}/scores/P/{bib['A']}", {"score": 101}), 422)

    # Judge 5 mistypes C's practical score: 70 72 74 76 99 spreads 29 > 20.
    refused(j5.put(f"/contests/{cid}/scores/P/{bib['C']}", {"score": 99}), 422)  # a saved score: reason needed
    ok(j5.put(f"/contests/{cid}/scores/P/{bib['C']}", {"score": 99, "reason": "re-read the sheet"}))
    mine = ok(j2.get(f"/contests/{cid}/scores"))["items"]
    assert mine and {row["judge_id"] for row in mine} == {judges[1][0]}
    assert all("employee_no" not in row for row in mine)
    flagged = [r for r in ok(api.organizer.get(f"/contests/{cid}/scores", segment="P", per_page=100))["items"]
               if r["flag"] == "needs_review"]
    assert {row["employee_no"] for row in flagged} == {emp["C"]}

    problem = refused(api.organizer.post(f"/contests/{cid}/close"), 409, "scoring_incomplete")
    assert problem["missing"] == []
    assert [(f["segment"], f["bib"], f["spread"]) for f in problem["flags"]] == [("P", bib["C"], "29.00")]

    ok(j5.put(f"/contests/{cid}/scores/P/{bib['C']}", {"score": 78, "reason": "typo"}))
    audit = ok(api.organizer.get(f"/contests/{cid}/audit", per_page=500))
    assert audit["total"] == 4 * (1 + 5 + 3) + 2
    last = audit["items"][-1]
    assert (last["old"], last["new"], last["reason"], last["judge_id"]) == ("99.00", "78.00", "typo", judges[4][0])
    assert last["employee_no"] == emp["C"] and last["changed_by"] == j5.username

    assert api.lifecycle(cid, "close")["status"] == "closed"
    # Once scoring is closed a judge sees every score, still by bib only.
    assert ok(j2.get(f"/contests/{cid}/scores", segment="P", per_page=100))["total"] == 20
    refused(api.organizer.get(f"/contests/{cid}/results"), 409, "not_published")

    published = api.lifecycle(cid, "publish")
    assert published["status"] == "published" and published["published_on"] == TODAY.isoformat()

    results = ok(api.caller(f"worker-{t}", ["worker"]).get(f"/contests/{cid}/results"))
    assert results["contest"]["id"] == cid and results["total"] == 4
    by_emp = {row["employee_no"]: row for row in results["items"]}
    for name, (rank, total, t_pct, p_pct, f_pct, prize, promotion) in EXPECTED.items():
        row = by_emp[emp[name]]
        assert (row["rank"], row["total"], row["prize"], row["promotion"]) == (rank, total, prize, promotion), row
        assert row["segments"] == {"T": t_pct, "P": p_pct, "F": f_pct}
        assert row["name"] == f"Worker {emp[name]}" and row["bib"] == bib[name]
    assert [row["rank"] for row in results["items"]] == [1, 2, 3, 4]

    # B's own record of contests, as HR (and the worker profile) reads it
    record = ok(api.caller(f"hr-{t}", ["hr"]).get(f"/workers/{emp['B']}/contest-results"))
    assert [(r["contest_id"], r["rank"], r["total"], r["prize"], r["promotion"]) for r in record["items"]] == [
        (cid, 1, "86.40", "first", {"from_grade": "senior", "to_grade": "technician"})]
    refused(api.caller(f"worker-{t}", ["worker"]).get(f"/workers/{emp['B']}/contest-results"), 403)

    _assert_events(cid, published["name"], emp, teams)


def _assert_events(cid: str, contest_name: str, emp: dict, teams: dict) -> None:
    announced = [e for e in outbox_rows((ResultsPublished.TYPE,)) if e.data["contest_id"] == cid]
    assert len(announced) == 1
    assert announced[0].data == {
        "contest_id": cid, "name": contest_name, "occupation": "electrician", "published_on": TODAY.isoformat(),
        "results": [
            {"employee_no": emp["B"], "team_code": teams["U"][0], "rank": 1, "total": "86.40", "prize": "first",
             "promoted_from": "senior", "promoted_to": "technician"},
            {"employee_no": emp["A"], "team_code": teams["T"][0], "rank": 2, "total": "86.40", "prize": "second",
             "promoted_from": "intermediate", "promoted_to": "senior"},
            {"employee_no": emp["C"], "team_code": teams["U"][0], "rank": 3, "total": "72.00", "prize": "third",
             "promoted_from": None, "promoted_to": None},
            {"employee_no": emp["D"], "team_code": teams["U"][0], "rank": 4, "total": "52.20", "prize": None,
             "promoted_from": None, "promoted_to": None},
        ],
    }
    promotions = [e for e in outbox_rows((PromotionEarned.TYPE,)) if e.data["source_id"] == cid]
    common = {"occupation": "electrician", "source": "contest", "source_id": cid, "source_name": contest_name,
              "effective_on": TODAY.isoformat()}
    assert sorted((e.data for e in promotions), key=lambda d: d["employee_no"]) == [
        {"promotion_id": promotion_id(cid, emp["A"]), "employee_no": emp["A"], "team_code": teams["T"][0],
         "from_grade": "intermediate", "to_grade": "senior", **common},
        {"promotion_id": promotion_id(cid, emp["B"]), "employee_no": emp["B"], "team_code": teams["U"][0],
         "from_grade": "senior", "to_grade": "technician", **common},
    ]
    assert all(e.subject == e.data["promotion_id"] for e in promotions)
    assert uuid.UUID(promotions[0].data["promotion_id"]).version == 5
    assert Decimal(announced[0].data["results"][0]["total"]) == Decimal("86.40")
