"""Domain events of credentials; the service layer publishes them as the events of events.md."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CredentialIssued:
    credential_id: str
    employee_no: str
    type_code: str
    number: str
    issued_on: date
    expires_on: date | None


@dataclass(frozen=True)
class CredentialRenewed:
    old_credential_id: str
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date | None


@dataclass(frozen=True)
class CredentialRevoked:
    credential_id: str
    employee_no: str
    type_code: str
    reason: str


@dataclass(frozen=True)
class CredentialExpiring:
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    days_left: int
    threshold: int


@dataclass(frozen=True)
class CredentialExpired:
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date


CredentialEvent = CredentialIssued | CredentialRenewed | CredentialRevoked | CredentialExpiring | CredentialExpired
