"""Enrolling in and leaving sessions.

The session row is locked first (and then the worker's row) before the roster is loaded, so
concurrent requests apply `Roster.enrol`/`cancel` one after another and the capacity holds.
"""
from __future__ import annotations

from datetime import datetime

from banzu_common.errors import Invalid, NotFound
from banzu_common.messaging.contracts import EnrollmentChanged
from banzu_common.rules import no_such

from banzu_training.adapters.repositories.rosters import WorkerEnrollment
from banzu_training.domain import Cancellation, Enrollment, Roster, Session
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def locked_session(uow: TrainingUnitOfWork, session_id: int) -> Session:
    session = uow.training_sessions.get(session_id, for_update=True)
    if session is None:
        raise NotFound(f"There is no session {session_id}.")
    return session


def enrol(uow: TrainingUnitOfWork, session_id: int, employee_no: str, now: datetime) -> tuple[Enrollment, int | None]:
    """The new enrollment and, when waitlisted, its place in the waitlist.

    The worker must be in the directory: an unknown employee number is invalid input (422,
    reason `unknown_worker`, the field named), like any other reference in a body that points
    nowhere; the directory copy may lag the gateway by a moment, so clients may retry.
    """
    session = locked_session(uow, session_id)
    worker = uow.workers.get(employee_no, for_update=True)
    if worker is None:
        raise Invalid({"employee_no": [no_such("worker", employee_no)]}, reason="unknown_worker")
    worker.refuse_if_left(now.date())
    roster = uow.rosters.for_session(session)
    enrollment = roster.enrol(employee_no, now, uow.training_sessions.held_by(employee_no, session))
    uow.rosters.add(enrollment)
    uow.audit("enrol", "enrollment", f"{session.id}/{employee_no}",
              after={"status": enrollment.status, "position": roster.position(employee_no)})
    return enrollment, roster.position(employee_no)


def cancel(uow: TrainingUnitOfWork, session_id: int, employee_no: str, now: datetime) -> Cancellation:
    roster = uow.rosters.for_session(locked_session(uow, session_id))
    cancellation = roster.cancel(employee_no, now)
    uow.rosters.remove(cancellation.cancelled)
    if cancellation.promoted is not None:
        uow.rosters.save_status(cancellation.promoted)
    uow.audit("cancel", "enrollment", f"{session_id}/{employee_no}", {"status": cancellation.cancelled.status}, None)
    if cancellation.promoted is not None:
        promoted = cancellation.promoted.employee_no
        uow.audit("enrol_from_waitlist", "enrollment", f"{session_id}/{promoted}", {"status": "waitlisted"},
                  {"status": cancellation.promoted.status})
        tell(uow, roster.session, cancellation.promoted, "enrolled_from_waitlist")
    return cancellation


def tell(uow: TrainingUnitOfWork, session: Session, enrollment: Enrollment, reason: str,
         credential_id: str | None = None) -> None:
    """Records that a worker's place in a session changed without their asking (a seat freed up,
    the session called off, a refresher planned for them), so that they are told."""
    course = uow.courses.get(session.course_code)
    cancelled = reason == "session_cancelled"
    uow.record(EnrollmentChanged(
        session_id=session.id, course_code=session.course_code, course_title=course.title if course else session.course_code,
        employee_no=enrollment.employee_no, status="cancelled" if cancelled else str(enrollment.status),
        starts_at=session.starts_at, ends_at=session.ends_at, location=session.location, reason=reason,
        credential_id=credential_id))


def claim_of(uow: TrainingUnitOfWork, session_id: int, employee_no: str) -> tuple[Enrollment, int | None]:
    """One worker's enrollment in a session and, when waitlisted, their place."""
    found = roster(uow, session_id)
    enrollment = found.find(employee_no)
    if enrollment is None:
        raise NotFound(f"{employee_no} has no enrollment in session {session_id}.")
    return enrollment, found.position(employee_no)


def worker_enrollments(uow: TrainingUnitOfWork, employee_no: str, upcoming_after: datetime | None, page: int,
                       per_page: int) -> tuple[list[WorkerEnrollment], int]:
    return uow.rosters.of_worker(employee_no, upcoming_after, page, per_page)


def roster(uow: TrainingUnitOfWork, session_id: int) -> Roster:
    session = uow.training_sessions.get(session_id)
    if session is None:
        raise NotFound(f"There is no session {session_id}.")
    return uow.rosters.for_session(session)
