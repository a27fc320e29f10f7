from datetime import date
from decimal import Decimal

import pytest
from banzu_common.errors import Invalid

from banzu_common.skill_ladder import skill_ladder

from banzu_training.domain import (CertificationEarned, CertificationProgramme, PromotionEarned, Worker,
                                   decide_certification, programme_progress)
from training_builders import record


def programme(**overrides) -> CertificationProgramme:
    fields = dict(code="WELD-SR", name="Senior welder programme", occupation="welder", grade="senior",
                  courses=["WELD-101", "WELD-201"], min_hours=10, credential_type="skill_level")
    return CertificationProgramme(**{**fields, **overrides})


WORKER = Worker(employee_no="E001", team_code="T-WELD-1", occupation="welder", grade=skill_ladder().grade("intermediate"))


@pytest.mark.parametrize("overrides, field", [
    (dict(code=""), "code"), (dict(name=None), "name"), (dict(grade="master"), "grade"),
    (dict(courses=[]), "courses"), (dict(courses="WELD-101"), "courses"), (dict(courses=["A", ""]), "courses[1]"),
    (dict(courses=["A", {"code": "B"}]), "courses[1]"),
    (dict(min_hours=-1), "min_hours"), (dict(credential_type=""), "credential_type"),
])
def test_invalid_programmes_name_the_field(overrides, field):
    with pytest.raises(Invalid) as refused:
        programme(**overrides)
    assert field in refused.value.errors


def test_a_course_listed_twice_is_required_once():
    assert programme(courses=["A", "B", "A"]).courses == ["A", "B"]


def test_progress_counts_only_the_programmes_courses():
    records = [record("WELD-101", "2026-03-10", hours="4"),
               record("WELD-201", "2026-04-10", hours="3", completed=False),
               record("SAFE-01", "2026-04-11", hours="8")]
    progress = programme_progress(programme(), records)
    assert progress.completed_courses == ("WELD-101",)
    assert progress.missing_courses == ("WELD-201",)
    assert progress.hours == Decimal(7)
    assert not progress.requirements_met and not progress.earned


def test_hours_of_failed_attempts_count_but_absences_do_not():
    records = [record("WELD-201", "2026-04-10", hours="3", completed=False),
               record("WELD-201", "2026-04-11", hours="0", completed=False, present=False)]
    assert programme_progress(programme(), records).hours == Decimal(3)


def test_earning_with_a_promotion_dated_when_the_requirements_were_first_met():
    records = [record("WELD-101", "2026-03-10", hours="4"), record("WELD-201", "2026-04-10", hours="4"),
               record("WELD-201", "2026-05-10", hours="4"), record("WELD-101", "2026-06-10", hours="4")]
    events = decide_certification(programme(), WORKER, reversed(records), already_earned=False)
    certification, promotion = events
    assert certification == CertificationEarned(
        certification_id=certification.certification_id, employee_no="E001", program_code="WELD-SR",
        occupation="welder", grade="senior", credential_type="skill_level", earned_on=date(2026, 5, 10))
    assert promotion == PromotionEarned(
        promotion_id=promotion.promotion_id, employee_no="E001", team_code="T-WELD-1", occupation="welder",
        from_grade="intermediate", to_grade="senior", source="certification", source_id="WELD-SR",
        source_name="Senior welder programme", effective_on=date(2026, 5, 10))


def test_ids_are_stable_so_a_repeated_decision_is_recognised():
    records = [record("WELD-101", "2026-03-10", hours="5"), record("WELD-201", "2026-04-10", hours="5")]
    first = decide_certification(programme(), WORKER, records, already_earned=False)
    again = decide_certification(programme(), WORKER, records, already_earned=False)
    assert first == again
    other = decide_certification(programme(code="WELD-X"), WORKER, records, already_earned=False)
    assert other[0].certification_id != first[0].certification_id


def test_no_promotion_when_the_worker_is_already_at_or_above_the_grade():
    records = [record("WELD-101", "2026-03-10", hours="5"), record("WELD-201", "2026-04-10", hours="5")]
    for grade in (skill_ladder().grade("senior"), skill_ladder().grade("technician")):
        worker = Worker("E001", "T-WELD-1", "welder", grade)
        events = decide_certification(programme(), worker, records, already_earned=False)
        assert [type(e) for e in events] == [CertificationEarned]


def test_nothing_until_both_courses_and_hours_are_met_and_nothing_twice():
    short = [record("WELD-101", "2026-03-10", hours="3"), record("WELD-201", "2026-04-10", hours="3")]
    assert decide_certification(programme(), WORKER, short, already_earned=False) == []
    enough = short + [record("WELD-201", "2026-05-10", hours="4", completed=False)]
    assert len(decide_certification(programme(), WORKER, enough, already_earned=False)) == 2
    assert decide_certification(programme(), WORKER, enough, already_earned=True) == []
    missing = [record("WELD-101", "2026-03-10", hours="20")]
    assert decide_certification(programme(), WORKER, missing, already_earned=False) == []


def test_nothing_is_earned_from_the_day_the_worker_left():
    records = [record("WELD-101", "2026-03-10", hours="6"), record("WELD-201", "2026-04-10", hours="6")]
    left_then = Worker("E001", "T-WELD-1", "welder", skill_ladder().grade("intermediate"), "left", date(2026, 4, 10))
    assert decide_certification(programme(), left_then, records, already_earned=False) == []
    left_after = Worker("E001", "T-WELD-1", "welder", skill_ladder().grade("intermediate"), "left", date(2026, 4, 11))
    earned = decide_certification(programme(), left_after, records, already_earned=False)
    assert earned[0].earned_on == date(2026, 4, 10), "met the day before they left: earned (history)"
