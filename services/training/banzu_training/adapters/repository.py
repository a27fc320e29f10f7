"""Repositories: the domain's objects in and out of training's tables (SQLAlchemy Core).

Each repository works on the unit of work's session. `for_update=True` takes a row lock on
PostgreSQL (SELECT … FOR UPDATE); SQLite ignores it, and serialises writers instead because every
transaction begins IMMEDIATE.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Select, and_, delete, exists, func, insert, literal, or_, select, union_all, update
from sqlalchemy.orm import Session as DbSession

from banzu_common.skill_ladder import Grade, skill_ladder

from banzu_training.adapters.tables import (attendance_records, cancelled_enrollments, certification_program_courses,
                                            certification_programs, certifications, courses,
                                            directory_teams, directory_workers, enrollments,
                                            mentorship_evaluations, mentorships, plan_items, plans,
                                            recertification_cases, sessions)
from banzu_training.domain import (AttendanceRecord, CaseStatus, CertificationEarned, CertificationProgramme, Course,
                                   Delivery, Enrollment, EnrollmentStatus, Evaluation, Mentorship,
                                   MentorshipStatus, PlanItem, RecertificationCase, RefresherOffer, Roster, Session,
                                   TrainingPlan, Worker)

# Ids arrive from URLs; beyond the column's range they cannot exist (and must not reach the database).
MAX_ID = 2**31 - 1
SCHEDULE_LOCK_KEY = 0x7472616E  # any constant private to training's database


def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes, and everything stored is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


class Repository:
    def __init__(self, session: DbSession):
        self.session = session

    def _page(self, query: Select, order_by, page: int, per_page: int) -> tuple[list, int]:
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.execute(query.order_by(*order_by).offset((page - 1) * per_page).limit(per_page)).all()
        return rows, total


class CourseRepository(Repository):
    def add(self, course: Course) -> None:
        self.session.execute(insert(courses).values(
            code=course.code, title=course.title, occupation=course.occupation, hours=course.hours,
            kind=course.kind.value, pass_score=course.pass_score, credential_type=course.credential_type))

    def get(self, code: str) -> Course | None:
        row = self.session.execute(select(courses).where(courses.c.code == code)).first()
        return None if row is None else _course(row)

    def existing(self, codes: Iterable[str]) -> set[str]:
        return set(self.session.scalars(select(courses.c.code).where(courses.c.code.in_(list(codes)))))

    def get_for_update(self, code: str) -> Course | None:
        row = self.session.execute(select(courses).where(courses.c.code == code).with_for_update()).first()
        return None if row is None else _course(row)

    def save(self, course: Course) -> None:
        self.session.execute(update(courses).where(courses.c.code == course.code).values(
            title=course.title, occupation=course.occupation, hours=course.hours, kind=course.kind.value,
            pass_score=course.pass_score, credential_type=course.credential_type))

    def page(self, occupation: str | None, kind: str | None, page: int, per_page: int) -> tuple[list[Course], int]:
        query = select(courses)
        if occupation:
            query = query.where(courses.c.occupation == occupation)
        if kind:
            query = query.where(courses.c.kind == kind)
        rows, total = self._page(query, [courses.c.code], page, per_page)
        return [_course(r) for r in rows], total


def _course(row) -> Course:
    return Course(code=row.code, title=row.title, occupation=row.occupation, hours=row.hours, kind=row.kind,
                  pass_score=row.pass_score, credential_type=row.credential_type)


class SessionRepository(Repository):
    def add(self, session: Session) -> int:
        offset = session.starts_at.utcoffset()
        result = self.session.execute(insert(sessions).values(
            course_code=session.course_code, trainer=session.trainer, location=session.location,
            starts_at=utc(session.starts_at), ends_at=utc(session.ends_at),
            utc_offset_seconds=int(offset.total_seconds()), starts_on=session.starts_at.date(),
            capacity=session.capacity).returning(sessions.c.id))
        session.id = result.scalar_one()
        return session.id

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
        rows, total = self._page(_filtered(_summaries(), query), [sessions.c.starts_at, sessions.c.id], page, per_page)
        return [_summary(r) for r in rows], total

    def summary(self, session_id: int) -> SessionSummary | None:
        if not valid_id(session_id):
            return None
        row = self.session.execute(_summaries().where(sessions.c.id == session_id)).first()
        return None if row is None else _summary(row)

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


def _summaries() -> Select:
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


def _summary(row) -> SessionSummary:
    return SessionSummary(_session(row), row.enrolled, row.waitlisted, row.recorded)


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
        query = _summaries().add_columns(mine.c.status.label("claim"), mine.c.place) \
            .join(mine, mine.c.session_id == sessions.c.id)
        if upcoming_after is not None:
            query = query.where(sessions.c.starts_at > utc(upcoming_after))
        rows, total = self._page(query, [sessions.c.starts_at, sessions.c.id], page, per_page)
        return [WorkerEnrollment(_summary(r), r.claim,
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


class AttendanceRepository(Repository):
    def for_session(self, session_id: int) -> dict[str, AttendanceRecord]:
        rows = self.session.execute(select(attendance_records).where(attendance_records.c.session_id == session_id))
        return {r.employee_no: _record(r) for r in rows}

    def save(self, record: AttendanceRecord, replaces: bool) -> None:
        values = dict(course_code=record.course_code, present=record.present, hours=record.hours,
                      score=record.score, completed=record.completed, on=record.on)
        if replaces:
            self.session.execute(update(attendance_records).where(
                attendance_records.c.session_id == record.session_id,
                attendance_records.c.employee_no == record.employee_no).values(**values))
        else:
            self.session.execute(insert(attendance_records).values(
                session_id=record.session_id, employee_no=record.employee_no, **values))

    def of_courses(self, course_codes: Iterable[str]) -> list[AttendanceRecord]:
        query = select(attendance_records).where(attendance_records.c.course_code.in_(list(course_codes)))
        return [_record(r) for r in self.session.execute(query)]

    def of_workers(self, employee_nos: Iterable[str], year: int | None = None) -> list[AttendanceRecord]:
        query = select(attendance_records).where(attendance_records.c.employee_no.in_(list(employee_nos)))
        if year is not None:
            query = query.where(attendance_records.c.on.between(date(year, 1, 1), date(year, 12, 31)))
        return [_record(r) for r in self.session.execute(query)]


def _record(row) -> AttendanceRecord:
    return AttendanceRecord(session_id=row.session_id, course_code=row.course_code, employee_no=row.employee_no,
                            present=row.present, hours=row.hours, score=row.score, completed=row.completed,
                            on=row.on)


class ProgrammeRepository(Repository):
    def add(self, programme: CertificationProgramme) -> None:
        self.session.execute(insert(certification_programs).values(
            code=programme.code, name=programme.name, occupation=programme.occupation,
            grade=programme.grade.code, min_hours=programme.min_hours, credential_type=programme.credential_type))
        self.session.execute(insert(certification_program_courses), [
            {"program_code": programme.code, "course_code": code, "position": i}
            for i, code in enumerate(programme.courses)])

    def get(self, code: str) -> CertificationProgramme | None:
        found = self._load(select(certification_programs).where(certification_programs.c.code == code))
        return found[0] if found else None

    def all(self) -> list[CertificationProgramme]:
        return self._load(select(certification_programs))

    def requiring(self, course_code: str) -> list[CertificationProgramme]:
        """The programmes whose progress a record of this course can change."""
        return self._load(select(certification_programs).where(certification_programs.c.code.in_(
            select(certification_program_courses.c.program_code)
            .where(certification_program_courses.c.course_code == course_code))))

    def page(self, page: int, per_page: int) -> tuple[list[CertificationProgramme], int]:
        total = self.session.scalar(select(func.count()).select_from(certification_programs))
        query = (select(certification_programs).order_by(certification_programs.c.code)
                 .offset((page - 1) * per_page).limit(per_page))
        return self._load(query), total

    def _load(self, query: Select) -> list[CertificationProgramme]:
        rows = self.session.execute(query).all()
        codes: dict[str, list[str]] = {r.code: [] for r in rows}
        for link in self.session.execute(
                select(certification_program_courses)
                .where(certification_program_courses.c.program_code.in_(list(codes)))
                .order_by(certification_program_courses.c.position)):
            codes[link.program_code].append(link.course_code)
        return [CertificationProgramme(code=r.code, name=r.name, occupation=r.occupation, grade=r.grade,
                                       courses=codes[r.code], min_hours=r.min_hours,
                                       credential_type=r.credential_type)
                for r in sorted(rows, key=lambda r: r.code)]


class CertificationRepository(Repository):
    def add(self, earned: CertificationEarned) -> None:
        self.session.execute(insert(certifications).values(
            certification_id=earned.certification_id, program_code=earned.program_code,
            employee_no=earned.employee_no, grade=earned.grade, earned_on=earned.earned_on))

    def of_worker(self, employee_no: str) -> list:
        return self.session.execute(select(certifications).where(certifications.c.employee_no == employee_no)
                                    .order_by(certifications.c.earned_on, certifications.c.program_code)).all()

    def earned_codes(self, employee_no: str) -> set[str]:
        return {row.program_code for row in self.of_worker(employee_no)}

    def holders(self, program_code: str) -> set[str]:
        return set(self.session.scalars(select(certifications.c.employee_no)
                                        .where(certifications.c.program_code == program_code)))


class PlanRepository(Repository):
    def add(self, plan: TrainingPlan) -> int:
        plan_id = self.session.execute(insert(plans).values(
            team_code=plan.team_code, year=plan.year, target_hours_per_person=plan.target_hours_per_person)
            .returning(plans.c.id)).scalar_one()
        if plan.items:
            self.session.execute(insert(plan_items), [
                {"plan_id": plan_id, "course_code": item.course_code, "month": item.month} for item in plan.items])
        return plan_id

    def get(self, plan_id: int) -> TrainingPlan | None:
        if not valid_id(plan_id):
            return None
        row = self.session.execute(select(plans).where(plans.c.id == plan_id)).first()
        if row is None:
            return None
        return self._load([row])[plan_id]

    def page(self, team_code: str | None, year: int | None, page: int,
             per_page: int) -> tuple[dict[int, TrainingPlan], int]:
        query = select(plans)
        if team_code:
            query = query.where(plans.c.team_code == team_code)
        if year:
            query = query.where(plans.c.year == year)
        rows, total = self._page(query, [plans.c.year.desc(), plans.c.team_code, plans.c.id], page, per_page)
        return self._load(rows), total

    def latest_for(self, team_code: str, year: int) -> tuple[int, TrainingPlan] | None:
        """The team's plan for the year; the newest when several were made."""
        row = self.session.execute(select(plans).where(plans.c.team_code == team_code, plans.c.year == year)
                                   .order_by(plans.c.id.desc()).limit(1)).first()
        return None if row is None else (row.id, self._load([row])[row.id])

    def _load(self, rows) -> dict[int, TrainingPlan]:
        items: dict[int, list[PlanItem]] = {r.id: [] for r in rows}
        for i in self.session.execute(select(plan_items).where(plan_items.c.plan_id.in_(list(items)))
                                      .order_by(plan_items.c.id)):
            items[i.plan_id].append(PlanItem(i.course_code, i.month))
        return {r.id: TrainingPlan(team_code=r.team_code, year=r.year,
                                   target_hours_per_person=r.target_hours_per_person, items=items[r.id])
                for r in rows}


class MentorshipRepository(Repository):
    def add(self, mentorship: Mentorship) -> int:
        return self.session.execute(insert(mentorships).values(**_mentorship_values(mentorship))
                                    .returning(mentorships.c.id)).scalar_one()

    def get(self, mentorship_id: int, for_update: bool = False) -> Mentorship | None:
        if not valid_id(mentorship_id):
            return None
        query = select(mentorships).where(mentorships.c.id == mentorship_id)
        found = self._load(query.with_for_update() if for_update else query)
        return found[mentorship_id] if found else None

    def of_apprentice(self, employee_no: str) -> dict[int, Mentorship]:
        return self._load(select(mentorships).where(mentorships.c.apprentice == employee_no)
                          .order_by(mentorships.c.id).with_for_update())

    def active_ended_before(self, today: date) -> dict[int, Mentorship]:
        return self._load(select(mentorships).where(mentorships.c.status == MentorshipStatus.active.value,
                                                    mentorships.c.ends_on < today)
                          .order_by(mentorships.c.id).with_for_update())

    def page(self, status: str | None, employee_no: str | None, today: date, page: int,
             per_page: int) -> tuple[dict[int, Mentorship], int]:
        """Filtered by the status as of `today` (an active one past its end counts as lapsed) and
        by a worker taking part as mentor or apprentice; the newest first."""
        query = select(mentorships)
        ended = mentorships.c.ends_on < today
        stored = mentorships.c.status
        if status == MentorshipStatus.active.value:
            query = query.where(stored == status, ~ended)
        elif status == MentorshipStatus.lapsed.value:
            query = query.where(or_(stored == status, and_(stored == MentorshipStatus.active.value, ended)))
        elif status:
            query = query.where(stored == status)
        if employee_no:
            query = query.where(or_(mentorships.c.mentor == employee_no, mentorships.c.apprentice == employee_no))
        rows, total = self._page(query, [mentorships.c.starts_on.desc(), mentorships.c.id.desc()], page, per_page)
        found = self._load(select(mentorships).where(mentorships.c.id.in_([r.id for r in rows])))
        return {r.id: found[r.id] for r in rows}, total

    def save(self, mentorship_id: int, mentorship: Mentorship) -> None:
        self.session.execute(update(mentorships).where(mentorships.c.id == mentorship_id)
                             .values(status=mentorship.status.value, achieved_on=mentorship.achieved_on))

    def add_evaluation(self, mentorship_id: int, evaluation: Evaluation) -> None:
        self.session.execute(insert(mentorship_evaluations).values(
            mentorship_id=mentorship_id, on=evaluation.on, rating=evaluation.rating, note=evaluation.note))

    def _load(self, query: Select) -> dict[int, Mentorship]:
        rows = self.session.execute(query).all()
        evaluations: dict[int, list[Evaluation]] = {r.id: [] for r in rows}
        for e in self.session.execute(select(mentorship_evaluations)
                                      .where(mentorship_evaluations.c.mentorship_id.in_(list(evaluations)))
                                      .order_by(mentorship_evaluations.c.on, mentorship_evaluations.c.id)):
            evaluations[e.mentorship_id].append(Evaluation(on=e.on, rating=e.rating, note=e.note))
        return {r.id: Mentorship(mentor=r.mentor, apprentice=r.apprentice, occupation=r.occupation,
                                 goal_grade=r.goal_grade, starts_on=r.starts_on, ends_on=r.ends_on,
                                 status=MentorshipStatus(r.status), achieved_on=r.achieved_on,
                                 evaluations=evaluations[r.id])
                for r in rows}


def _mentorship_values(m: Mentorship) -> dict:
    return dict(mentor=m.mentor, apprentice=m.apprentice, occupation=m.occupation, goal_grade=m.goal_grade.code,
                starts_on=m.starts_on, ends_on=m.ends_on, status=m.status.value, achieved_on=m.achieved_on)


class CaseRepository(Repository):
    def get(self, credential_id: str) -> RecertificationCase | None:
        row = self.session.execute(select(recertification_cases)
                                   .where(recertification_cases.c.credential_id == credential_id)
                                   .with_for_update()).first()
        return None if row is None else _case(row)

    def add(self, case: RecertificationCase) -> None:
        self.session.execute(insert(recertification_cases).values(**_case_values(case)))

    def save(self, case: RecertificationCase) -> None:
        self.session.execute(update(recertification_cases)
                             .where(recertification_cases.c.credential_id == case.credential_id)
                             .values(**_case_values(case)))

    def planned_into(self, session_id: int) -> list[RecertificationCase]:
        rows = self.session.execute(select(recertification_cases)
                                    .where(recertification_cases.c.session_id == session_id)
                                    .order_by(recertification_cases.c.id).with_for_update())
        return [_case(r) for r in rows]

    def unplanned(self, type_code: str) -> list[RecertificationCase]:
        """Open cases of this credential type, the soonest expiry first (most urgent)."""
        rows = self.session.execute(select(recertification_cases).where(
            recertification_cases.c.status == CaseStatus.unplanned.value,
            recertification_cases.c.type_code == type_code)
            .order_by(recertification_cases.c.expires_on, recertification_cases.c.id).with_for_update())
        return [_case(r) for r in rows]

    def page(self, status: str | None, employee_no: str | None, page: int,
             per_page: int) -> tuple[list[RecertificationCase], int]:
        query = select(recertification_cases)
        if status:
            query = query.where(recertification_cases.c.status == status)
        if employee_no:
            query = query.where(recertification_cases.c.employee_no == employee_no)
        rows, total = self._page(query, [recertification_cases.c.expires_on, recertification_cases.c.id],
                                 page, per_page)
        return [_case(r) for r in rows], total


def _case(row) -> RecertificationCase:
    return RecertificationCase(credential_id=row.credential_id, employee_no=row.employee_no,
                               type_code=row.type_code, expires_on=row.expires_on,
                               status=CaseStatus(row.status), session_id=row.session_id)


def _case_values(case: RecertificationCase) -> dict:
    return dict(credential_id=case.credential_id, employee_no=case.employee_no, type_code=case.type_code,
                expires_on=case.expires_on, status=case.status.value, session_id=case.session_id)


class WorkerDirectory(Repository):
    """Reads the directory replica (banzu_common.directory_replica keeps it from the gateway's events)."""

    def get(self, employee_no: str, for_update: bool = False) -> Worker | None:
        query = select(directory_workers).where(directory_workers.c.employee_no == employee_no)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return None if row is None else Worker(row.employee_no, row.team_code, row.occupation, skill_ladder().grade(row.grade))

    def lock(self, employee_nos: Iterable[str]) -> dict[str, Worker]:
        """Locks the workers' rows in a fixed order (no deadlocks between concurrent lockers)."""
        found = {}
        for employee_no in sorted(set(employee_nos)):
            worker = self.get(employee_no, for_update=True)
            if worker is not None:
                found[employee_no] = worker
        return found

    def existing(self, employee_nos: Iterable[str]) -> set[str]:
        return set(self.session.scalars(select(directory_workers.c.employee_no)
                                        .where(directory_workers.c.employee_no.in_(list(employee_nos)))))

    def names(self, employee_nos: Iterable[str]) -> dict[str, str]:
        rows = self.session.execute(select(directory_workers.c.employee_no, directory_workers.c.name)
                                    .where(directory_workers.c.employee_no.in_(list(employee_nos))))
        return {r.employee_no: r.name for r in rows}

    def of_occupation(self, occupation: str) -> list[str]:
        return list(self.session.scalars(select(directory_workers.c.employee_no)
                                         .where(directory_workers.c.occupation == occupation)))

    def team_exists(self, code: str) -> bool:
        return self.session.scalar(select(directory_teams.c.code).where(directory_teams.c.code == code)) is not None

    def team_members(self, code: str) -> list[str]:
        return list(self.session.scalars(select(directory_workers.c.employee_no)
                                         .where(directory_workers.c.team_code == code)))

    def raise_grade(self, employee_no: str, grade: Grade) -> None:
        """A promotion never lowers the copy's grade; the directory's next event confirms it."""
        worker = self.get(employee_no, for_update=True)
        if worker is not None and grade > worker.grade:
            self.session.execute(update(directory_workers).where(directory_workers.c.employee_no == employee_no)
                                 .values(grade=grade.code))

