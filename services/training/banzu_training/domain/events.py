"""Domain events; the service layer turns each into the integration event named by `event_type`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar


@dataclass(frozen=True)
class AttendanceRecorded:
    event_type: ClassVar[str] = "banzu.training.attendance.recorded.v1"
    session_id: int | str
    course_code: str
    employee_no: str
    present: bool
    hours: Decimal
    on: date


@dataclass(frozen=True)
class CertificationEarned:
    event_type: ClassVar[str] = "banzu.training.certification.earned.v1"
    certification_id: str
    employee_no: str
    program_code: str
    occupation: str
    grade: str
    credential_type: str
    earned_on: date


@dataclass(frozen=True)
class PromotionEarned:
    event_type: ClassVar[str] = "banzu.grade.promotion.earned.v1"
    promotion_id: str
    employee_no: str
    team_code: str
    occupation: str
    from_grade: str
    to_grade: str
    source: str
    source_id: str
    source_name: str
    effective_on: date
