"""Small builders for the training unit tests: sensible defaults, override what the test is about."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from banzu_training.domain import AttendanceRecord, Course, Session

CST = timezone(timedelta(hours=8))


def at(day: str, hhmm: str = "09:00") -> datetime:
    """An aware instant in China Standard Time."""
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=CST)


def course(**overrides) -> Course:
    fields = dict(code="WELD-101", title="Arc welding basics", occupation="welder", hours=Decimal(8),
                  kind="practical")
    return Course(**{**fields, **overrides})


def session(starts: str = "2026-03-10 09:00", ends: str = "2026-03-10 12:00", **overrides) -> Session:
    fields = dict(course_code="WELD-101", trainer="t.wang", location="Workshop A",
                  starts_at=at(*starts.split()), ends_at=at(*ends.split()), capacity=10, id=1)
    return Session(**{**fields, **overrides})


def record(course_code: str, on: str, hours: str = "3", completed: bool = True, present: bool = True,
           employee_no: str = "E001", session_id: int = 1) -> AttendanceRecord:
    return AttendanceRecord(session_id=session_id, course_code=course_code, employee_no=employee_no,
                            present=present, hours=Decimal(hours), score=None, completed=completed,
                            on=date.fromisoformat(on))
