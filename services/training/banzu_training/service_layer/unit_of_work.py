"""Training's unit of work: its repositories on one session, and domain events into the outbox."""
from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from banzu_common.unit_of_work import UnitOfWork

from banzu_training.adapters.repository import (AttendanceRepository, CaseRepository, CertificationRepository,
                                                CourseRepository, CredentialCopyRepository, MentorshipRepository,
                                                PlanRepository, ProgrammeRepository, RosterRepository,
                                                SessionRepository, WorkerDirectory)
from banzu_training.domain import AttendanceRecorded, CertificationEarned, PromotionEarned
from banzu_training.domain.percent import two_places

DomainEvent = AttendanceRecorded | CertificationEarned | PromotionEarned


class TrainingUnitOfWork(UnitOfWork):
    courses: CourseRepository
    sessions: SessionRepository
    rosters: RosterRepository
    attendance: AttendanceRepository
    programmes: ProgrammeRepository
    certifications: CertificationRepository
    plans: PlanRepository
    mentorships: MentorshipRepository
    cases: CaseRepository
    credentials: CredentialCopyRepository
    workers: WorkerDirectory

    def _enter(self) -> None:
        self.courses = CourseRepository(self.session)
        self.sessions = SessionRepository(self.session)
        self.rosters = RosterRepository(self.session)
        self.attendance = AttendanceRepository(self.session)
        self.programmes = ProgrammeRepository(self.session)
        self.certifications = CertificationRepository(self.session)
        self.plans = PlanRepository(self.session)
        self.mentorships = MentorshipRepository(self.session)
        self.cases = CaseRepository(self.session)
        self.credentials = CredentialCopyRepository(self.session)
        self.workers = WorkerDirectory(self.session)

    def publish(self, events: list[DomainEvent]) -> None:
        """Each domain event becomes its integration event (events.md) in this transaction."""
        for event in events:
            self.emit(event.event_type, _subject(event), _payload(event))


def _subject(event: DomainEvent) -> str:
    if isinstance(event, CertificationEarned):
        return event.certification_id
    if isinstance(event, PromotionEarned):
        return event.promotion_id
    return str(event.session_id)


def _payload(event: DomainEvent) -> dict:
    # Domain events carry exactly the catalogue's fields; hours go out like the API shows them.
    return {k: two_places(v) if isinstance(v, Decimal) else v for k, v in asdict(event).items()}
