"""A contestant's copy of their personal data keeps blind scoring: until the contest's results are
published it shows only that they are registered — no bib, no score, no judge's reason for a change, no
spread review, no result; once published, what the results show. On PostgreSQL and SQLite."""
from __future__ import annotations

from banzu_common.auth import issue_token

from banzu_competition.bootstrap import runtime
from competition_api import PREFIX, add_team, add_worker, ok, tag

JUDGED = [{"code": "P", "name": "Practical", "weight": 100, "max_score": 100, "method": "judgement",
           "max_spread": 10}]
SCORING = ("scores_received", "score_changes", "spread_reviews", "results")


def own_copy(api, employee_no: str) -> dict:
    """The competition's part of the ZIP, as the worker themself asks for it."""
    token = issue_token(runtime.settings.jwt_secret, f"u-{employee_no}", ["worker"], employee_no, 600)
    response = api.client.get(f"{PREFIX}/personal-data/{employee_no}", headers={"Authorization": f"Bearer {token}"})
    return ok(response)["held"]


def test_before_publication_the_copy_shows_only_the_registration(any_api):
    api, t = any_api, tag()
    worker = f"E{t}"
    add_team(f"T{t}", f"Acme {t}")
    add_worker(worker, f"T{t}", f"Acme {t}", "junior")
    judges = [api.judge(f"J{n}") for n in range(3)]
    cid = api.contest(segments=JUDGED)
    for judge_id, _ in judges:
        api.assign(cid, judge_id, ["P"])
    bib = api.start_with(cid, [worker], reserves=False)[worker]
    for (_, judge), score in zip(judges, (50, 60, 90)):
        ok(judge.put(f"/contests/{cid}/scores/P/{bib}", {"score": score}))
    ok(judges[2][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 85, "reason": "weld porosity seen late"}))
    ok(api.organizer.post(f"/contests/{cid}/scores/P/{bib}/accept-spread", {"reason": "a hard joint"}))

    def leaked(held: dict) -> list[str]:
        text = repr({name: held[name] for name in SCORING} | {"registrations": held["registrations"]})
        return [word for word in ("weld porosity", "a hard joint", "'85", "'50") if word in text]

    for stage in ("running", "closed"):
        if stage == "closed":
            api.lifecycle(cid, "close")
        held = own_copy(api, worker)
        [registration] = held["registrations"]
        assert (registration["contest_id"], registration["status"], registration["bib"]) == (cid, "registered", None)
        assert [c["status"] for c in held["contests"] if c["id"] == cid] == [stage]
        assert {name: held[name] for name in SCORING} == {name: [] for name in SCORING}, stage
        assert leaked(held) == [], stage

    api.lifecycle(cid, "publish")
    held = own_copy(api, worker)
    assert held["registrations"][0]["bib"] == bib
    [result] = held["results"]
    assert (result["contest_id"], result["rank"], result["bib"]) == (cid, 1, bib)
    assert sorted(float(s["value"]) for s in held["scores_received"]) == [50, 60, 85]
    assert all(s["scored_by"] == "judge" and "judge_id" not in s for s in held["scores_received"])
    assert [c["reason"] for c in held["score_changes"] if c["old_value"] is not None] == ["weld porosity seen late"]
    assert [(f["status"], f["reason"]) for f in held["spread_reviews"]] == [("accepted", "a hard joint")]
