"""The gateway's unit of work: its repositories on one session; directory events leave at commit."""
from __future__ import annotations

from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.adapters.accounts import AccountRepository
from banzu_gateway.adapters.assessment_facts import AssessmentFacts
from banzu_gateway.adapters.ledger import LedgerRepository
from banzu_gateway.adapters.notifications import NotificationRepository
from banzu_gateway.adapters.occupations import OccupationRepository
from banzu_gateway.adapters.personal_data import PersonalDataRepository
from banzu_gateway.adapters.teams import TeamRepository
from banzu_gateway.adapters.workers import WorkerRepository


class GatewayUnitOfWork(UnitOfWork):
    ledger: LedgerRepository
    assessment_facts: AssessmentFacts
    teams: TeamRepository
    workers: WorkerRepository
    occupations: OccupationRepository
    accounts: AccountRepository
    notifications: NotificationRepository
    personal_data: PersonalDataRepository

    def _enter(self) -> None:
        self.ledger = LedgerRepository(self.session)
        self.assessment_facts = AssessmentFacts(self.session)
        self.teams = TeamRepository(self.session)
        self.workers = WorkerRepository(self.session)
        self.occupations = OccupationRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.notifications = NotificationRepository(self.session)
        self.personal_data = PersonalDataRepository(self.session)
