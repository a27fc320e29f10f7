"""Credentials domain: types, credentials, their status, the expiry sweep's rule, verification,
compliance and import rows. Pure: no I/O, today and randomness come in as arguments."""
from .commands import IssueCredential
from .compliance import (MISSING, NOT_REQUIRED, MissingCredentials, TeamCompliance, TeamWorker, best_holdings, lacking,
                         required_cells, team_compliance)
from .credential import Credential, Review, SentNotice, expiry_and_review, issue_errors, last_review_errors
from .credential_types import DEFAULT_CREDENTIAL_TYPES, CredentialType, new_credential_type
from .events import (
    CredentialEvent,
    CredentialExpired,
    CredentialExpiring,
    CredentialIssued,
    CredentialRenewed,
    CredentialRevoked,
)
from .import_rows import parse_credential_row
from .reminders import EXPIRED, EXPIRING, Notice, Window, notice_due, notice_event, reminder_windows
from .status import IN_FORCE, CredentialStatus, days_left, status_on
from .verification import mask_name, new_verification_code, verification_code_matches

__all__ = [
    "DEFAULT_CREDENTIAL_TYPES",
    "EXPIRED",
    "EXPIRING",
    "IN_FORCE",
    "MISSING",
    "NOT_REQUIRED",
    "Credential",
    "CredentialEvent",
    "CredentialExpired",
    "CredentialExpiring",
    "CredentialIssued",
    "CredentialRenewed",
    "CredentialRevoked",
    "CredentialStatus",
    "CredentialType",
    "IssueCredential",
    "MissingCredentials",
    "Notice",
    "Review",
    "SentNotice",
    "TeamCompliance",
    "TeamWorker",
    "Window",
    "best_holdings",
    "days_left",
    "expiry_and_review",
    "issue_errors",
    "lacking",
    "last_review_errors",
    "mask_name",
    "new_credential_type",
    "new_verification_code",
    "notice_due",
    "notice_event",
    "parse_credential_row",
    "reminder_windows",
    "required_cells",
    "status_on",
    "team_compliance",
    "verification_code_matches",
]
