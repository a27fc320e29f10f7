"""Scheduling sessions: no trainer or location double-booked; a new refresher session is offered
to the recertification cases still waiting for one; a session moved or resized before it starts
tells the people holding a place; a session called off ends its enrollments."""
from __future__ import annotations

from dataclasses import asdict

from datetime import datetime

from banzu_common.errors import Invalid, NotFound
from banzu_common.rules import no_such

from banzu_training.adapters.repositories.training_sessions import SessionQuery, SessionSummary
from banzu_training.domain import CourseKind, Enrollment, Session, check_schedule
from banzu_training.domain.sessions import RESCHEDULABLE
from banzu_training.service_layer import recertification
from banzu_training.service_layer.enrollment import locked_session, tell
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create_session(uow: TrainingUnitOfWork, fields: dict, now: datetime) -> Session:
    session = Session(**fields)
    course = uow.courses.get(session.course_code)
    if course is None:
        raise Invalid({"course_code": [no_such("course", session.course_code)]})
    uow.training_sessions.lock_schedule()
    check_schedule(session, uow.training_sessions.overlapping(session.starts_at, session.ends_at))
    uow.training_sessions.add(session)
    uow.audit("create", "session", session.id, after=asdict(session))
    if course.kind == CourseKind.refresher and course.credential_type:
        recertification.offer_new_session(uow, session, course.credential_type, now)
    return session


def list_sessions(uow: TrainingUnitOfWork, query: SessionQuery, page: int,
                  per_page: int) -> tuple[list[SessionSummary], int]:
    """Sessions with their seats taken, waitlist and attendance counts (days are local start days)."""
    return uow.training_sessions.page(query, page, per_page)


def session_summary(uow: TrainingUnitOfWork, session_id: int) -> SessionSummary:
    summary = uow.training_sessions.summary(session_id)
    if summary is None:
        raise NotFound(f"There is no session {session_id}.")
    return summary


def change_session(uow: TrainingUnitOfWork, session_id: int, changes: dict,
                   now: datetime) -> tuple[Session, list[Enrollment]]:
    """A new time, place or capacity before the session starts; returns the session and the workers
    a raised capacity seated from the waitlist, in order. A new time or place must be free for the
    trainer and the room, and everyone holding a place is told of it (those just seated learn it
    from their seat's notice)."""
    if changes.keys() & {"starts_at", "ends_at", "location"}:
        uow.training_sessions.lock_schedule()  # before the row, as scheduling a new session does
    session = locked_session(uow, session_id)
    roster = uow.rosters.for_session(session)
    seated = roster.reschedule(changes, now)
    changed = roster.session
    moved = changed.moved_from(session)
    if moved:
        check_schedule(changed, uow.training_sessions.overlapping(changed.starts_at, changed.ends_at))
    uow.training_sessions.save_schedule(changed)
    uow.audit("change", "session", session.id, _schedule(session), _schedule(changed))
    for enrollment in seated:
        uow.rosters.save_status(enrollment)
        uow.audit("enrol_from_waitlist", "enrollment", f"{session.id}/{enrollment.employee_no}",
                  {"status": "waitlisted"}, {"status": enrollment.status})
        tell(uow, changed, enrollment, "enrolled_from_waitlist")
    if moved:
        renewing = {case.employee_no: case.credential_id for case in uow.cases.planned_into(session.id)}
        for enrollment in roster.enrolled() + roster.waitlist():
            if enrollment not in seated:
                tell(uow, changed, enrollment, "session_moved", renewing.get(enrollment.employee_no))
    return changed, seated


def _schedule(session: Session) -> dict:
    return {name: getattr(session, name) for name in RESCHEDULABLE}


def cancel_session(uow: TrainingUnitOfWork, session_id: int, reason: str, by: str,
                   now: datetime) -> tuple[Session, list[Enrollment]]:
    """Calls a session off before it starts: every enrollment ends (kept, with the reason, for
    telling the people), and recertification cases planned into it wait for another session."""
    session = locked_session(uow, session_id)
    roster = uow.rosters.for_session(session)
    dropped = roster.cancel_session(reason, by, now)
    uow.training_sessions.save_cancellation(session)
    uow.rosters.end_for_cancelled_session(session.id, dropped)
    for enrollment in dropped:
        tell(uow, session, enrollment, "session_cancelled")
    recertification.release_session(uow, session.id)
    uow.audit("cancel", "session", session.id, {"status": "scheduled"},
              {"status": "cancelled", "reason": reason, "enrollments_ended": [e.employee_no for e in dropped]})
    return session, dropped
