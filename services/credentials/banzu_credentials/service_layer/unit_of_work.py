"""The credentials unit of work: repositories on one session, and the domain's events published."""
from __future__ import annotations

from dataclasses import asdict

from banzu_common.messaging import catalogue
from banzu_common.unit_of_work import UnitOfWork

from banzu_credentials.adapters.repository import CredentialRepository, CredentialTypeRepository, RequirementRepository
from banzu_credentials.domain import (Credential, CredentialExpired, CredentialExpiring, CredentialIssued,
                                      CredentialRenewed, CredentialRevoked)

# Domain events carry exactly the fields of their integration events (events.md).
EVENT_TYPES = {
    CredentialIssued: catalogue.CREDENTIAL_ISSUED,
    CredentialRenewed: catalogue.CREDENTIAL_RENEWED,
    CredentialRevoked: catalogue.CREDENTIAL_REVOKED,
    CredentialExpiring: catalogue.CREDENTIAL_EXPIRING,
    CredentialExpired: catalogue.CREDENTIAL_EXPIRED,
}


class CredentialsUnitOfWork(UnitOfWork):
    credentials: CredentialRepository
    types: CredentialTypeRepository
    requirements: RequirementRepository

    def _enter(self) -> None:
        self.credentials = CredentialRepository(self.session)
        self.types = CredentialTypeRepository(self.session)
        self.requirements = RequirementRepository(self.session)

    def publish(self, *aggregates: Credential) -> None:
        """Turns the aggregates' recorded events into outbox rows of this transaction."""
        for credential in aggregates:
            for event in credential.events:
                self.emit(EVENT_TYPES[type(event)], event.credential_id, asdict(event))
            credential.events.clear()
