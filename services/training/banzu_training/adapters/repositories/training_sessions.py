"""Training sessions (a course delivered at a time and place), their schedule and summaries."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Select, exists, func, insert, select, update


from banzu_training.adapters.repositories.base import Repository, utc, valid_id
from banzu_training.adapters.tables import attendance_records, courses, enrollments, sessions
from banzu_training.domain import Delivery, EnrollmentStatus, RefresherOffer, Session

SCHEDULE_LOCK_KEY = 0x7472616E  # any constant private to training's database


class TrainingSessionRepository(Repository):
    def add(self, session: Session) -> int:
        result = self.session.execute(insert(sessions).values(
            course_code=session.course_code, trainer=session.trainer, **_schedule_values(session))
            .returning(sessions.c.id))
        session.id = result.scalar_one()
        return session.id

    def save_schedule(self, session: Session) -> None:
        """A stored session's new time, place and capacity."""
        self.session.execute(update(sessions).where(sessions.c.id == session.id).values(**_schedule_values(session)))

    def get(self, session_id: int, for_update: bool = False) -> Session | None:
        if not valid_id(session_id):
            return None
        query = select(sessions).where(sessions.c.id == session_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return None if row is None else _session(row)

    def lock_schedule(self) -> None:
        """Serialises scheduling until commit, so two overlapping sessions cannot both pass the
        trainer and location checks (an advisory lock on PostgreSQL; SQLite has one writer anyway)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(SCHEDULE_LOCK_KEY)))

    def overlapping(self, starts_at: datetime, ends_at: datetime) -> list[Session]:
        """Every stored session that overlaps [starts_at, ends_at)."""
        rows = self.session.execute(select(sessions).where(sessions.c.starts_at < utc(ends_at),
                                                           sessions.c.ends_at > utc(starts_at)))
        return [_session(r) for r in rows]

    def held_by(self, employee_no: str, around: Session) -> list[Session]:
        """The sessions the worker is enrolled or waitlisted in that overlap `around`."""
        rows = self.session.execute(
            select(sessions).join(enrollments, enrollments.c.session_id == sessions.c.id)
            .where(enrollments.c.employee_no == employee_no, sessions.c.starts_at < utc(around.ends_at),
                   sessions.c.ends_at > utc(around.starts_at)))
        return [_session(r) for r in rows]

    def page(self, query: SessionQuery, page: int, per_page: int) -> tuple[list[SessionSummary], int]:
        """Sessions with their seat, waitlist and attendance counts, by the query's filters."""
        rows, total = self._page(_filtered(summaries_query(), query), [sessions.c.starts_at, sessions.c.id], page, per_page)
        return [summary_of(r) for r in rows], total

    def summary(self, session_id: int) -> SessionSummary | None:
        if not valid_id(session_id):
            return None
        row = self.session.execute(summaries_query().where(sessions.c.id == session_id)).first()
        return None if row is None else summary_of(row)

    def save_cancellation(self, session: Session) -> None:
        self.session.execute(update(sessions).where(sessions.c.id == session.id).values(
            cancelled_at=utc(session.cancelled_at), cancellation_reason=session.cancellation_reason,
            cancelled_by=session.cancelled_by))

    def refresher_offers(self, type_code: str, now: datetime) -> list[RefresherOffer]:
        """Future sessions of refresher courses that renew `type_code`, with their free seats."""
        rows = self.session.execute(
            select(sessions, _enrolled_count().label("enrolled"))
            .join(courses, courses.c.code == sessions.c.course_code)
            .where(courses.c.kind == "refresher", courses.c.credential_type == type_code,
                   sessions.c.starts_at > utc(now), sessions.c.cancelled_at.is_(None)))
        return [RefresherOffer(session_id=r.id, type_code=type_code, starts_at=_session(r).starts_at,
                               free_seats=max(r.capacity - r.enrolled, 0)) for r in rows]

    def deliveries(self, course_codes: Iterable[str], year: int) -> list[Delivery]:
        """Sessions of these courses started in `year`, with how many were recorded present."""
        present = (select(func.count()).select_from(attendance_records)
                   .where(attendance_records.c.session_id == sessions.c.id, attendance_records.c.present)
                   .scalar_subquery())
        rows = self.session.execute(
            select(sessions.c.course_code, sessions.c.starts_on, present.label("present_count"))
            .where(sessions.c.course_code.in_(list(course_codes)),
                   sessions.c.starts_on.between(date(year, 1, 1), date(year, 12, 31))))
        return [Delivery(r.course_code, r.starts_on, r.present_count) for r in rows]


def _enrolled_count():
    return _count_of(enrollments, enrollments.c.status == EnrollmentStatus.enrolled.value)


def _count_of(table, *conditions):
    return select(func.count()).select_from(table).where(table.c.session_id == sessions.c.id, *conditions) \
        .scalar_subquery()


def _schedule_values(session: Session) -> dict:
    # The start's own offset is kept so the session reads back in the zone it was typed in.
    return dict(location=session.location, starts_at=utc(session.starts_at), ends_at=utc(session.ends_at),
                utc_offset_seconds=int(session.starts_at.utcoffset().total_seconds()),
                starts_on=session.starts_at.date(), capacity=session.capacity)


def _session(row) -> Session:
    zone = timezone(timedelta(seconds=row.utc_offset_seconds))
    return Session(course_code=row.course_code, trainer=row.trainer, location=row.location,
                   starts_at=utc(row.starts_at).astimezone(zone), ends_at=utc(row.ends_at).astimezone(zone),
                   capacity=row.capacity, id=row.id,
                   cancelled_at=None if row.cancelled_at is None else utc(row.cancelled_at).astimezone(zone),
                   cancellation_reason=row.cancellation_reason, cancelled_by=row.cancelled_by)


@dataclass(frozen=True)
class SessionQuery:
    """Filters of a session list; `upcoming_after` keeps sessions not cancelled that start after
    it, `unrecorded_at` those started by then, not cancelled, with a seated worker lacking a record."""

    course: str | None = None
    trainer: str | None = None
    occupation: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    upcoming_after: datetime | None = None
    unrecorded_at: datetime | None = None


@dataclass(frozen=True)
class SessionSummary:
    session: Session
    enrolled: int
    waitlisted: int
    recorded: int  # attendance records taken


def summaries_query() -> Select:
    return select(sessions,
                  _count_of(enrollments, enrollments.c.status == EnrollmentStatus.enrolled.value).label("enrolled"),
                  _count_of(enrollments, enrollments.c.status == EnrollmentStatus.waitlisted.value)
                  .label("waitlisted"),
                  _count_of(attendance_records).label("recorded"))


def _filtered(query: Select, q: SessionQuery) -> Select:
    if q.course:
        query = query.where(sessions.c.course_code == q.course)
    if q.trainer:
        query = query.where(sessions.c.trainer == q.trainer)
    if q.occupation:
        query = query.where(sessions.c.course_code.in_(select(courses.c.code)
                                                       .where(courses.c.occupation == q.occupation)))
    if q.first_day:
        query = query.where(sessions.c.starts_on >= q.first_day)
    if q.last_day:
        query = query.where(sessions.c.starts_on <= q.last_day)
    if q.upcoming_after:
        query = query.where(sessions.c.starts_at > utc(q.upcoming_after), sessions.c.cancelled_at.is_(None))
    if q.unrecorded_at:
        unrecorded = exists().where(
            enrollments.c.session_id == sessions.c.id, enrollments.c.status == EnrollmentStatus.enrolled.value,
            ~exists().where(attendance_records.c.session_id == enrollments.c.session_id,
                            attendance_records.c.employee_no == enrollments.c.employee_no))
        query = query.where(sessions.c.starts_at <= utc(q.unrecorded_at), sessions.c.cancelled_at.is_(None),
                            unrecorded)
    return query


def summary_of(row) -> SessionSummary:
    return SessionSummary(_session(row), row.enrolled, row.waitlisted, row.recorded)
