"""Domain events of training; the service layer maps each to its integration event."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class AttendanceRecorded:
    session_id: int | str
    course_code: str
    employee_no: str
    present: bool
    hours: Decimal
    on: date


@dataclass(frozen=True)
class CertificationEarned:
    certification_id: str
    employee_no: str
    program_code: str
    occupation: str
    grade: str
    credential_type: str
    earned_on: date


@dataclass(frozen=True)
class PromotionEarned:
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
