"""Seats and the waitlist of one session.

The service layer locks the session row, loads the session's active enrollments into a `Roster`,
calls `enrol` or `cancel`, and writes back what the call returns. The lock serialises concurrent
requests, so a rule that is correct for the current list never lets the capacity be exceeded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Iterable

from banzu_common.errors import Conflict, NotFound

from .sessions import Session, SessionId
from .validation import FieldErrors


class EnrollmentStatus(StrEnum):
    enrolled = "enrolled"
    waitlisted = "waitlisted"


@dataclass
class Enrollment:
    """An active claim on a session. `arrival` numbers the claims of a session in the order they
    were made and orders the waitlist; a cancelled enrollment is deleted, not kept."""

    session_id: SessionId | None
    employee_no: str
    status: EnrollmentStatus
    arrival: int


@dataclass(frozen=True)
class Cancellation:
    cancelled: Enrollment
    promoted: Enrollment | None  # the waitlisted worker who took the freed seat, to be saved


@dataclass
class Roster:
    session: Session
    enrollments: list[Enrollment] = field(default_factory=list)

    def enrolled(self) -> list[Enrollment]:
        return sorted((e for e in self.enrollments if e.status == EnrollmentStatus.enrolled),
                      key=lambda e: e.arrival)

    def waitlist(self) -> list[Enrollment]:
        return sorted((e for e in self.enrollments if e.status == EnrollmentStatus.waitlisted),
                      key=lambda e: e.arrival)

    def free_seats(self) -> int:
        return max(self.session.capacity - len(self.enrolled()), 0)

    def position(self, employee_no: str) -> int | None:
        """1-based place in the waitlist, or None when not waitlisted."""
        for place, enrollment in enumerate(self.waitlist(), start=1):
            if enrollment.employee_no == employee_no:
                return place
        return None

    def find(self, employee_no: str) -> Enrollment | None:
        return next((e for e in self.enrollments if e.employee_no == employee_no), None)

    def enrol(self, employee_no: str, now: datetime, held_sessions: Iterable[Session] = ()) -> Enrollment:
        """Enrol while seats remain, else waitlist; returns the new enrollment to be saved.

        `held_sessions` are the other sessions the worker is enrolled or waitlisted in. A waitlisted
        place counts as held: it may turn into a seat at any time without asking the worker.
        """
        errors = FieldErrors()
        employee_no = errors.text("employee_no", employee_no)
        errors.raise_if_any()
        if self.session.cancelled:
            raise Conflict("session_cancelled", "The session has been cancelled.")
        if self.session.has_started(now):
            raise Conflict("session_started", "The session has already started.")
        if self.find(employee_no) is not None:
            raise Conflict("already_enrolled", f"{employee_no} is already enrolled in this session.")
        for other in held_sessions:
            if other.id != self.session.id and other.overlaps(self.session):
                raise Conflict("overlapping_session",
                               f"{employee_no} already holds an overlapping session.", session_id=other.id)
        status = EnrollmentStatus.enrolled if self.free_seats() > 0 else EnrollmentStatus.waitlisted
        enrollment = Enrollment(session_id=self.session.id, employee_no=employee_no, status=status,
                                arrival=max((e.arrival for e in self.enrollments), default=0) + 1)
        self.enrollments.append(enrollment)
        return enrollment

    def cancel(self, employee_no: str, now: datetime) -> Cancellation:
        """Remove the worker's enrollment; a freed seat goes to the first waitlisted worker.

        Refused once the session has started: from then on the roster is the attendance list.
        """
        enrollment = self.find(employee_no)
        if enrollment is None:
            raise NotFound(f"{employee_no} has no enrollment in this session.")
        if self.session.has_started(now):
            raise Conflict("session_started", "The session has already started.")
        self.enrollments.remove(enrollment)
        promoted = None
        waitlist = self.waitlist()
        if enrollment.status == EnrollmentStatus.enrolled and waitlist and self.free_seats() > 0:
            promoted = waitlist[0]
            promoted.status = EnrollmentStatus.enrolled
        return Cancellation(cancelled=enrollment, promoted=promoted)

    def reschedule(self, changes: dict, now: datetime) -> list[Enrollment]:
        """A new time, place or capacity before the session starts. A raised capacity seats the
        waitlist in order; returns those seated (to be saved and told). A capacity below the seats
        already taken is refused: nobody loses a seat they were given."""
        changed = self.session.rescheduled(changes, now)
        enrolled = len(self.enrolled())
        if changed.capacity < enrolled:
            raise Conflict("capacity_below_enrolled",
                           f"{enrolled} workers are enrolled; the capacity cannot be lower than that.",
                           enrolled=enrolled)
        self.session = changed
        seated = self.waitlist()[:self.free_seats()]
        for enrollment in seated:
            enrollment.status = EnrollmentStatus.enrolled
        return seated

    def cancel_session(self, reason: str, by: str, now: datetime) -> list[Enrollment]:
        """Call the whole session off before it starts: every enrollment ends, seats and waitlist
        alike; returns them (seated first, then the waitlist in order) so the people can be told."""
        self.session.cancel(reason, by, now)
        dropped = self.enrolled() + self.waitlist()
        self.enrollments.clear()
        return dropped
