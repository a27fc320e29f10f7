"""Contest day through the API, on PostgreSQL and SQLite: coverage before the start, stand-ins and withdrawn
judges, absent contestants, cancelling, the occupation check, reasons for corrections, results with absentees
and withheld promotions as JSON, CSV and XLSX; and the races of a real day (a stand-in added while scores come
in, a judge withdrawn while submitting, two organizers closing and cancelling at once)."""
from __future__ import annotations

import csv
import io
from datetime import datetime
import threading
import zipfile

from banzu_common.messaging import contracts

from competition_api import add_team, add_worker, ok, outbox_rows, refused, tag

JUDGED = ["P", "F"]


def people(api, count: int = 3, company: str | None = None, grade: str = "junior"):
    t = tag()
    team, company = f"T{t}", company or f"Acme {t}"
    add_team(team, company)
    numbers = [f"E{t}{n}" for n in range(count)]
    for number in numbers:
        add_worker(number, team, company, grade)
    return team, numbers


def panel(api, contest_id: str, size: int = 3, **conflicts):
    judges = [api.judge(f"Panel{n}", **conflicts) for n in range(size)]
    for judge_id, _ in judges:
        api.assign(contest_id, judge_id, JUDGED)
    return judges


def score_all(api, contest_id, judges, bibs, values=(80, 40)):
    for bib in bibs.values():
        ok(api.organizer.put(f"/contests/{contest_id}/scores/T/{bib}", {"score": 70}))
        for _, judge in judges:
            for segment, value in zip(JUDGED, values):
                ok(judge.put(f"/contests/{contest_id}/scores/{segment}/{bib}", {"score": value}))


def test_a_conflicted_judge_leaves_a_team_uncovered_shown_before_the_start(any_api):
    api = any_api
    team, numbers = people(api, 2)
    cid = api.contest()
    judges = panel(api, cid, 2)
    conflicted = api.judge("Insider", teams=[team])
    api.assign(cid, conflicted[0], JUDGED)
    api.lifecycle(cid, "open")
    for number in numbers:
        ok(api.register(cid, number), 201)
    shown = ok(api.organizer.get(f"/contests/{cid}/progress"))["uncovered"]
    problem = refused(api.organizer.post(f"/contests/{cid}/start"), 409, "judge_coverage")
    assert problem["uncovered"] == shown
    assert {(gap["segment"], gap["employee_no"], gap["available"]) for gap in shown} == \
        {(segment, number, 2) for segment in JUDGED for number in numbers}
    assert ok(api.organizer.get(f"/contests/{cid}"))["status"] == "open"
    api.assign(cid, api.judge("Outsider")[0], JUDGED)
    assert ok(api.organizer.get(f"/contests/{cid}/progress"))["uncovered"] == []
    api.lifecycle(cid, "start")
    assert len(judges) == 2


def test_a_judge_who_does_not_come_is_withdrawn_and_a_stand_in_scores(any_api):
    api = any_api
    _, numbers = people(api, 2)
    cid = api.contest()
    judges = panel(api, cid)
    bibs = api.start_with(cid, numbers, reserves=False)
    score_all(api, cid, judges[:2], bibs)  # the third judge never comes
    absent_judge_id, absent_judge = judges[2]
    ok(absent_judge.put(f"/contests/{cid}/scores/P/{bibs[numbers[0]]}", {"score": 10}))  # one score, then gone
    refused(api.organizer.post(f"/contests/{cid}/close"), 409, "scoring_incomplete")

    refused(api.organizer.post(f"/contests/{cid}/judges/{absent_judge_id}/withdraw", {"segment": "P", "reason": " "}),
            422)
    withdrawn = ok(api.organizer.post(f"/contests/{cid}/judges/{absent_judge_id}/withdraw",
                                      {"segment": "P", "reason": "did not come"}))
    assert (withdrawn["segment"], withdrawn["reason"]) == ("P", "did not come")
    ok(api.organizer.post(f"/contests/{cid}/judges/{absent_judge_id}/withdraw", {"segment": "F", "reason": "ill"}))
    refused(absent_judge.put(f"/contests/{cid}/scores/P/{bibs[numbers[1]]}", {"score": 10}), 403, "judge_withdrawn")
    refused(api.organizer.post(f"/contests/{cid}/judges/{absent_judge_id}/withdraw", {"segment": "P", "reason": "x"}),
            409, "not_assigned")
    refused(api.organizer.post(f"/contests/{cid}/judges", {"judge_id": absent_judge_id, "segments": ["P"]}), 409,
            "judge_withdrawn")
    logged = ok(api.organizer.get(f"/contests/{cid}/scores", segment="P", per_page=500))["items"]
    assert [row["withdrawn"] for row in logged if row["judge_id"] == absent_judge_id] == [True]
    assert any(row["withdrawn"] for row in ok(api.organizer.get(f"/contests/{cid}/audit"))["items"])
    rows = {(row["judge_id"], row["segment"]): row for row in ok(api.organizer.get(f"/contests/{cid}/progress"))["judges"]}
    assert rows[(absent_judge_id, "P")]["withdrawn_at"] and rows[(absent_judge_id, "P")]["reason"] == "did not come"
    staff = ok(api.organizer.get(f"/contests/{cid}/assignments"))["items"]
    gone = next(row for row in staff if row["judge_id"] == absent_judge_id)
    assert gone["segments"] == [] and [w["segment"] for w in gone["withdrawn"]] == ["F", "P"]
    assert all(datetime.fromisoformat(w["withdrawn_at"]).tzinfo for w in gone["withdrawn"])

    stand_in_id, stand_in = api.judge("StandIn")
    added = ok(api.organizer.post(f"/contests/{cid}/judges", {"judge_id": stand_in_id, "segments": ["P", "F"]}), 201)
    assert added["segments"] == ["F", "P"] and added["username"] == stand_in.username
    tasks = ok(stand_in.get(f"/contests/{cid}/assignments"))["items"]
    assert sorted((task["segment"], task["bib"]) for task in tasks) == sorted(
        (segment, bib) for segment in JUDGED for bib in bibs.values()), "a stand-in sees every bib from now on"
    for bib in bibs.values():
        for segment, value in zip(JUDGED, (80, 40)):
            ok(stand_in.put(f"/contests/{cid}/scores/{segment}/{bib}", {"score": value}))
    api.lifecycle(cid, "close")
    changes = [e.contract() for e in outbox_rows((contracts.JudgeAssignmentChanged.TYPE,))
               if e.contract().contest_id == cid]
    assert sorted((c.judge_id, c.segment, c.change) for c in changes) == sorted(
        [(absent_judge_id, "P", "withdrawn"), (absent_judge_id, "F", "withdrawn"),
         (stand_in_id, "F", "assigned"), (stand_in_id, "P", "assigned")])
    assert {c.username for c in changes if c.judge_id == stand_in_id} == {stand_in.username}


def test_absent_contestants_are_listed_after_the_ranked_and_earn_nothing(any_api):
    api = any_api
    _, numbers = people(api, 3, grade="technician")
    cid = api.contest()
    judges = panel(api, cid)
    bibs = api.start_with(cid, numbers, reserves=False)
    absent = numbers[2]
    refused(api.organizer.post(f"/contests/{cid}/contestants/{absent}/withdraw", {"reason": ""}), 422)
    row = ok(api.organizer.post(f"/contests/{cid}/contestants/{absent}/withdraw", {"reason": "did not come"}))
    assert (row["status"], row["reason"], row["bib"]) == ("absent", "did not come", bibs[absent])
    refused(api.organizer.put(f"/contests/{cid}/scores/T/{bibs[absent]}", {"score": 10}), 409, "contestant_absent")
    score_all(api, cid, judges, {n: bibs[n] for n in numbers[:2]})
    preview = ok(api.organizer.get(f"/contests/{cid}/results/preview"))
    assert preview["final"] is False
    assert [(r["employee_no"], r["status"]) for r in preview["items"]][-1] == (absent, "absent")
    refused(judges[0][1].get(f"/contests/{cid}/results/preview"), 403)
    api.lifecycle(cid, "close")
    api.lifecycle(cid, "publish")
    results = ok(api.organizer.get(f"/contests/{cid}/results"))
    assert results["final"] is True
    items = results["items"]
    assert [(r["rank"], r["status"]) for r in items] == [(1, "ranked"), (1, "ranked"), (None, "absent")]
    assert items[2]["employee_no"] == absent and items[2]["prize"] is None and items[2]["total"] is None
    assert {r["prize"] for r in items[:2]} == {"first"}
    assert {r["promotion_withheld"] for r in items[:2]} == {"at_cap"}, "technicians are at the default cap"
    promotions = [e.contract() for e in outbox_rows((contracts.PromotionEarned.TYPE,)) if e.contract().source_id == cid]
    assert promotions == []
    published = next(e.contract() for e in outbox_rows((contracts.ResultsPublished.TYPE,))
                     if e.contract().contest_id == cid)
    assert absent not in {r.employee_no for r in published.results}

    machine = api.organizer.get(f"/contests/{cid}/results", format="csv")
    assert machine.status_code == 200 and machine.content_type.startswith("text/csv")
    table = list(csv.reader(io.StringIO(machine.get_data(as_text=True))))
    assert table[0] == ["rank", "bib", "employee_no", "name", "team_code", "total", "T", "P", "F", "prize",
                        "from_grade", "to_grade", "promotion_withheld", "status"]
    assert table[3][2] == absent and table[3][-1] == "absent" and table[1][-2] == "at_cap"
    people_csv = api.organizer.get(f"/contests/{cid}/results", format="csv", lang="zh").get_data(as_text=True)
    assert people_csv.startswith("\ufeff名次") and "缺考" in people_csv and "已达晋升上限" in people_csv
    workbook = api.organizer.get(f"/contests/{cid}/results", format="xlsx", lang="en")
    with zipfile.ZipFile(io.BytesIO(workbook.get_data())) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "Absent" in sheet and "First prize" in sheet


def test_a_withdrawn_registration_draws_no_bib_and_may_register_again(any_api):
    api = any_api
    _, numbers = people(api, 2)
    cid = api.contest()
    panel(api, cid)
    api.lifecycle(cid, "open")
    for number in numbers:
        ok(api.register(cid, number), 201)
    ok(api.organizer.post(f"/contests/{cid}/contestants/{numbers[0]}/withdraw", {"reason": "shift change"}))
    refused(api.organizer.post(f"/contests/{cid}/contestants/{numbers[0]}/withdraw", {"reason": "again"}), 409,
            "not_registered")
    refused(api.organizer.post(f"/contests/{cid}/contestants/NOBODY/withdraw", {"reason": "x"}), 404)
    api.lifecycle(cid, "start")
    rows = {r["employee_no"]: r for r in ok(api.organizer.get(f"/contests/{cid}/contestants"))["items"]}
    assert (rows[numbers[0]]["status"], rows[numbers[0]]["bib"]) == ("withdrawn", None)
    assert (rows[numbers[1]]["status"], rows[numbers[1]]["bib"]) == ("registered", 1)


def test_a_welder_is_not_registered_into_an_electrician_contest(any_api):
    api = any_api
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    add_worker(f"W{t}", f"T{t}", f"Acme {t}", "senior", occupation="welder")
    cid = api.contest()
    api.lifecycle(cid, "open")
    problem = refused(api.register(cid, f"W{t}"), 409, "wrong_occupation")
    assert (problem["occupation"], problem["contest_occupation"]) == ("welder", "electrician")


def test_a_changed_score_needs_a_reason(any_api):
    api = any_api
    _, numbers = people(api, 1)
    cid = api.contest()
    judges = panel(api, cid)
    bib = api.start_with(cid, numbers, reserves=False)[numbers[0]]
    path = f"/contests/{cid}/scores/P/{bib}"
    ok(judges[0][1].put(path, {"score": 70}))
    problem = refused(judges[0][1].put(path, {"score": 72}), 422)
    assert list(problem["errors"]) == ["reason"]
    refused(judges[0][1].put(path, {"score": 72, "reason": "   "}), 422)
    ok(judges[0][1].put(path, {"score": 72, "reason": "misread the sheet"}))
    log = ok(api.organizer.get(f"/contests/{cid}/audit"))["items"]
    assert [(row["old"], row["new"], row["reason"]) for row in log if row["segment"] == "P"] == \
        [(None, "70.00", None), ("70.00", "72.00", "misread the sheet")]


def test_cancelling_tells_contestants_and_judges_and_ends_everything(any_api):
    api = any_api
    _, numbers = people(api, 2)
    cid = api.contest()
    judges = panel(api, cid)
    api.start_with(cid, numbers, reserves=False)
    refused(api.organizer.post(f"/contests/{cid}/cancel", {"reason": ""}), 422)
    refused(judges[0][1].post(f"/contests/{cid}/cancel", {"reason": "storm"}), 403)
    contest = ok(api.organizer.post(f"/contests/{cid}/cancel", {"reason": "power cut in the hall"}))
    assert (contest["status"], contest["cancel_reason"]) == ("cancelled", "power cut in the hall")
    assert contest["cancelled_at"]
    refused(api.organizer.post(f"/contests/{cid}/cancel", {"reason": "again"}), 409, "invalid_transition")
    refused(api.organizer.post(f"/contests/{cid}/close"), 409, "invalid_transition")
    refused(api.organizer.get(f"/contests/{cid}/results"), 409, "not_published")
    [told] = [e.contract() for e in outbox_rows((contracts.ContestCancelled.TYPE,)) if e.contract().contest_id == cid]
    assert told.contestants == tuple(sorted(numbers))
    assert set(told.judges) == {judge.username for _, judge in judges}
    assert cid in {c["id"] for c in ok(api.organizer.get("/contests", status="cancelled", per_page=500))["items"]}


def run_together(*calls) -> list:
    """Each call in its own thread, released at once; their answers in call order."""
    answers, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        answers[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_organizers_closing_and_cancelling_at_once_one_wins(any_api):
    api = any_api
    _, numbers = people(api, 2)
    cid = api.contest()
    judges = panel(api, cid)
    bibs = api.start_with(cid, numbers, reserves=False)
    score_all(api, cid, judges, bibs)
    other = api.caller(f"org2-{tag()}", ["organizer"])
    closing, cancelling = run_together(lambda: api.organizer.post(f"/contests/{cid}/close"),
                                       lambda: other.post(f"/contests/{cid}/cancel", {"reason": "double booked"}))
    assert sorted([closing.status_code, cancelling.status_code]) == [200, 409]
    final = ok(api.organizer.get(f"/contests/{cid}"))["status"]
    assert final == ("closed" if closing.status_code == 200 else "cancelled")
    cancelled = [e for e in outbox_rows((contracts.ContestCancelled.TYPE,)) if e.contract().contest_id == cid]
    assert len(cancelled) == (1 if final == "cancelled" else 0)
    again = run_together(*[lambda: other.post(f"/contests/{cid}/cancel", {"reason": "x"})] * 2)
    assert [answer.status_code for answer in again] == [409, 409], "closed or cancelled: nothing to cancel"


def test_a_stand_in_added_while_scores_come_in(any_api):
    api = any_api
    _, numbers = people(api, 4)
    cid = api.contest()
    judges = panel(api, cid)
    bibs = api.start_with(cid, numbers, reserves=False)
    stand_in_id, stand_in = api.judge("StandIn")

    def scoring():
        return [judges[0][1].put(f"/contests/{cid}/scores/P/{bib}", {"score": 80}).status_code for bib in bibs.values()]

    entered, added = run_together(scoring, lambda: api.organizer.post(
        f"/contests/{cid}/judges", {"judge_id": stand_in_id, "segments": ["P"]}))
    assert entered == [200] * len(bibs) and added.status_code == 201
    for bib in bibs.values():
        ok(stand_in.put(f"/contests/{cid}/scores/P/{bib}", {"score": 81}))
    rows = ok(api.organizer.get(f"/contests/{cid}/scores", segment="P", per_page=500))["items"]
    assert sorted((row["judge_id"], row["bib"]) for row in rows) == sorted(
        (judge_id, bib) for judge_id in (judges[0][0], stand_in_id) for bib in bibs.values())


def test_a_judge_withdrawn_while_submitting_keeps_no_counting_score(any_api):
    api = any_api
    _, numbers = people(api, 6)
    cid = api.contest()
    judges = panel(api, cid)
    bibs = api.start_with(cid, numbers, reserves=False)
    leaving_id, leaving = judges[0]

    def scoring():
        return [leaving.put(f"/contests/{cid}/scores/P/{bib}", {"score": 80}).status_code for bib in bibs.values()]

    entered, withdrawn = run_together(scoring, lambda: api.organizer.post(
        f"/contests/{cid}/judges/{leaving_id}/withdraw", {"segment": "P", "reason": "found conflicted"}))
    assert withdrawn.status_code == 200
    assert set(entered) <= {200, 403} and entered == sorted(entered)  # accepted until withdrawn, refused after
    rows = ok(api.organizer.get(f"/contests/{cid}/scores", segment="P", per_page=500))["items"]
    mine = [row for row in rows if row["judge_id"] == leaving_id]
    assert len(mine) == entered.count(200) and all(row["withdrawn"] for row in mine)
