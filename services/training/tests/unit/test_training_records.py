from datetime import date
from decimal import Decimal

from banzu_training.domain import (CertificationProgramme, CompletedCourse, hours_in_year,
                                   training_record)
from training_builders import record

PROGRAMME = CertificationProgramme(code="WELD-SR", name="Senior welder programme", occupation="welder",
                                   grade="senior", courses=["WELD-101", "WELD-201"], min_hours=10,
                                   credential_type="skill_level")


def test_hours_in_a_year():
    records = [record("A", "2026-01-05", hours="3"), record("B", "2025-12-31", hours="8"),
               record("C", "2026-12-31", hours="2.5"), record("D", "2026-02-01", hours="1", present=False)]
    assert hours_in_year(records, 2026) == Decimal("5.5")
    assert hours_in_year([], 2026) == 0


def test_the_record_of_a_year_with_progress_over_all_years():
    records = [
        record("WELD-101", "2025-11-10", hours="6"),
        record("WELD-201", "2026-02-10", hours="3", completed=False),
        record("WELD-201", "2026-05-10", hours="3"),
        record("WELD-201", "2026-06-10", hours="3"),
        record("SAFE-01", "2026-03-01", hours="4", present=False, completed=False),
        record("SAFE-01", "2026-04-01", hours="2", employee_no="E999"),
    ]
    result = training_record("E001", 2026, records, [PROGRAMME], earned_program_codes={"WELD-SR"})
    assert result.hours == Decimal(9)
    assert result.completed_courses == (CompletedCourse("WELD-201", date(2026, 5, 10)),)
    (progress,) = result.programmes
    assert progress.hours == Decimal(15) and progress.requirements_met and progress.earned


def test_an_empty_record():
    result = training_record("E001", 2026, [], [PROGRAMME])
    assert (result.hours, result.completed_courses) == (0, ())
    assert result.programmes[0].missing_courses == ("WELD-101", "WELD-201")
    assert not result.programmes[0].earned
