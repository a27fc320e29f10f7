"""Contest day without dead ends (domain.md 1.2): judges' coverage before the start, stand-ins and withdrawn
judges while running, withdrawn and absent contestants, cancelling, the occupation check, reasons for
corrections, and why a prize did not promote."""
from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest

from banzu_common.errors import Conflict, Forbidden, Invalid

from banzu_competition.domain import (ContestCancelled, JudgeAssignmentChanged, Participation, PromotionEarned,
                                      Status)

from competition_fixtures import (AT, EXAMPLE, F_JUDGES, JUDGES, P_JUDGES, PUBLISHED_ON, T_JUDGE, bib_of,
                                  draft_contest, judge, open_contest, running_contest, score_example, worker)


def refused(kind, call, *args, **kwargs):
    with pytest.raises(kind) as caught:
        call(*args, **kwargs)
    return caught.value


def registered(contest, *numbers):
    for employee_no in numbers:
        contest.register(employee_no, worker(employee_no, EXAMPLE[employee_no][3]))
    return contest


class TestCoverage:
    def test_a_conflicted_judge_of_three_leaves_that_team_uncovered_and_start_is_refused(self):
        contest = registered(open_contest(), "A", "B")
        judges = {**JUDGES, "f3": judge("f3", teams=["team-A"])}
        error = refused(Conflict, contest.start, random.Random(1), judges)
        assert error.reason == "judge_coverage"
        assert error.extra["uncovered"] == [
            {"segment": "F", "employee_no": "A", "name": "Worker A", "bib": None, "available": 2}]
        assert contest.status == Status.OPEN and all(c.bib is None for c in contest.contestants.values())

    def test_one_judge_on_a_judgement_segment_covers_nobody(self):
        contest = draft_contest()
        contest.assign("p1", ["P"])
        contest.assign("f1", ["F"])
        contest.open()
        registered(contest, "A")
        gaps = contest.coverage_gaps(JUDGES)
        assert [(gap["segment"], gap["available"]) for gap in gaps] == [("P", 1), ("F", 1)]

    def test_a_measurement_segment_needs_no_coverage(self):
        contest = registered(open_contest(), "A")
        del contest.assignments[T_JUDGE]
        assert contest.coverage_gaps(JUDGES) == []
        contest.start(random.Random(1), JUDGES)

    def test_absent_and_withdrawn_contestants_need_no_judges(self):
        contest = registered(open_contest(), "A", "B")
        contest.withdraw_contestant("A", "changed shift", at=AT)
        judges = {**JUDGES, "f3": judge("f3", workers=["A"])}
        assert contest.coverage_gaps(judges) == []


class TestStandIns:
    def test_a_stand_in_is_added_while_running_and_told(self):
        contest = running_contest()
        segments = contest.assign("f9", ["F"], username="judge9", at=AT)
        assert segments == {"F"}
        [event] = [e for e in contest.events if isinstance(e, JudgeAssignmentChanged)]
        assert (event.judge_id, event.username, event.segment, event.segment_name, event.change) == \
            ("f9", "judge9", "F", "Troubleshooting", "assigned")
        stand_in = judge("f9")
        contest.enter_score(stand_in, "F", 1, 40, by="f9", at=AT)

    def test_a_stand_in_has_no_spread_to_review_on_bibs_not_scored_yet(self):
        contest = running_contest()
        for judge_id, value in zip(P_JUDGES, [80, 85, 90, 70, 95]):
            contest.enter_score(JUDGES[judge_id], "P", 1, value, by=judge_id, at=AT)
        contest.assign("p9", ["P"], at=AT)
        [stand_in] = contest.progress_of(judge("p9"))
        [scorer] = contest.progress_of(JUDGES["p1"])[:1]
        assert stand_in.flagged == () and scorer.flagged == (1,)

    def test_while_running_segments_are_added_not_replaced(self):
        contest = running_contest()
        assert contest.assign("p1", ["F"], at=AT) == {"P", "F"}

    def test_the_conflict_rule_holds_for_a_stand_in(self):
        contest = running_contest()
        conflicted = judge("f9", workers=["A"])
        contest.assign("f9", ["F"], at=AT)
        assert refused(Forbidden, contest.enter_score, conflicted, "F", bib_of(contest, "A"), 40, by="f9",
                       at=AT).reason == "conflict_of_interest"

    def test_a_withdrawn_judge_cannot_come_back_to_that_segment(self):
        contest = running_contest()
        contest.withdraw_judge("f1", "F", "fell ill", by="org", at=AT)
        assert refused(Conflict, contest.assign, "f1", ["F"], at=AT).reason == "judge_withdrawn"


class TestWithdrawingJudges:
    def test_in_draft_or_open_the_assignment_simply_ends(self):
        contest = open_contest()
        contest.withdraw_judge("p1", "P", "not available", by="org", at=AT)
        assert "p1" not in contest.assignments and contest.withdrawals == {}
        assert not [e for e in contest.events if isinstance(e, JudgeAssignmentChanged)]

    def test_a_reason_is_required(self):
        contest = running_contest()
        assert "reason" in refused(Invalid, contest.withdraw_judge, "f1", "F", " ", by="org", at=AT).errors

    def test_only_an_assigned_judge_is_withdrawn(self):
        contest = running_contest()
        assert refused(Conflict, contest.withdraw_judge, "p1", "F", "why", by="org", at=AT).reason == "not_assigned"

    def test_their_scores_stop_counting_and_closing_needs_three_others(self):
        contest = running_contest()
        score_example(contest)
        contest.withdraw_judge("f2", "F", "did not come back after lunch", by="org", at=AT)
        card = contest.cards[("F", "A")]
        assert [s.judge_id for s in card.scores] == F_JUDGES  # kept in the log
        assert [s.judge_id for s in card.counting] == ["f1", "f3"]
        missing, _ = contest.scoring_gaps()
        assert {(gap["segment"], gap["scores"]) for gap in missing} == {("F", 2)}
        assert refused(Conflict, contest.close).reason == "scoring_incomplete"
        assert refused(Forbidden, contest.enter_score, JUDGES["f2"], "F", 1, 40, by="f2",
                       at=AT).reason == "judge_withdrawn"
        [event] = [e for e in contest.events if isinstance(e, JudgeAssignmentChanged)]
        assert (event.change, event.reason) == ("withdrawn", "did not come back after lunch")
        contest.assign("f9", ["F"], at=AT)
        for employee_no, (*_, troubleshooting, _grade) in EXAMPLE.items():
            contest.enter_score(judge("f9"), "F", bib_of(contest, employee_no), troubleshooting[1], by="f9", at=AT)
        contest.close()
        results = {r.employee_no: r for r in contest.publish(PUBLISHED_ON)}
        assert str(results["A"].total) == "86.40"  # the same scores by another judge give the same total

    def test_a_spread_made_by_a_withdrawn_judge_is_resolved(self):
        contest = running_contest()
        score_example(contest)
        bib_d = bib_of(contest, "D")
        contest.enter_score(JUDGES["p1"], "P", bib_d, 90, by="p1", at=AT, reason="second attempt")
        assert contest.cards[("P", "D")].needs_review
        contest.withdraw_judge("p1", "P", "found conflicted", by="org", at=AT)
        assert not contest.cards[("P", "D")].needs_review
        assert contest.scoring_gaps() == ([], [])


class TestContestantsWhoDoNotCompete:
    def test_withdrawn_in_open_draws_no_bib_and_may_register_again(self):
        contest = registered(open_contest(), "A", "B")
        withdrawn = contest.withdraw_contestant("A", "moved to another site", at=AT)
        assert (withdrawn.status, withdrawn.reason) == (Participation.WITHDRAWN, "moved to another site")
        assert refused(Conflict, contest.withdraw_contestant, "A", "again", at=AT).reason == "not_registered"
        contest.register("A", worker("A"))
        assert contest.contestants["A"].status == Participation.REGISTERED
        contest.withdraw_contestant("A", "moved after all", at=AT)
        contest.start(random.Random(1), JUDGES)
        assert contest.contestants["A"].bib is None and contest.contestants["B"].bib == 1

    def test_absent_while_running_is_not_ranked_wins_nothing_and_blocks_nothing(self):
        contest = running_contest()
        bib_b = bib_of(contest, "B")
        for employee_no, (theory, practical, troubleshooting, _) in EXAMPLE.items():
            if employee_no == "B":
                continue
            bib = bib_of(contest, employee_no)
            contest.enter_score(None, "T", bib, theory, by="org", at=AT)
            for judge_id, value in zip(P_JUDGES, practical):
                contest.enter_score(JUDGES[judge_id], "P", bib, value, by=judge_id, at=AT)
            for judge_id, value in zip(F_JUDGES, troubleshooting):
                contest.enter_score(JUDGES[judge_id], "F", bib, value, by=judge_id, at=AT)
        contest.enter_score(None, "T", bib_b, 80, by="org", at=AT)  # came to the theory exam only
        contest.withdraw_contestant("B", "did not come to the practical", at=AT)
        assert contest.contestants["B"].status == Participation.ABSENT
        assert refused(Conflict, contest.enter_score, JUDGES["p1"], "P", bib_b, 80, by="p1",
                       at=AT).reason == "contestant_absent"
        assert all(task.bib != bib_b for task in contest.tasks_for(JUDGES["p1"]))
        contest.close()
        results = contest.publish(PUBLISHED_ON)
        assert [(r.employee_no, r.rank) for r in results] == [("A", 1), ("C", 2), ("D", 3)]
        assert [c.employee_no for c in contest.absentees()] == ["B"]
        assert "B" not in {e.employee_no for e in contest.events if isinstance(e, PromotionEarned)}

    def test_only_while_open_or_running(self):
        contest = registered(open_contest(), "A")
        contest.cancel("venue flooded", at=AT)
        assert refused(Conflict, contest.withdraw_contestant, "A", "why", at=AT).reason == "contestant_locked"


class TestCancelling:
    @pytest.mark.parametrize("build", [draft_contest, open_contest, running_contest])
    def test_draft_open_or_running_may_be_cancelled_and_everyone_is_told(self, build):
        contest = build()
        judges = [replace(JUDGES["p1"], username="judge-p1"), JUDGES["p2"]]
        contest.cancel("  the hall is closed for repairs ", at=AT, judges=judges)
        assert (contest.status, contest.cancel_reason, contest.cancelled_at) == \
            (Status.CANCELLED, "the hall is closed for repairs", AT)
        [event] = [e for e in contest.events if isinstance(e, ContestCancelled)]
        assert event.judges == ("judge-p1",)
        assert event.contestants == (tuple(sorted(EXAMPLE)) if build is running_contest else ())

    def test_a_cancelled_contest_goes_nowhere(self):
        contest = running_contest()
        contest.cancel("storm", at=AT)
        assert refused(Conflict, contest.close).reason == "invalid_transition"
        assert refused(Conflict, contest.cancel, "again", at=AT).reason == "invalid_transition"
        assert refused(Conflict, contest.enter_score, JUDGES["p1"], "P", 1, 80, by="p1", at=AT).reason == "not_running"

    def test_closed_results_cannot_be_cancelled_and_a_reason_is_required(self):
        contest = running_contest()
        assert "reason" in refused(Invalid, contest.cancel, "", at=AT).errors
        score_example(contest)
        contest.close()
        assert refused(Conflict, contest.cancel, "late", at=AT).reason == "invalid_transition"


class TestRegistrationAndCorrections:
    def test_a_worker_of_another_occupation_is_refused(self):
        contest = open_contest()
        welder = replace(worker("W"), occupation="welder")
        error = refused(Conflict, contest.register, "W", welder)
        assert error.reason == "wrong_occupation"
        assert (error.extra["occupation"], error.extra["contest_occupation"]) == ("welder", "electrician")

    def test_a_changed_score_needs_a_reason_the_first_does_not(self):
        contest = running_contest()
        contest.enter_score(JUDGES["p1"], "P", 1, 70, by="p1", at=AT)
        assert "reason" in refused(Invalid, contest.enter_score, JUDGES["p1"], "P", 1, 71, by="p1", at=AT).errors
        assert "reason" in refused(Invalid, contest.enter_score, JUDGES["p1"], "P", 1, 71, by="p1", at=AT,
                                   reason="   ").errors
        contest.enter_score(JUDGES["p1"], "P", 1, 70, by="p1", at=AT)  # unchanged: nothing to explain
        contest.enter_score(JUDGES["p1"], "P", 1, 71, by="p1", at=AT, reason=" misread ")
        assert contest.audit[-1].reason == "misread"


class TestResults:
    def test_a_winner_at_the_cap_is_told_why_there_is_no_promotion(self):
        contest = open_contest()
        for employee_no, (*_, grade) in EXAMPLE.items():
            contest.register(employee_no, worker(employee_no, "technician" if employee_no == "B" else grade))
        contest.start(random.Random(42), JUDGES)
        score_example(contest)
        contest.close()
        results = {r.employee_no: r for r in contest.publish(PUBLISHED_ON)}
        assert (results["B"].prize, results["B"].promotion, results["B"].promotion_withheld) == \
            ("first", None, "at_cap")
        assert results["A"].promotion_withheld is None and results["D"].promotion_withheld is None

    def test_the_preview_ranks_what_is_scored_and_lists_the_rest(self):
        contest = running_contest()
        score_example(contest)
        contest.cards[("T", "D")].scores.clear()
        ranked, incomplete = contest.preview()
        assert [r.employee_no for r in ranked] == ["B", "A", "C"]
        assert [c.employee_no for c in incomplete] == ["D"]
        assert contest.status == Status.RUNNING and contest.results == []

    def test_no_preview_before_the_start(self):
        assert refused(Conflict, open_contest().preview).reason == "no_preview"


def test_the_measurement_score_of_a_withdrawn_judge_is_entered_again_without_a_reason():
    contest = running_contest()
    contest.enter_score(JUDGES[T_JUDGE], "T", 1, 60, by=T_JUDGE, at=AT)
    contest.withdraw_judge(T_JUDGE, "T", "left early", by="org", at=AT)
    card = contest.cards[("T", contest.contestant_by_bib(1).employee_no)]
    assert card.counting == []
    contest.enter_score(None, "T", 1, Decimal(62), by="org", at=AT)
    assert [s.value for s in card.counting] == [Decimal(62)]
