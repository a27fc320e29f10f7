"""The team assessment's scoring: domain.md's worked example and each indicator's edge cases."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from banzu_common.errors import Invalid

from banzu_gateway.domain.assessment import TeamFacts, TrainingFacts, assess, assessment_day
from banzu_gateway.domain.scoring_settings import INDICATORS, default_scoring_settings, scoring_settings_from_mapping

SETTINGS = default_scoring_settings()


def example(**changes) -> TeamFacts:
    """domain.md's team of 10 in 2026."""
    training = TrainingFacts(hours=Decimal(720), planned=10, held=9, target_hours=None, mentorships_ended=2,
                             mentorships_achieved=1)
    facts = {"members": 10, "promoted": 1, "prizes": 3, "training": training, "compliant": 9}
    training_changes = {k: changes.pop(k) for k in list(changes) if hasattr(training, k)}
    if training_changes:
        facts["training"] = TrainingFacts(**{**training.__dict__, **training_changes})
    return TeamFacts(**{**facts, **changes})


def shown(assessment) -> dict:
    return {i.code: (i.actual, i.points, i.applicable) for i in assessment.indicators}


def test_the_worked_example_scores_85_08_four_stars():
    result = assess(example(), SETTINGS)
    assert [i.code for i in result.indicators] == list(INDICATORS)
    assert shown(result) == {
        "training_hours": (72, 18, True), "plan_completion": (90, 15, True),
        "promotion_rate": (10, Fraction(40, 3), True), "compliance": (90, Fraction(45, 2), True),
        "contest_prizes": (3, 10, True), "mentorship": (50, Fraction(25, 4), True)}
    assert result.score == Fraction(1021, 12)  # 85.083…
    assert result.shown_score == Decimal("85.08") and result.rating.code == "four_star"
    assert [i.present()["points"] for i in result.indicators] == [
        Decimal("18.00"), Decimal("15.00"), Decimal("13.33"), Decimal("22.50"), Decimal("10.00"), Decimal("6.25")]


def test_without_an_ended_mentorship_it_is_left_out_of_the_weights():
    result = assess(example(mentorships_ended=0, mentorships_achieved=0), SETTINGS)
    mentorship = result.indicator("mentorship")
    assert (mentorship.actual, mentorship.points, mentorship.applicable) == (None, None, False)
    assert result.score == Fraction(100) * Fraction(473, 6) / 90  # 100 × 78.833… / 90
    assert result.shown_score == Decimal("87.59") and result.rating.code == "four_star"


def test_a_target_met_exactly_earns_the_whole_weight_and_counts_as_met():
    result = assess(example(hours=Decimal(800), promoted=2, prizes=2), SETTINGS)
    hours = result.indicator("training_hours")
    assert hours.actual == hours.target == 80 and hours.points == 20 and hours.met
    assert result.indicator("contest_prizes").points == 10
    rate = result.indicator("promotion_rate")
    assert rate.actual == 20 and rate.points == 20


def test_over_target_is_capped_at_the_weight():
    result = assess(example(hours=Decimal(1500), prizes=9, mentorships_ended=1, mentorships_achieved=1,
                            compliant=10, held=10, promoted=5), SETTINGS)
    assert {i.code: i.points for i in result.indicators} == {
        "training_hours": 20, "plan_completion": 15, "promotion_rate": 20, "compliance": 25, "contest_prizes": 10,
        "mentorship": 10}
    assert result.indicator("training_hours").actual == 150 and result.indicator("training_hours").reached == 100
    assert assess(example(), SETTINGS).indicator("promotion_rate").present()["reached"] == Decimal("66.67")
    assert result.score == 100 and result.rating.code == "five_star"


def test_no_plan_for_the_year_completes_nothing_but_still_counts():
    for planned in (None, 0):
        result = assess(example(planned=planned, held=0), SETTINGS)
        plan = result.indicator("plan_completion")
        assert (plan.actual, plan.points, plan.applicable, plan.met) == (0, 0, True, False)
    assert assess(example(planned=None, held=0), SETTINGS).score == Fraction(1021, 12) - 15  # weights add up to 100


def test_a_team_without_members_is_not_assessable_whatever_its_plan():
    # A brand-new team: nobody in it, though its plan and prizes could be counted.
    result = assess(example(members=0, hours=Decimal(0), promoted=0, compliant=0, prizes=0,
                            mentorships_ended=0, mentorships_achieved=0), SETTINGS)
    assert {code: applicable for code, (_, _, applicable) in shown(result).items()} == {
        "training_hours": False, "plan_completion": True, "promotion_rate": False, "compliance": False,
        "contest_prizes": True, "mentorship": False}
    assert not result.assessable
    assert (result.score, result.rating, result.shown_score) == (None, None, None), "no score, never a rating"


def test_a_team_of_which_no_weighted_indicator_applies_is_not_assessable():
    settings = scoring_settings_from_mapping({"assessment": {code: {"weight": 0} for code in (
        "plan_completion", "contest_prizes", "compliance", "promotion_rate")}})
    result = assess(example(mentorships_ended=0, mentorships_achieved=0, hours=Decimal(0), members=10), settings)
    assert result.assessable, "training hours still apply (0 h of 80)"
    assert result.score == 0 and result.rating.code == "needs_improvement"
    nothing = scoring_settings_from_mapping({"assessment": {"training_hours": {"weight": 0}, "mentorship": {
        "weight": 1}, **{code: {"weight": 0} for code in ("plan_completion", "contest_prizes", "compliance",
                                                           "promotion_rate")}}})
    result = assess(example(mentorships_ended=0, mentorships_achieved=0), nothing)
    assert not result.assessable and result.score is None and result.rating is None


def test_the_training_hours_target_is_the_plan_s_when_the_team_has_a_plan():
    # The team's plan asks 48 h per person; 72 h each meets it: the whole weight of 20, not 18.
    result = assess(example(target_hours=Decimal(48)), SETTINGS)
    hours = result.indicator("training_hours")
    assert (hours.target, hours.target_source, hours.points, hours.met) == (48, "plan", 20, True)
    assert hours.present()["target"] == Decimal("48.00") and hours.present()["target_source"] == "plan"
    assert result.shown_score == Decimal("87.08")
    below = assess(example(target_hours=Decimal(96)), SETTINGS).indicator("training_hours")
    assert (below.target, below.points, below.present()["reached"]) == (96, 15, Decimal("75.00")), "20 × 72/96"


def test_without_a_plan_the_training_hours_target_is_the_setting_and_says_so():
    result = assess(example(planned=None, held=0, target_hours=None), SETTINGS)
    hours = result.indicator("training_hours")
    assert (hours.target, hours.target_source, hours.points) == (80, "setting", 18)
    assert {i.code: i.target_source for i in result.indicators if i.code != "training_hours"} == dict.fromkeys(
        ("plan_completion", "promotion_rate", "compliance", "contest_prizes", "mentorship")), \
        "the other targets can only be settings: nothing to say"
    unknown = assess(example(training=None), SETTINGS).indicator("training_hours")
    assert (unknown.target, unknown.target_source) == (None, None), "with training silent, its plan is unknown too"


def test_members_whose_occupation_has_no_requirements_are_left_out_of_the_compliance_rate():
    result = assess(example(compliant=6, required=8), SETTINGS)
    assert result.indicator("compliance").actual == 75  # 6 of the 8 of whom something is required
    nobody = assess(example(compliant=0, required=0), SETTINGS).indicator("compliance")
    assert (nobody.actual, nobody.applicable) == (None, False), "not configured is not 100 %"


def test_member_counts_divide_exactly_and_present_half_up():
    result = assess(example(members=3, hours=Decimal("100.5"), promoted=1, compliant=2), SETTINGS)
    assert result.indicator("training_hours").actual == Fraction(67, 2)
    assert result.indicator("promotion_rate").present()["actual"] == Decimal("33.33")
    assert result.indicator("compliance").present()["actual"] == Decimal("66.67")


def test_an_unanswered_service_makes_its_indicators_unavailable_and_withholds_the_score():
    result = assess(example(training=None), SETTINGS)
    assert result.unavailable == ("training",)
    assert result.score is None and result.rating is None and result.shown_score is None
    for code in ("training_hours", "plan_completion", "mentorship"):
        indicator = result.indicator(code)
        assert (indicator.actual, indicator.points, indicator.applicable, indicator.available) == (None, None, None,
                                                                                                  False)
    assert result.indicator("promotion_rate").actual == 10, "the gateway's own facts are still shown"
    both = assess(example(training=None, compliant=None), SETTINGS)
    assert both.unavailable == ("training", "credentials") and not both.indicator("compliance").available


def test_targets_and_weights_are_settings():
    settings = scoring_settings_from_mapping({"assessment": {"mentorship": {"weight": 0},
                                                             "contest_prizes": {"target": Decimal("1.5")}}})
    assert settings.assessment["training_hours"].target == 80, "the rest keep their defaults"
    result = assess(example(), settings)
    assert result.indicator("contest_prizes").points == 10
    assert result.score == Fraction(100) * Fraction(473, 6) / 90, "a weight of 0 adds nothing"
    with pytest.raises(Invalid) as caught:
        scoring_settings_from_mapping({"assessment": {"compliance": {"target": 0, "weight": -1, "extra": 1},
                                                      "speed": {}}})
    assert set(caught.value.errors) == {"assessment.compliance.target", "assessment.compliance.weight",
                                        "assessment.compliance.extra", "assessment.speed"}
    with pytest.raises(Invalid) as caught:
        scoring_settings_from_mapping({"assessment": {code: {"weight": 0} for code in INDICATORS}})
    assert list(caught.value.errors) == ["assessment"]


def test_the_day_defaults_within_the_year():
    today = date(2026, 11, 26)
    assert assessment_day(None, None, today) == (2026, today)
    assert assessment_day(2026, None, today) == (2026, today)
    assert assessment_day(2025, None, today) == (2025, date(2025, 12, 31))
    assert assessment_day(2027, None, today) == (2027, date(2027, 1, 1))
    assert assessment_day(None, date(2024, 3, 1), today) == (2024, date(2024, 3, 1))
    assert assessment_day(2024, date(2024, 3, 1), today) == (2024, date(2024, 3, 1))
    with pytest.raises(Invalid) as caught:
        assessment_day(2024, date(2025, 1, 1), today)
    assert list(caught.value.errors) == ["as_of"]


def test_a_team_is_the_sum_of_its_members_on_the_day_whatever_team_their_facts_came_from():
    from banzu_gateway.domain.assessment import PlanSummary, TrainingSummary, team_facts

    # M moved into the team during the year: M's hours, promotion and prize (earned in the old
    # team) come with M; N is not a member any more, so N's do not count.
    training = TrainingSummary(hours={"A": Decimal("40.5"), "M": Decimal(60), "N": Decimal(99)},
                               mentorships={"A": (2, 1), "N": (1, 1)},
                               plans={"T": PlanSummary(10, 9, Decimal(48)), "U": PlanSummary(4, 4, Decimal(80))})
    facts = team_facts("T", ["A", "B", "M"], promoted={"M", "N"}, prizes={"M": 2, "N": 1}, training=training,
                       compliant={"A", "M", "N"})
    assert facts == TeamFacts(members=3, promoted=1, prizes=2, compliant=2, required=3, training=TrainingFacts(
        hours=Decimal("100.5"), planned=10, held=9, target_hours=Decimal(48), mentorships_ended=2,
        mentorships_achieved=1))
    unconfigured = team_facts("T", ["A", "B", "M"], set(), {}, training, {"A", "M"}, unconfigured={"M"})
    assert (unconfigured.compliant, unconfigured.required) == (1, 2), "M counts neither way"
    no_plan = team_facts("V", ["A"], set(), {}, training, None)
    assert (no_plan.training.planned, no_plan.training.held, no_plan.training.target_hours, no_plan.compliant) == (
        None, 0, None, None)
    assert team_facts("T", ["A"], set(), {}, None, {"A"}).training is None
