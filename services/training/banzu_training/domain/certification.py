"""Certification programmes: progress towards them and the decision that a worker earned one.

Only hours of the programme's own courses count towards `min_hours`. The programme certifies a
competence, and its minimum hours say how much training in that competence it takes; counting
unrelated training (another occupation's courses, a yearly safety briefing) would let a worker
reach the minimum without it. Hours count from every session of those courses the worker was
present at, passed or not: the time was spent training.

The certification is earned on the first date on which the records up to that date meet both
conditions, which keeps the decision the same however late or in whatever order attendance was
recorded. Identifiers are derived from programme code and employee number, so deciding twice
yields the same certification and promotion ids and consumers drop the repeat.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

from banzu_common.rules import Rule
from banzu_common.skill_ladder import Grade

from .attendance import AttendanceRecord
from .events import CertificationEarned, PromotionEarned
from .validation import NAME_MAX_LENGTH, FieldErrors
from .workers import Worker

MAX_MIN_HOURS = Decimal(10_000)
_IDS = uuid.UUID("6f1f5a52-8a0e-4a4f-9a57-3c1b7f0c2d11")


@dataclass
class CertificationProgramme:
    code: str
    name: str
    occupation: str
    grade: Grade
    courses: list[str]
    min_hours: Decimal
    credential_type: str

    def __post_init__(self) -> None:
        errors = FieldErrors()
        self.code = errors.text("code", self.code)
        self.name = errors.text("name", self.name, NAME_MAX_LENGTH)
        self.occupation = errors.text("occupation", self.occupation)
        self.grade = errors.grade("grade", self.grade)
        self.credential_type = errors.text("credential_type", self.credential_type)
        self.min_hours = errors.decimal("min_hours", self.min_hours, low=Decimal(0), high=MAX_MIN_HOURS)
        if not isinstance(self.courses, (list, tuple)) or not self.courses:
            errors.add("courses", Rule("no_course", "must list at least one course code"))
        else:
            codes = [errors.text(f"courses[{i}]", code) for i, code in enumerate(self.courses)]
            if all(isinstance(code, str) for code in codes):  # anything else cannot be de-duplicated
                self.courses = list(dict.fromkeys(codes))  # a course listed twice is required once
        errors.raise_if_any()


@dataclass(frozen=True)
class ProgrammeProgress:
    program_code: str
    required_courses: tuple[str, ...]
    completed_courses: tuple[str, ...]
    hours: Decimal
    min_hours: Decimal
    earned: bool

    @property
    def missing_courses(self) -> tuple[str, ...]:
        return tuple(c for c in self.required_courses if c not in self.completed_courses)

    @property
    def requirements_met(self) -> bool:
        return not self.missing_courses and self.hours >= self.min_hours


def programme_progress(programme: CertificationProgramme, records: Iterable[AttendanceRecord],
                       earned: bool = False) -> ProgrammeProgress:
    """Progress of one worker, from that worker's attendance records; `earned` says whether a
    certification was stored for them already."""
    relevant = [r for r in records if r.course_code in programme.courses]
    completed = {r.course_code for r in relevant if r.completed}
    return ProgrammeProgress(
        program_code=programme.code,
        required_courses=tuple(programme.courses),
        completed_courses=tuple(c for c in programme.courses if c in completed),
        hours=sum((r.hours for r in relevant if r.present), Decimal(0)),
        min_hours=programme.min_hours,
        earned=earned,
    )


def decide_certification(programme: CertificationProgramme, worker: Worker,
                         records: Iterable[AttendanceRecord],
                         already_earned: bool) -> list[CertificationEarned | PromotionEarned]:
    """The events of earning `programme` now, or [] when not (yet, or any more) to be earned.

    A PromotionEarned follows when the programme's grade is above the worker's grade; its
    source_id is the programme code and source_name the programme name.
    """
    if already_earned:
        return []
    earned_on = _date_requirements_met(programme, list(records))
    if earned_on is None or worker.has_left(earned_on):  # nothing is earned from the day they left
        return []
    certification_id = str(uuid.uuid5(_IDS, f"certification/{programme.code}/{worker.employee_no}"))
    events: list[CertificationEarned | PromotionEarned] = [CertificationEarned(
        certification_id=certification_id, employee_no=worker.employee_no, program_code=programme.code,
        occupation=programme.occupation, grade=programme.grade.code,
        credential_type=programme.credential_type, earned_on=earned_on)]
    if programme.grade > worker.grade:
        events.append(PromotionEarned(
            promotion_id=str(uuid.uuid5(_IDS, f"promotion/certification/{programme.code}/{worker.employee_no}")),
            employee_no=worker.employee_no, team_code=worker.team_code, occupation=programme.occupation,
            from_grade=worker.grade.code, to_grade=programme.grade.code, source="certification",
            source_id=programme.code, source_name=programme.name, effective_on=earned_on))
    return events


def _date_requirements_met(programme: CertificationProgramme,
                           records: list[AttendanceRecord]) -> date | None:
    for day in sorted({r.on for r in records}):
        if programme_progress(programme, [r for r in records if r.on <= day]).requirements_met:
            return day
    return None
