"""Certificates issued because something happened elsewhere (domain.md, "Issued from events").

Credentials issued from events get numbers derived from the event's own ids, so the same
certification or promotion issues one credential even if it is published twice under new event ids
(the consumer already drops a redelivered event id); the unique number backs this up under
concurrent consumers.
"""
from __future__ import annotations

from banzu_common.messaging.contracts import CertificationEarned, PromotionEarned

from banzu_credentials.domain import IssueCredential
from banzu_credentials.service_layer import credentials
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

SKILL_LEVEL = "skill_level"


def certification_earned(uow: CredentialsUnitOfWork, event: CertificationEarned) -> None:
    command = IssueCredential(employee_no=event.employee_no, type_code=event.credential_type,
                              number=f"CERT-{event.certification_id}",
                              issuer=f"Certification programme {event.program_code}", issued_on=event.earned_on)
    _issue_once(uow, command, grade=None)


def promotion_earned(uow: CredentialsUnitOfWork, event: PromotionEarned) -> None:
    """A skill-level certificate at the new grade."""
    command = IssueCredential(employee_no=event.employee_no, type_code=SKILL_LEVEL,
                              number=f"SKL-{event.promotion_id}", issuer=event.source_name or event.source,
                              issued_on=event.effective_on)
    _issue_once(uow, command, grade=event.to_grade)


def _issue_once(uow: CredentialsUnitOfWork, command: IssueCredential, grade: str | None) -> None:
    """Once per number; not to a worker who had left the company by the day it would be issued."""
    if uow.credentials.by_number(command.number) is None and credentials.left_by(
            uow, command.employee_no, command.issued_on) is None:
        credentials.issue(uow, command, require_worker=False, grade=grade)
