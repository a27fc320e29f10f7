"""Training's unit of work: its repositories on one session; recorded events leave at commit."""
from __future__ import annotations

from banzu_common.unit_of_work import UnitOfWork

from banzu_training.adapters.repository import (AttendanceRepository, CaseRepository, CertificationRepository,
                                                CourseRepository, MentorshipRepository,
                                                PlanRepository, ProgrammeRepository, RosterRepository,
                                                SessionRepository, WorkerDirectory)


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
        self.workers = WorkerDirectory(self.session)
