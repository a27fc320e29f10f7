from datetime import date

import pytest
from banzu_common.errors import Invalid

from banzu_common.skill_ladder import skill_ladder

from banzu_training.domain import Evaluation, Mentorship, MentorshipStatus


def mentorship(starts="2026-01-01", ends="2026-06-30", **overrides) -> Mentorship:
    fields = dict(mentor="M001", apprentice="A001", occupation="welder", goal_grade="senior",
                  starts_on=date.fromisoformat(starts), ends_on=date.fromisoformat(ends))
    return Mentorship(**{**fields, **overrides})


def test_a_new_mentorship_is_active():
    m = mentorship()
    assert m.status is MentorshipStatus.active and m.goal_grade is skill_ladder().grade("senior")


@pytest.mark.parametrize("ends", ["2026-03-31", "2026-04-01", "2026-12-31", "2027-01-01"])
def test_periods_of_3_to_12_months_are_accepted_whichever_way_the_end_is_written(ends):
    mentorship(starts="2026-01-01", ends=ends)


@pytest.mark.parametrize("starts, ends", [
    ("2026-01-01", "2026-03-30"), ("2026-01-01", "2027-01-02"), ("2026-01-01", "2025-12-01"),
    ("2026-01-31", "2026-04-28"),
])
def test_periods_outside_3_to_12_months_are_invalid(starts, ends):
    with pytest.raises(Invalid) as refused:
        mentorship(starts=starts, ends=ends)
    assert list(refused.value.errors) == ["ends_on"]


def test_month_ends_are_clamped():
    # Nov 30 + 3 months is Feb 28, so a period ending the day before is long enough.
    mentorship(starts="2025-11-30", ends="2026-02-27")


@pytest.mark.parametrize("overrides, field", [
    (dict(apprentice="M001"), "apprentice"), (dict(mentor=""), "mentor"), (dict(occupation=""), "occupation"),
    (dict(goal_grade="guru"), "goal_grade"), (dict(starts_on="2026-01-01"), "starts_on"),
    (dict(ends_on=None), "ends_on"),
])
def test_invalid_mentorships_name_the_field(overrides, field):
    with pytest.raises(Invalid) as refused:
        mentorship(**overrides)
    assert field in refused.value.errors


def test_evaluations_are_dated_within_the_period_and_kept_in_date_order():
    m = mentorship()
    m.evaluate(date(2026, 5, 1), 4, "Steady welds")
    m.evaluate(date(2026, 2, 1), 3, "")
    assert m.evaluations == [Evaluation(date(2026, 2, 1), 3, ""), Evaluation(date(2026, 5, 1), 4, "Steady welds")]


@pytest.mark.parametrize("on, rating, note, field", [
    (date(2025, 12, 31), 3, "", "on"), (date(2026, 7, 1), 3, "", "on"), ("2026-02-01", 3, "", "on"),
    (date(2026, 2, 1), 0, "", "rating"), (date(2026, 2, 1), 6, "", "rating"), (date(2026, 2, 1), 4.0, "", "rating"),
    (date(2026, 2, 1), 3, None, "note"), (date(2026, 2, 1), 3, "x" * 2001, "note"),
])
def test_invalid_evaluations_name_the_field(on, rating, note, field):
    m = mentorship()
    with pytest.raises(Invalid) as refused:
        m.evaluate(on, rating, note)
    assert list(refused.value.errors) == [field]
    assert m.evaluations == []


def test_achieved_by_a_promotion_to_the_goal_grade_within_the_period():
    m = mentorship()
    assert not m.record_promotion(skill_ladder().grade("intermediate"), date(2026, 3, 1))
    assert m.status is MentorshipStatus.active
    assert m.record_promotion(skill_ladder().grade("senior"), date(2026, 6, 30))
    assert (m.status, m.achieved_on) == (MentorshipStatus.achieved, date(2026, 6, 30))


def test_a_promotion_above_the_goal_also_achieves_it():
    m = mentorship()
    assert m.record_promotion(skill_ladder().grade("technician"), date(2026, 2, 1))
    assert m.status is MentorshipStatus.achieved


def test_promotions_outside_the_period_do_not_count():
    m = mentorship()
    assert not m.record_promotion(skill_ladder().grade("senior"), date(2025, 12, 31))
    assert not m.record_promotion(skill_ladder().grade("senior"), date(2026, 7, 1))
    assert m.status is MentorshipStatus.active


def test_lapsed_when_the_period_ends_first():
    m = mentorship()
    assert not m.lapse_if_ended(date(2026, 6, 30))
    assert m.status_on(date(2026, 6, 30)) is MentorshipStatus.active
    assert m.status_on(date(2026, 7, 1)) is MentorshipStatus.lapsed
    assert m.lapse_if_ended(date(2026, 7, 1))
    assert m.status is MentorshipStatus.lapsed
    assert not m.lapse_if_ended(date(2026, 8, 1))


def test_an_achieved_mentorship_is_never_undone():
    m = mentorship()
    m.record_promotion(skill_ladder().grade("senior"), date(2026, 5, 1))
    assert not m.lapse_if_ended(date(2026, 9, 1))
    assert not m.record_promotion(skill_ladder().grade("intermediate"), date(2026, 5, 2))
    assert not m.record_promotion(skill_ladder().grade("senior"), date(2026, 6, 1))
    assert (m.status, m.achieved_on) == (MentorshipStatus.achieved, date(2026, 5, 1))
    assert m.status_on(date(2027, 1, 1)) is MentorshipStatus.achieved


def test_an_earlier_promotion_arriving_late_only_moves_the_achievement_date_back():
    m = mentorship()
    m.record_promotion(skill_ladder().grade("technician"), date(2026, 5, 1))
    assert m.record_promotion(skill_ladder().grade("senior"), date(2026, 3, 1))
    assert (m.status, m.achieved_on) == (MentorshipStatus.achieved, date(2026, 3, 1))


def test_a_late_promotion_within_the_period_turns_a_lapse_into_an_achievement():
    m = mentorship()
    m.lapse_if_ended(date(2026, 7, 2))
    assert m.record_promotion(skill_ladder().grade("senior"), date(2026, 6, 15))
    assert m.status is MentorshipStatus.achieved
