"""The credentials unit of work: repositories on one session; the credentials' events leave at commit."""
from __future__ import annotations

from banzu_common.unit_of_work import UnitOfWork

from banzu_credentials.adapters.repository import CredentialRepository, CredentialTypeRepository, RequirementRepository


class CredentialsUnitOfWork(UnitOfWork):
    credentials: CredentialRepository
    types: CredentialTypeRepository
    requirements: RequirementRepository

    def _enter(self) -> None:
        self.credentials = CredentialRepository(self.session, self.seen)
        self.types = CredentialTypeRepository(self.session)
        self.requirements = RequirementRepository(self.session)
