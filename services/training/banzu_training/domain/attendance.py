"""Attendance and assessment results of one session.

Recording a worker again replaces that worker's earlier record: trainers take attendance at the
start and add scores after the assessment, or correct a mistake, and only the latest word counts.
An `AttendanceRecorded` event is raised for every record that is new or changed, so consumers that
keep the newest record per (session, worker) stay in step; resubmitting the same sheet raises none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Sequence

from banzu_common.decimals import present
from banzu_common.errors import Conflict
from banzu_common.rules import Rule

from .courses import Course
from .events import AttendanceRecorded
from .sessions import Session, SessionId
from .validation import FieldErrors

MAX_CREDITED_HOURS = Decimal(1000)


@dataclass(frozen=True)
class AttendanceMark:
    """One line of the trainer's sheet as sent: hours and score are optional."""

    employee_no: str
    present: bool
    hours: Decimal | None = None
    score: Decimal | None = None


@dataclass
class AttendanceRecord:
    """`on` is the session's start date in the session's own UTC offset."""

    session_id: SessionId
    course_code: str
    employee_no: str
    present: bool
    hours: Decimal
    score: Decimal | None
    completed: bool
    on: date


@dataclass
class AttendanceSheet:
    """`enrolled` holds the employee numbers with a seat (waitlisted workers are not on the sheet);
    `records` the stored records by employee number."""

    session: Session
    course: Course
    enrolled: frozenset[str]
    records: dict[str, AttendanceRecord] = field(default_factory=dict)
    events: list[AttendanceRecorded] = field(default_factory=list)

    def record(self, marks: Sequence[AttendanceMark], now: datetime) -> list[AttendanceRecord]:
        """Apply the whole sheet or nothing; returns the new or changed records to be saved.

        Invalid names fields as `records[i].<field>`; Conflict `session_cancelled` for a cancelled
        session, `session_not_started` before the start, `not_enrolled` (with `employee_nos`) for workers without a seat.
        """
        checked = self._check(marks)
        if self.session.cancelled:
            raise Conflict("session_cancelled", "The session has been cancelled.")
        if not self.session.has_started(now):
            raise Conflict("session_not_started", "Attendance can be recorded once the session has started.")
        strangers = sorted({m.employee_no for m in checked} - self.enrolled)
        if strangers:
            raise Conflict("not_enrolled", "Some workers are not enrolled in this session.",
                           employee_nos=strangers)
        changed = []
        for mark in checked:
            new = self._record_for(mark)
            if self.records.get(mark.employee_no) != new:
                self.records[mark.employee_no] = new
                changed.append(new)
                self.events.append(AttendanceRecorded(
                    session_id=new.session_id, course_code=new.course_code, employee_no=new.employee_no,
                    present=new.present, hours=present(new.hours), on=new.on))
        return changed

    def _check(self, marks: Sequence[AttendanceMark]) -> list[AttendanceMark]:
        errors = FieldErrors()
        checked, seen = [], set()
        for i, mark in enumerate(marks):
            prefix = f"records[{i}]."
            employee_no = errors.text(prefix + "employee_no", mark.employee_no)
            if isinstance(employee_no, str):
                if employee_no in seen:
                    errors.add(prefix + "employee_no", Rule("repeated", "appears more than once in the sheet"))
                seen.add(employee_no)
            present = errors.boolean(prefix + "present", mark.present)
            hours, score = mark.hours, mark.score
            if hours is not None:
                hours = errors.decimal(prefix + "hours", hours, low=Decimal(0), high=MAX_CREDITED_HOURS)
                if present is False:
                    errors.add(prefix + "hours", Rule("absent_no_hours", "an absent worker is credited no hours"))
            if score is not None:
                score = errors.decimal(prefix + "score", score, low=Decimal(0), high=Decimal(100))
                if present is False:
                    errors.add(prefix + "score", Rule("absent_no_score", "an absent worker has no score"))
            checked.append(AttendanceMark(employee_no, present, hours, score))
        errors.raise_if_any()
        return checked

    def _record_for(self, mark: AttendanceMark) -> AttendanceRecord:
        if mark.present:
            hours = mark.hours if mark.hours is not None else self.session.credited_hours()
        else:
            hours = Decimal(0)
        return AttendanceRecord(
            session_id=self.session.id, course_code=self.course.code, employee_no=mark.employee_no,
            present=mark.present, hours=hours, score=mark.score,
            completed=mark.present and self.course.is_passed_with(mark.score),
            on=self.session.starts_at.date())
