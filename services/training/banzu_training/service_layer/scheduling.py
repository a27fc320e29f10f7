"""Scheduling sessions: no trainer or location double-booked; a new refresher session is offered
to the recertification cases still waiting for one."""
from __future__ import annotations

from datetime import date, datetime

from banzu_common.errors import Invalid

from banzu_training.domain import CourseKind, Session, check_schedule
from banzu_training.service_layer import recertification
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create_session(uow: TrainingUnitOfWork, fields: dict, now: datetime) -> Session:
    session = Session(**fields)
    course = uow.courses.get(session.course_code)
    if course is None:
        raise Invalid({"course_code": [f"There is no course {session.course_code!r}."]})
    uow.sessions.lock_schedule()
    check_schedule(session, uow.sessions.overlapping(session.starts_at, session.ends_at))
    uow.sessions.add(session)
    if course.kind == CourseKind.refresher and course.credential_type:
        recertification.offer_new_session(uow, session, course.credential_type, now)
    return session


def list_sessions(uow: TrainingUnitOfWork, course: str | None, first_day: date | None, last_day: date | None,
                  page: int, per_page: int) -> tuple[list[tuple[Session, int]], int]:
    """Sessions with their number of enrolled workers, by local start day (from/to inclusive)."""
    return uow.sessions.page(course, first_day, last_day, page, per_page)
