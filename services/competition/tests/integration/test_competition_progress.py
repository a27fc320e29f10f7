"""Scoring progress per judge and segment, and the contest list filtered by state and by the caller's judging."""
from __future__ import annotations

from competition_api import add_team, add_worker, ok, refused, tag


def test_progress_per_judge_and_segment_for_the_organizer_and_the_judge(api):
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    emp = [f"E{t}{n}" for n in range(3)]
    for employee_no in emp:
        add_worker(employee_no, f"T{t}", f"Acme {t}", "junior")
    (j1_id, j1), (j2_id, j2) = api.judge("Alpha"), api.judge("Beta", workers=[emp[2]])
    cid = api.contest()
    api.assign(cid, j1_id, ["P", "F"])
    api.assign(cid, j2_id, ["P"])
    bibs = api.start_with(cid, emp)
    ok(j1.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 90}))
    ok(j2.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 60}))  # spread 30 > 20
    ok(api.organizer.put(f"/contests/{cid}/scores/T/{bibs[emp[1]]}", {"score": 75}))
    ok(j2.post(f"/contests/{cid}/segments/P/signoff"))

    seen = ok(api.organizer.get(f"/contests/{cid}/progress"))
    assert seen["status"] == "running"
    rows = {(row["judge_name"], row["segment"]): row for row in seen["judges"]
            if not row["judge_name"].startswith("Reserve")}
    assert set(rows) == {("Alpha", "P"), ("Alpha", "F"), ("Beta", "P")}
    alpha_p, beta_p = rows[("Alpha", "P")], rows[("Beta", "P")]
    assert (alpha_p["to_score"], alpha_p["scored"], alpha_p["signed_off_at"]) == (3, 1, None)
    assert alpha_p["missing"] == sorted(bibs[e] for e in emp[1:]) and alpha_p["flagged"] == [bibs[emp[0]]]
    assert (beta_p["to_score"], beta_p["scored"]) == (2, 1), "the conflicted contestant is not Beta's to score"
    assert beta_p["signed_off_at"] is not None and beta_p["method"] == "judgement"
    assert rows[("Alpha", "F")]["scored"] == 0 and rows[("Alpha", "F")]["username"] == j1.username
    # What blocks closing, as a refused close lists it.
    refusal = refused(api.organizer.post(f"/contests/{cid}/close"), 409, "scoring_incomplete")
    named = [{**flag, "scores": [{k: v for k, v in score.items() if k != "judge"} for score in flag["scores"]]}
             for flag in seen["flags"]]
    assert seen["missing"] == refusal["missing"] and named == refusal["flags"]
    assert [score["judge"] for score in seen["flags"][0]["scores"]] == ["Alpha", "Beta"]
    assert [(f["segment"], f["bib"]) for f in seen["flags"]] == [("P", bibs[emp[0]])]

    own = ok(j2.get(f"/contests/{cid}/progress"))
    assert [(row["judge_id"], row["segment"]) for row in own["judges"]] == [(j2_id, "P")]
    assert "missing" not in own and "flags" not in own, "a judge sees bibs only, never who is behind them"
    assert emp[0] not in str(own)
    refused(api.caller(f"judgeless-{t}", ["judge"]).get(f"/contests/{cid}/progress"), 403, "not_a_judge")
    refused(api.caller(f"worker-{t}", ["worker"]).get(f"/contests/{cid}/progress"), 403)


def test_contests_filtered_by_state_and_by_the_callers_assignments(api):
    judge_id, judge = api.judge("Gamma")
    draft, assigned = api.contest(), api.contest()
    api.assign(assigned, judge_id, ["P"])
    api.lifecycle(assigned, "open")

    def ids(caller, **params) -> set[str]:
        return {c["id"] for c in ok(caller.get("/contests", per_page=500, **params))["items"]}

    assert {draft, assigned} <= ids(api.organizer)
    not_drafts = ids(api.organizer, status=["open", "running", "closed", "published"])
    assert assigned in not_drafts and draft not in not_drafts
    assert ids(judge, assigned="true") == {assigned}
    refused(api.organizer.get("/contests", assigned="true"), 403, "not_a_judge")
    problem = refused(api.organizer.get("/contests", status="finished"), 422)
    assert "status.0" in problem["errors"]
