"""Scoring rules through the HTTP API: concurrency, sign-off lock, blindness, conflicts of interest."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from banzu_competition.adapters.tables import score_changes, scores
from banzu_competition.bootstrap import runtime
from competition_api import add_team, add_worker, ok, refused, tag


def running_contest(api, judges: list[tuple[str, list[str]]], workers: int = 2, company: str | None = None):
    """A running contest with `workers` contestants of one team; returns (contest id, team, employee nos, bibs)."""
    t = tag()
    team, company = f"T{t}", company or f"Acme {t}"
    add_team(team, company)
    emp = [f"E{t}{n}" for n in range(workers)]
    for employee_no in emp:
        add_worker(employee_no, team, company, "junior")
    cid = api.contest()
    for judge_id, segments in judges:
        api.assign(cid, judge_id, segments)
    return cid, team, emp, api.start_with(cid, emp)


def count(table, contest_id: str) -> int:
    with runtime.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table).where(table.c.contest_id == contest_id))


def test_twenty_concurrent_identical_submissions_leave_one_score(api):
    judge_id, judge = api.judge("Concurrent")
    cid, _, emp, bibs = running_contest(api, [(judge_id, ["P"])], workers=1)
    statuses, barrier = [], threading.Barrier(20)

    def submit():
        barrier.wait()
        statuses.append(judge.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 77}).status_code)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    assert count(scores, cid) == 1
    assert count(score_changes, cid) == 1


def test_measurement_segment_holds_one_score_whoever_enters_it(api):
    judge_id, judge = api.judge("Theory")
    cid, _, emp, bibs = running_contest(api, [(judge_id, ["T", "P"])], workers=1)
    ok(judge.put(f"/contests/{cid}/scores/T/{bibs[emp[0]]}", {"score": 60}))
    row = ok(api.organizer.put(f"/contests/{cid}/scores/T/{bibs[emp[0]]}", {"score": "61.5", "reason": "recount"}))
    assert (row["score"], row["judge_id"]) == ("61.50", None)
    assert count(scores, cid) == 1
    refused(api.organizer.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 50}), 403, "not_assigned")


def test_sign_off_locks_the_judges_scores(api):
    judge_id, judge = api.judge("Signer")
    other_id, other = api.judge("Other")
    cid, _, emp, bibs = running_contest(api, [(judge_id, ["P"]), (other_id, ["P"])], workers=1)
    path = f"/contests/{cid}/scores/P/{bibs[emp[0]]}"
    ok(judge.put(path, {"score": 70}))
    signed = ok(judge.post(f"/contests/{cid}/segments/P/signoff"))
    assert signed["judge_id"] == judge_id
    refused(judge.put(path, {"score": 71}), 409, "score_locked")
    ok(other.put(path, {"score": 72}))  # other judges are not locked
    refused(judge.post(f"/contests/{cid}/segments/F/signoff"), 403, "not_assigned")
    refused(api.organizer.post(f"/contests/{cid}/segments/P/signoff"), 403, "forbidden")


def test_a_judge_reads_only_their_own_scores_before_close(api):
    first_id, first = api.judge("First")
    second_id, second = api.judge("Second")
    cid, _, emp, bibs = running_contest(api, [(first_id, ["P"]), (second_id, ["P"])], workers=1)
    ok(first.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 81}))
    ok(second.put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 83}))
    seen = ok(second.get(f"/contests/{cid}/scores"))["items"]
    assert [(row["judge_id"], row["score"]) for row in seen] == [(second_id, "83.00")]
    assert ok(api.organizer.get(f"/contests/{cid}/scores"))["total"] == 2
    refused(api.caller(f"w-{tag()}", ["worker"]).get(f"/contests/{cid}/scores"), 403)
    refused(api.caller(f"j-{tag()}", ["judge"]).get(f"/contests/{cid}/scores"), 403, "not_a_judge")


def test_conflicts_of_interest_are_refused_and_hidden(api):
    t = tag()
    same_company = f"Acme {t}"
    by_company = api.judge("Insider", organization=f"  acme {t.lower()} ")
    cid, team, emp, bibs = running_contest(api, [], workers=3, company=same_company)
    by_team = api.judge("TeamMate", teams=[team])
    by_worker = api.judge("Friend", workers=[emp[0]])
    # A stand-in joins a running contest under the same conflict rule.
    ok(api.organizer.post(f"/contests/{cid}/judges", {"judge_id": by_company[0], "segments": ["P"]}), 201)
    refused(by_company[1].put(f"/contests/{cid}/scores/P/{bibs[emp[0]]}", {"score": 50}), 403, "conflict_of_interest")
    assert ok(by_company[1].get(f"/contests/{cid}/assignments"))["items"] == []

    # Conflicts with a team or a worker, on a second contest assigned before it starts.
    cid2 = api.contest()
    for judge_id, _ in (by_company, by_team, by_worker):
        api.assign(cid2, judge_id, ["P"])
    bibs2 = api.start_with(cid2, emp)
    for (_, judge) in (by_company, by_team):
        refused(judge.put(f"/contests/{cid2}/scores/P/{bibs2[emp[1]]}", {"score": 50}), 403, "conflict_of_interest")
        assert ok(judge.get(f"/contests/{cid2}/assignments"))["items"] == []
    refused(by_worker[1].put(f"/contests/{cid2}/scores/P/{bibs2[emp[0]]}", {"score": 50}), 403,
            "conflict_of_interest")
    ok(by_worker[1].put(f"/contests/{cid2}/scores/P/{bibs2[emp[1]]}", {"score": 50}))
    tasks = ok(by_worker[1].get(f"/contests/{cid2}/assignments"))["items"]
    assert sorted(row["bib"] for row in tasks) == sorted(bibs2[e] for e in emp[1:])


def test_scores_need_a_running_contest_an_assignment_and_a_valid_value(api):
    judge_id, judge = api.judge("Strict")
    cid, _, emp, bibs = running_contest(api, [(judge_id, ["P"])], workers=1)
    path = f"/contests/{cid}/scores/P/{bibs[emp[0]]}"
    refused(judge.put(f"/contests/{cid}/scores/F/{bibs[emp[0]]}", {"score": 10}), 403, "not_assigned")
    refused(judge.put(path, {"score": -1}), 422)
    refused(judge.put(path, {"score": "eighty"}), 422)
    assert "score" in refused(judge.put(path, {"score": "80.12345"}), 422)["errors"]
    refused(judge.put(path, {}), 422)
    refused(judge.put(f"/contests/{cid}/scores/P/999", {"score": 10}), 404)
    refused(judge.put(f"/contests/{cid}/scores/X/1", {"score": 10}), 404)
    refused(judge.put(f"/contests/{cid}/scores/P/99999999999999999999", {"score": 10}), 404)
    refused(judge.put("/contests/not-a-contest/scores/P/1", {"score": 10}), 404)
    refused(judge.put(f"/contests/{cid}/scores/P%00/1", {"score": 10}), 404)
    assert ok(judge.put(path, {"score": 80}))["score"] == "80.00"


def test_close_lists_missing_scores_and_accepting_a_spread_resolves_a_flag(api):
    judges = [api.judge(f"J{n}") for n in range(3)]
    segments = [{"code": "P", "name": "Practical", "weight": 100, "max_score": 100, "method": "judgement"}]
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    add_worker(f"E{t}", f"T{t}", f"Acme {t}", "junior")
    cid = api.contest(segments=segments)
    for judge_id, _ in judges:
        api.assign(cid, judge_id, ["P"])
    bib = api.start_with(cid, [f"E{t}"])[f"E{t}"]
    ok(judges[0][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 50}))
    problem = refused(api.organizer.post(f"/contests/{cid}/close"), 409, "scoring_incomplete")
    assert problem["missing"] == [{"segment": "P", "bib": bib, "employee_no": f"E{t}", "scores": 1, "needed": 3}]
    refused(api.organizer.post(f"/contests/{cid}/scores/P/{bib}/accept-spread", {"reason": "ok"}), 409, "not_flagged")
    ok(judges[1][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 90}))
    ok(judges[2][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 70}))
    assert refused(api.organizer.post(f"/contests/{cid}/close"), 409)["flags"][0]["spread"] == "40.00"
    refused(api.organizer.post(f"/contests/{cid}/scores/P/{bib}/accept-spread", {"reason": "  "}), 422)
    refused(judges[0][1].post(f"/contests/{cid}/scores/P/{bib}/accept-spread", {"reason": "x"}), 403)
    flag = ok(api.organizer.post(f"/contests/{cid}/scores/P/{bib}/accept-spread", {"reason": "a hard task"}))
    assert (flag["status"], flag["reason"], flag["spread"]) == ("accepted", "a hard task", "40.00")
    assert api.lifecycle(cid, "close")["status"] == "closed"
    refused(judges[0][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 51}), 409, "not_running")
    refused(api.organizer.post(f"/contests/{cid}/start"), 409, "invalid_transition")
