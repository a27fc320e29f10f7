"""A worker's training record, computed from their attendance records.

Hours and completed courses are those of the requested year; programme progress counts every
year, since certifications build up over several.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Collection, Iterable

from .attendance import AttendanceRecord
from .certification import CertificationProgramme, ProgrammeProgress, programme_progress


@dataclass(frozen=True)
class CompletedCourse:
    course_code: str
    on: date  # first completion in the year


@dataclass(frozen=True)
class TrainingRecord:
    employee_no: str
    year: int
    hours: Decimal
    completed_courses: tuple[CompletedCourse, ...]
    programmes: tuple[ProgrammeProgress, ...]


def hours_in_year(records: Iterable[AttendanceRecord], year: int) -> Decimal:
    """Training hours credited in `year` for sessions the worker was present at."""
    return sum((r.hours for r in records if r.present and r.on.year == year), Decimal(0))


def training_record(employee_no: str, year: int, records: Iterable[AttendanceRecord],
                    programmes: Iterable[CertificationProgramme],
                    earned_program_codes: Collection[str] = ()) -> TrainingRecord:
    """`records` are the worker's attendance records of all years; `earned_program_codes` the
    programmes for which a certification is stored for them."""
    mine = [r for r in records if r.employee_no == employee_no]
    first_completion: dict[str, date] = {}
    for r in sorted(mine, key=lambda r: r.on):
        if r.completed and r.on.year == year:
            first_completion.setdefault(r.course_code, r.on)
    return TrainingRecord(
        employee_no=employee_no,
        year=year,
        hours=hours_in_year(mine, year),
        completed_courses=tuple(CompletedCourse(code, on) for code, on in first_completion.items()),
        programmes=tuple(programme_progress(p, mine, earned=p.code in earned_program_codes)
                         for p in programmes),
    )
