import random
from datetime import timedelta
from decimal import Decimal

import pytest
from competition_fixtures import (
    AT,
    COMPANY,
    EXAMPLE,
    F_JUDGES,
    JUDGES,
    P_JUDGES,
    PUBLISHED_ON,
    STARTS_ON,
    T_JUDGE,
    bib_of,
    draft_contest,
    example_rows,
    example_settings,
    judge,
    open_contest,
    running_contest,
    score_example,
    valid_credential,
    worker,
)

from banzu_common.errors import Conflict, Forbidden, Invalid, NotFound
from banzu_competition.domain import (
    Contest,
    FlagStatus,
    JudgeTask,
    Prize,
    Promotion,
    PromotionEarned,
    ResultsPublished,
    Status,
    new_judge,
)


def refused(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    return raised.value


def closed_contest() -> Contest:
    contest = running_contest()
    score_example(contest)
    contest.close()
    return contest


class TestLifecycle:
    def test_full_path(self):
        contest = closed_contest()
        assert contest.status == Status.CLOSED
        contest.publish(PUBLISHED_ON)
        assert contest.status == Status.PUBLISHED

    @pytest.mark.parametrize(
        ("build", "action"),
        [
            (draft_contest, lambda c: c.start(random.Random(1), JUDGES)),
            (draft_contest, lambda c: c.close()),
            (draft_contest, lambda c: c.publish(PUBLISHED_ON)),
            (open_contest, lambda c: c.open()),
            (open_contest, lambda c: c.close()),
            (running_contest, lambda c: c.open()),
            (running_contest, lambda c: c.publish(PUBLISHED_ON)),
            (closed_contest, lambda c: c.start(random.Random(1), JUDGES)),
        ],
    )
    def test_other_transitions_are_refused(self, build, action):
        contest = build()
        status = contest.status
        assert refused(Conflict, action, contest).reason == "invalid_transition"
        assert contest.status == status

    def test_published_contest_goes_nowhere(self):
        contest = closed_contest()
        contest.publish(PUBLISHED_ON)
        for action in (contest.open, contest.close, lambda: contest.publish(PUBLISHED_ON)):
            assert refused(Conflict, action).reason == "invalid_transition"

    def test_dates_and_name_are_checked(self):
        with pytest.raises(Invalid) as raised:
            Contest(1, " ", "electrician", STARTS_ON, STARTS_ON - timedelta(days=1), example_settings())
        assert set(raised.value.errors) == {"name", "ends_on"}


class TestSettingsAndAssignments:
    def test_settings_change_in_draft_and_open(self):
        contest = open_contest()
        contest.change(name="Renamed", settings=example_settings(awards={"min_total": 50}))
        assert contest.name == "Renamed" and contest.settings.awards.min_total == Decimal(50)

    @pytest.mark.parametrize("build", [running_contest, closed_contest])
    def test_settings_are_locked_afterwards(self, build):
        contest = build()
        assert refused(Conflict, contest.change, settings=example_settings()).reason == "contest_locked"

    def test_judges_are_locked_once_scoring_closed(self):
        contest = closed_contest()
        assert refused(Conflict, contest.assign, "p1", ["F"], at=AT).reason == "contest_locked"
        assert refused(Conflict, contest.withdraw_judge, "p1", "P", "ill", by="org", at=AT).reason == "contest_locked"

    def test_assignments_name_existing_segments(self):
        contest = draft_contest()
        assert "segments" in refused(Invalid, contest.assign, "p1", ["X"]).errors
        assert "segments" in refused(Invalid, contest.assign, "p1", []).errors
        contest.assign("p1", ["P", "F"])
        contest.assign("p1", ["P"])
        assert contest.assignments["p1"] == {"P"}

    def test_removing_a_segment_drops_its_assignments(self):
        contest = open_contest()
        contest.change(settings=example_settings(segments=[
            {"code": "T", "name": "Theory", "weight": 40, "max_score": 100, "method": "measurement"},
            {"code": "P", "name": "Practical", "weight": 60, "max_score": 100, "method": "judgement"},
        ]))
        assert all(judge_id not in contest.assignments for judge_id in F_JUDGES)
        assert contest.assignments["p1"] == {"P"}


class TestRegistration:
    def test_registers_a_snapshot_of_the_worker(self):
        contest = open_contest()
        contestant = contest.register("W1", worker("W1", "senior", team_code="T9"))
        assert (contestant.team_code, contestant.company, contestant.grade, contestant.bib) == ("T9", COMPANY, "senior", None)

    @pytest.mark.parametrize("build", [draft_contest, running_contest, closed_contest])
    def test_only_while_open(self, build):
        assert refused(Conflict, build().register, "W1", worker("W1")).reason == "registration_closed"

    def test_unknown_worker(self):
        assert refused(Conflict, open_contest().register, "W1", None).reason == "unknown_worker"

    def test_already_registered(self):
        contest = open_contest()
        contest.register("W1", worker("W1"))
        assert refused(Conflict, contest.register, "W1", worker("W1")).reason == "already_registered"

    def test_grade_too_low(self):
        contest = open_contest(min_grade="senior")
        assert refused(Conflict, contest.register, "W1", worker("W1", "intermediate")).reason == "grade_too_low"
        contest.register("W2", worker("W2", "technician"))

    def test_credential_missing(self):
        contest = open_contest(required_credentials=["special_operation"])
        error = refused(Conflict, contest.register, "W1", worker("W1"), [valid_credential("skill_level")])
        assert (error.reason, error.extra["credential_type"]) == ("credential_missing", "special_operation")

    @pytest.mark.parametrize(
        "changes",
        [
            {"expires_on": STARTS_ON - timedelta(days=1)},
            {"revoked": True},
            {"superseded": True},
            {"next_review_on": STARTS_ON - timedelta(days=1)},
            {"issued_on": STARTS_ON + timedelta(days=1)},
        ],
    )
    def test_credential_invalid_on_the_start_date(self, changes):
        contest = open_contest(required_credentials=["special_operation"])
        error = refused(Conflict, contest.register, "W1", worker("W1"), [valid_credential(**changes)])
        assert error.reason == "credential_invalid"

    def test_credential_valid_through_its_expiry_day_and_one_valid_is_enough(self):
        contest = open_contest(required_credentials=["special_operation", "skill_level"])
        credentials = [
            valid_credential(revoked=True),
            valid_credential(expires_on=STARTS_ON),
            valid_credential("skill_level", expires_on=None),
        ]
        contest.register("W1", worker("W1"), credentials)
        assert "W1" in contest.contestants


class TestStart:
    def test_bibs_are_a_random_permutation(self):
        contest = open_contest()
        for i in range(30):
            contest.register(f"W{i:02d}", worker(f"W{i:02d}"))
        contest.start(random.Random(3), JUDGES)
        bibs = [c.bib for c in contest.contestants.values()]
        assert sorted(bibs) == list(range(1, 31))
        assert bibs != sorted(bibs)

    def test_draw_depends_only_on_the_seed(self):
        first, second = running_contest(), running_contest()
        assert first.bib_map() == second.bib_map()


class TestScoreEntry:
    def test_not_running(self):
        contest = closed_contest()
        error = refused(Conflict, contest.enter_score, JUDGES["p1"], "P", 1, 50, by="p1", at=AT)
        assert error.reason == "not_running"

    def test_judge_not_assigned_to_the_segment(self):
        contest = running_contest()
        error = refused(Forbidden, contest.enter_score, JUDGES["p1"], "F", 1, 30, by="p1", at=AT)
        assert error.reason == "not_assigned"

    def test_organizer_enters_only_measurement_scores(self):
        contest = running_contest()
        assert refused(Forbidden, contest.enter_score, None, "P", 1, 50, by="org", at=AT).reason == "not_assigned"
        score = contest.enter_score(None, "T", 1, 75, by="org", at=AT)
        assert (score.judge_id, score.value) == (None, Decimal(75))

    @pytest.mark.parametrize(
        "conflicted",
        [
            judge("p1", organization=" acme power "),
            judge("p1", teams=["team-A"]),
            judge("p1", workers=["A"]),
        ],
    )
    def test_conflict_of_interest(self, conflicted):
        contest = running_contest()
        error = refused(Forbidden, contest.enter_score, conflicted, "P", bib_of(contest, "A"), 80, by="p1", at=AT)
        assert error.reason == "conflict_of_interest"
        contest.contestants["B"].company = "Northern Grid"
        contest.enter_score(conflicted, "P", bib_of(contest, "B"), 80, by="p1", at=AT)

    @pytest.mark.parametrize("value", [-1, "100.01", "abc", None, True, float("nan")])
    def test_out_of_range(self, value):
        contest = running_contest()
        assert "score" in refused(Invalid, contest.enter_score, JUDGES["p1"], "P", 1, value, by="p1", at=AT).errors

    def test_bounds_are_allowed(self):
        contest = running_contest()
        contest.enter_score(JUDGES["f1"], "F", 1, 0, by="f1", at=AT)
        contest.enter_score(JUDGES["f2"], "F", 1, "50", by="f2", at=AT)

    def test_unknown_bib_or_segment(self):
        contest = running_contest()
        refused(NotFound, contest.enter_score, JUDGES["p1"], "P", 99, 50, by="p1", at=AT)
        refused(NotFound, contest.enter_score, JUDGES["p1"], "X", 1, 50, by="p1", at=AT)

    def test_every_change_is_audited(self):
        contest = running_contest()
        contest.enter_score(JUDGES["p1"], "P", 1, 70, by="p1", at=AT)
        later = AT + timedelta(minutes=5)
        score = contest.enter_score(JUDGES["p1"], "P", 1, "72.5", by="p1", at=later, reason="misread the sheet")
        contest.enter_score(JUDGES["p1"], "P", 1, "72.50", by="p1", at=later)  # same value: no change
        assert score.value == Decimal("72.5")
        assert len(contest.cards[("P", contest.contestant_by_bib(1).employee_no)].scores) == 1
        assert [(c.judge_id, c.changed_by, c.changed_at, c.old, c.new, c.reason) for c in contest.audit] == [
            ("p1", "p1", AT, None, Decimal(70), None),
            ("p1", "p1", later, Decimal(70), Decimal("72.5"), "misread the sheet"),
        ]

    def test_measurement_has_one_score_whoever_enters_it(self):
        contest = running_contest()
        contest.enter_score(JUDGES[T_JUDGE], "T", 1, 60, by=T_JUDGE, at=AT)
        contest.enter_score(None, "T", 1, 65, by="org", at=AT, reason="re-marked")
        card = contest.cards[("T", contest.contestant_by_bib(1).employee_no)]
        assert [(s.judge_id, s.value) for s in card.scores] == [(None, Decimal(65))]
        assert [c.old for c in contest.audit] == [None, Decimal(60)]


class TestSignOff:
    def test_locks_the_judges_scores(self):
        contest = running_contest()
        contest.enter_score(JUDGES["p1"], "P", 1, 70, by="p1", at=AT)
        contest.sign_off(JUDGES["p1"], "P", AT)
        contest.sign_off(JUDGES["p1"], "P", AT + timedelta(hours=1))  # again: nothing changes
        assert contest.signoffs == {("p1", "P"): AT}
        for bib in (1, 2):
            assert refused(Conflict, contest.enter_score, JUDGES["p1"], "P", bib, 75, by="p1", at=AT).reason == "score_locked"
        contest.enter_score(JUDGES["p2"], "P", 1, 75, by="p2", at=AT)

    def test_a_signed_off_measurement_score_is_locked_for_everyone(self):
        contest = running_contest()
        contest.enter_score(JUDGES[T_JUDGE], "T", 1, 60, by=T_JUDGE, at=AT)
        contest.sign_off(JUDGES[T_JUDGE], "T", AT)
        assert refused(Conflict, contest.enter_score, None, "T", 1, 65, by="org", at=AT).reason == "score_locked"
        contest.enter_score(None, "T", 2, 65, by="org", at=AT)

    def test_only_assigned_judges_sign_off(self):
        contest = running_contest()
        assert refused(Forbidden, contest.sign_off, JUDGES["p1"], "F", AT).reason == "not_assigned"

    def test_only_while_running(self):
        assert refused(Conflict, open_contest().sign_off, JUDGES["p1"], "P", AT).reason == "not_running"


class TestSpreadFlags:
    def enter_practical(self, contest, values, bib=1):
        for judge_id, value in zip(P_JUDGES, values):
            contest.enter_score(JUDGES[judge_id], "P", bib, value, by=judge_id, at=AT)
        return contest.cards[("P", contest.contestant_by_bib(bib).employee_no)]

    def test_worked_example_spread_is_flagged(self):
        card = self.enter_practical(running_contest(), [80, 85, 90, 70, 95])
        assert card.needs_review and card.flag.spread == Decimal(25)

    def test_a_changed_score_that_removes_the_spread_resolves_the_flag(self):
        contest = running_contest()
        card = self.enter_practical(contest, [80, 85, 90, 70, 95])
        contest.enter_score(JUDGES["p4"], "P", 1, 80, by="p4", at=AT, reason="re-checked")
        assert card.flag.spread == Decimal(15)  # 95 - 80 is still within 20
        contest.enter_score(JUDGES["p5"], "P", 1, 90, by="p5", at=AT, reason="re-checked")
        assert card.flag.status == FlagStatus.RESOLVED and not card.needs_review

    def test_organizer_accepts_with_a_reason(self):
        contest = running_contest()
        card = self.enter_practical(contest, [80, 85, 90, 70, 95])
        assert "reason" in refused(Invalid, contest.accept_spread, "P", 1, "  ", by="org", at=AT).errors
        flag = contest.accept_spread("P", 1, "Judge 4 saw the weld crack", by="org", at=AT)
        assert (flag.status, flag.reason, flag.resolved_by) == (FlagStatus.ACCEPTED, "Judge 4 saw the weld crack", "org")
        assert not card.needs_review

    def test_an_accepted_spread_reopens_only_when_it_widens(self):
        contest = running_contest()
        card = self.enter_practical(contest, [80, 85, 90, 70, 95])
        contest.accept_spread("P", 1, "ok", by="org", at=AT)
        contest.enter_score(JUDGES["p2"], "P", 1, 86, by="p2", at=AT, reason="re-checked")
        assert card.flag.status == FlagStatus.ACCEPTED
        contest.enter_score(JUDGES["p4"], "P", 1, 60, by="p4", at=AT, reason="re-checked")
        assert card.needs_review and card.flag.spread == Decimal(35)

    def test_nothing_to_accept(self):
        contest = running_contest()
        assert refused(Conflict, contest.accept_spread, "P", 1, "why", by="org", at=AT).reason == "not_flagged"
        assert ("P", contest.contestant_by_bib(1).employee_no) not in contest.cards

    def test_measurement_scores_are_never_flagged(self):
        contest = running_contest()
        contest.enter_score(None, "T", 1, 0, by="org", at=AT)
        contest.enter_score(None, "T", 1, 100, by="org", at=AT, reason="re-marked")
        assert contest.cards[("T", contest.contestant_by_bib(1).employee_no)].flag is None


class TestClose:
    def test_refused_while_scores_are_missing(self):
        contest = running_contest()
        score_example(contest)
        bib_a = bib_of(contest, "A")
        card_t = contest.cards[("T", "A")]
        card_t.scores.clear()
        contest.cards[("F", "A")].scores.pop()
        error = refused(Conflict, contest.close)
        assert error.reason == "scoring_incomplete"
        assert error.extra["missing"] == [
            {"segment": "T", "bib": bib_a, "employee_no": "A", "scores": 0, "needed": 1},
            {"segment": "F", "bib": bib_a, "employee_no": "A", "scores": 2, "needed": 3},
        ]
        assert error.extra["flags"] == []
        assert contest.status == Status.RUNNING

    def test_a_conflicted_judge_does_not_count(self):
        contest = open_contest()
        contest.register("A", worker("A"))
        contest.register("B", worker("B"))
        contest.start(random.Random(1), JUDGES)
        f3 = judge("f3", teams=["team-A"])
        for employee_no in ("A", "B"):
            bib = bib_of(contest, employee_no)
            contest.enter_score(None, "T", bib, 80, by="org", at=AT)
            for judge_id in P_JUDGES:
                contest.enter_score(JUDGES[judge_id], "P", bib, 80, by=judge_id, at=AT)
            for f_judge in (JUDGES["f1"], JUDGES["f2"], f3):
                if not f_judge.is_conflicted_with(contest.contestants[employee_no]):
                    contest.enter_score(f_judge, "F", bib, 40, by=f_judge.id, at=AT)
        error = refused(Conflict, contest.close)
        assert [(m["employee_no"], m["segment"], m["scores"]) for m in error.extra["missing"]] == [("A", "F", 2)]

    def test_refused_while_flags_are_unresolved(self):
        contest = running_contest()
        score_example(contest)
        bib_d = bib_of(contest, "D")
        contest.enter_score(JUDGES["p1"], "P", bib_d, 90, by="p1", at=AT, reason="second attempt")
        error = refused(Conflict, contest.close)
        assert error.extra["flags"] == [{"segment": "P", "bib": bib_d, "employee_no": "D", "spread": "38.00",
                                         "scores": [{"judge_id": judge_id, "score": f"{value}.00"} for judge_id, value
                                                    in zip(P_JUDGES, [90, 55, 60, 58, 52])]}]
        contest.accept_spread("P", bib_d, "p1 scored the second attempt", by="org", at=AT)
        contest.close()


class TestPublish:
    def test_worked_example_results_and_events(self):
        contest = closed_contest()
        results = contest.publish(PUBLISHED_ON)
        assert contest.published_on == PUBLISHED_ON
        assert [(r.employee_no, r.rank, str(r.total), r.prize) for r in results] == [
            ("B", 1, "86.40", Prize.FIRST),
            ("A", 2, "86.40", Prize.SECOND),
            ("C", 3, "72.00", Prize.THIRD),
            ("D", 4, "52.20", None),
        ]
        assert [r.bib for r in results] == [bib_of(contest, e) for e in "BACD"]
        published, *promotions = contest.events
        assert published == ResultsPublished(7, contest.name, "electrician", PUBLISHED_ON, tuple(results))
        assert promotions == [
            PromotionEarned("B", "team-B", "electrician", "senior", "technician", 7, contest.name, PUBLISHED_ON),
            PromotionEarned("A", "team-A", "electrician", "intermediate", "senior", 7, contest.name, PUBLISHED_ON),
        ]
        assert promotions[0].source == "contest"

    def test_results_from_score_rows_match_the_loaded_cards(self):
        loaded, lean = closed_contest(), closed_contest()
        lean.cards.clear()
        _, rows = example_rows()
        assert lean.publish(PUBLISHED_ON, rows) == loaded.publish(PUBLISHED_ON)

    def test_results_use_the_contestants_grade_at_publication(self):
        contest = closed_contest()
        contest.contestants["B"].grade = "technician"
        results = {r.employee_no: r for r in contest.publish(PUBLISHED_ON)}
        assert results["B"].promotion is None
        assert results["A"].promotion == Promotion("intermediate", "senior")


class TestJudgeViews:
    def test_tasks_show_bibs_and_leave_out_conflicts(self):
        contest = running_contest()
        conflicted = judge("p1", workers=["C"])
        tasks = contest.tasks_for(conflicted)
        expected_bibs = sorted(bib_of(contest, e) for e in "ABD")
        assert tasks == [JudgeTask("P", bib) for bib in expected_bibs]

    def test_no_tasks_before_the_draw(self):
        contest = open_contest()
        contest.register("A", worker("A"))
        assert contest.tasks_for(JUDGES["p1"]) == []

    def test_judges_see_their_own_scores_until_closed(self):
        contest = running_contest()
        score_example(contest)
        own = contest.visible_scores(JUDGES["p1"])
        assert len(own) == len(EXAMPLE) and {s.judge_id for s in own} == {"p1"}
        assert len(contest.visible_scores(None, "P")) == 5 * len(EXAMPLE)
        contest.close()
        assert len(contest.visible_scores(JUDGES["p1"])) == (1 + 5 + 3) * len(EXAMPLE)


class TestJudges:
    def test_new_judge_from_request_data(self):
        created = new_judge(None, " Li Wei ", "Provincial Skills Centre", {"teams": ["T1"], "workers": ["E1"]}, "liwei")
        assert (created.name, created.conflict_teams, created.conflict_workers, created.username) == (
            "Li Wei", frozenset({"T1"}), frozenset({"E1"}), "liwei")

    def test_new_judge_rules(self):
        errors = refused(Invalid, new_judge, None, "", " ", {"teams": "T1"}).errors
        assert set(errors) == {"name", "organization", "conflicts.teams"}


class TestProgress:
    def test_progress_counts_a_judges_own_scores_flags_and_sign_off(self):
        contest = running_contest()
        conflicted = judge("p1", workers=["C"])
        bibs = {e: bib_of(contest, e) for e in "ABCD"}
        contest.enter_score(conflicted, "P", bibs["A"], 80, by="p1", at=AT)
        for judge_id, value in zip(P_JUDGES[1:3], (85, 60)):  # 80, 85, 60: spread 25 > 20
            contest.enter_score(JUDGES[judge_id], "P", bibs["A"], value, by=judge_id, at=AT)
        contest.sign_off(conflicted, "P", AT)
        [row] = contest.progress_of(conflicted)
        assert row.segment == "P" and row.signed_off_at == AT
        assert row.bibs == tuple(sorted(bibs[e] for e in "ABD")), "the conflicted contestant is left out"
        assert row.scored == (bibs["A"],) and row.flagged == (bibs["A"],)
        assert row.missing == tuple(sorted(bibs[e] for e in "BD"))
        other = contest.progress_of(JUDGES["p2"])[0]
        assert other.scored == (bibs["A"],) and other.signed_off_at is None

    def test_a_measurement_score_counts_for_every_judge_of_the_segment(self):
        contest = running_contest()
        contest.enter_score(None, "T", bib_of(contest, "B"), 70, by="organizer", at=AT)
        [row] = contest.progress_of(JUDGES[T_JUDGE])
        assert row.scored == (bib_of(contest, "B"),) and len(row.missing) == 3

    def test_no_progress_rows_for_segments_not_assigned(self):
        contest = running_contest()
        assert [row.segment for row in contest.progress_of(JUDGES["f1"])] == ["F"]
        assert contest.progress_of(judge("stranger")) == []
