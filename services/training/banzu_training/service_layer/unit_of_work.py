"""Training's unit of work: its repositories on one session; recorded events leave at commit."""
from __future__ import annotations

from banzu_common.occupation_catalogue import OccupationCatalogue
from banzu_common.unit_of_work import UnitOfWork

from banzu_training.adapters.repositories.attendance import AttendanceRepository
from banzu_training.adapters.repositories.certification import CertificationRepository, ProgrammeRepository
from banzu_training.adapters.repositories.courses import CourseRepository
from banzu_training.adapters.repositories.mentorships import MentorshipRepository
from banzu_training.adapters.repositories.plans import PlanRepository
from banzu_training.adapters.repositories.recertification import CaseRepository
from banzu_training.adapters.repositories.rosters import RosterRepository
from banzu_training.adapters.repositories.training_sessions import TrainingSessionRepository
from banzu_training.adapters.repositories.workers import WorkerDirectory
from banzu_training.adapters.tables import directory_occupations


class TrainingUnitOfWork(UnitOfWork):
    courses: CourseRepository
    training_sessions: TrainingSessionRepository
    rosters: RosterRepository
    attendance: AttendanceRepository
    programmes: ProgrammeRepository
    certifications: CertificationRepository
    plans: PlanRepository
    mentorships: MentorshipRepository
    cases: CaseRepository
    workers: WorkerDirectory
    occupations: OccupationCatalogue

    def _enter(self) -> None:
        self.courses = CourseRepository(self.session)
        self.training_sessions = TrainingSessionRepository(self.session)
        self.rosters = RosterRepository(self.session)
        self.attendance = AttendanceRepository(self.session)
        self.programmes = ProgrammeRepository(self.session)
        self.certifications = CertificationRepository(self.session)
        self.plans = PlanRepository(self.session)
        self.mentorships = MentorshipRepository(self.session)
        self.cases = CaseRepository(self.session)
        self.workers = WorkerDirectory(self.session)
        self.occupations = OccupationCatalogue(self.session, directory_occupations)
