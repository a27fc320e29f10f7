"""Who holds a seat or waits for one in a training session."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, insert, literal, select, union_all, update


from banzu_training.adapters.repositories.base import Repository, utc
from banzu_training.adapters.repositories.training_sessions import SessionSummary, summaries_query, summary_of
from banzu_training.adapters.tables import cancelled_enrollments, enrollments, sessions
from banzu_training.domain import Enrollment, EnrollmentStatus, Roster, Session


class RosterRepository(Repository):
    def for_session(self, session: Session) -> Roster:
        rows = self.session.execute(select(enrollments).where(enrollments.c.session_id == session.id))
        return Roster(session, [Enrollment(r.session_id, r.employee_no, EnrollmentStatus(r.status), r.arrival)
                                for r in rows])

    def add(self, enrollment: Enrollment) -> None:
        self.session.execute(insert(enrollments).values(
            session_id=enrollment.session_id, employee_no=enrollment.employee_no,
            status=enrollment.status.value, arrival=enrollment.arrival))

    def remove(self, enrollment: Enrollment) -> None:
        self.session.execute(delete(enrollments).where(_enrollment_key(enrollment)))

    def save_status(self, enrollment: Enrollment) -> None:
        self.session.execute(update(enrollments).where(_enrollment_key(enrollment))
                             .values(status=enrollment.status.value))

    def end_for_cancelled_session(self, session_id: int, dropped: list[Enrollment]) -> None:
        """The session's enrollments leave the roster and are kept as they stood."""
        self.session.execute(delete(enrollments).where(enrollments.c.session_id == session_id))
        if dropped:
            self.session.execute(insert(cancelled_enrollments), [
                {"session_id": session_id, "employee_no": e.employee_no, "status": e.status.value,
                 "arrival": e.arrival} for e in dropped])

    def cancelled_by_session(self, session_id: int) -> list[Enrollment]:
        rows = self.session.execute(select(cancelled_enrollments)
                                    .where(cancelled_enrollments.c.session_id == session_id)
                                    .order_by(cancelled_enrollments.c.arrival))
        return [Enrollment(r.session_id, r.employee_no, EnrollmentStatus(r.status), r.arrival) for r in rows]

    def of_worker(self, employee_no: str, upcoming_after: datetime | None, page: int,
                  per_page: int) -> tuple[list[WorkerEnrollment], int]:
        """The worker's enrollments with their sessions, soonest first: active ones with the
        waitlist position, and those ended by a session's cancellation (status `cancelled`)."""
        waiting = enrollments.alias("waiting")
        ahead = (select(func.count()).select_from(waiting)
                 .where(waiting.c.session_id == enrollments.c.session_id,
                        waiting.c.status == EnrollmentStatus.waitlisted.value,
                        waiting.c.arrival <= enrollments.c.arrival).scalar_subquery())
        active = select(enrollments.c.session_id, enrollments.c.status, ahead.label("place")) \
            .where(enrollments.c.employee_no == employee_no)
        ended = select(cancelled_enrollments.c.session_id, literal("cancelled").label("status"),
                       literal(0).label("place")).where(cancelled_enrollments.c.employee_no == employee_no)
        mine = union_all(active, ended).subquery()
        query = summaries_query().add_columns(mine.c.status.label("claim"), mine.c.place) \
            .join(mine, mine.c.session_id == sessions.c.id)
        if upcoming_after is not None:
            query = query.where(sessions.c.starts_at > utc(upcoming_after))
        rows, total = self._page(query, [sessions.c.starts_at, sessions.c.id], page, per_page)
        return [WorkerEnrollment(summary_of(r), r.claim,
                                 r.place if r.claim == EnrollmentStatus.waitlisted.value else None)
                for r in rows], total


@dataclass(frozen=True)
class WorkerEnrollment:
    summary: SessionSummary
    status: str  # enrolled, waitlisted, or cancelled (by the session's cancellation)
    position: int | None  # 1-based place in the waitlist, when waitlisted


def _enrollment_key(enrollment: Enrollment):
    return and_(enrollments.c.session_id == enrollment.session_id,
                enrollments.c.employee_no == enrollment.employee_no)
