"""The credentials unit of work: repositories on one session; the credentials' events leave at commit."""
from __future__ import annotations

from banzu_common.occupation_catalogue import OccupationCatalogue
from banzu_common.unit_of_work import UnitOfWork

from banzu_credentials.adapters.badge_records import BadgeStatusRepository, PrizeRepository
from banzu_credentials.adapters.repository import CredentialRepository, CredentialTypeRepository, RequirementRepository
from banzu_credentials.adapters.tables import occupations


class CredentialsUnitOfWork(UnitOfWork):
    credentials: CredentialRepository
    types: CredentialTypeRepository
    requirements: RequirementRepository
    occupations: OccupationCatalogue
    badge_statuses: BadgeStatusRepository
    prizes: PrizeRepository

    def _enter(self) -> None:
        self.credentials = CredentialRepository(self.session, self.seen)
        self.types = CredentialTypeRepository(self.session)
        self.requirements = RequirementRepository(self.session)
        self.occupations = OccupationCatalogue(self.session, occupations)
        self.badge_statuses = BadgeStatusRepository(self.session)
        self.prizes = PrizeRepository(self.session)
