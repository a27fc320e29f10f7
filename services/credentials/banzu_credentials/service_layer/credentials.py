"""Command handlers: issue, renew, revoke and review credentials, and create credential types."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import asdict
from datetime import date, datetime, timezone

from banzu_common.errors import Conflict, Duplicate, Invalid, NotFound
from banzu_common.leaving import LEFT, has_left
from banzu_common.rules import Rule

from banzu_credentials.adapters import directory
from banzu_credentials.domain import Credential, CredentialType, IssueCredential, new_credential_type, new_verification_code
from banzu_credentials.domain.badges import CERTIFICATE, status_subject
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

# Numbers are unique (the database's uq_credentials_number says so too): the rule of a repeated one.
NUMBER_TAKEN = Rule("duplicate", "is already taken by another credential", field="number")


def unknown_worker(employee_no: str) -> Rule:
    return Rule("unknown_worker", f"{employee_no!r} is not a known worker", value=employee_no)

KIND = "credential"
AUDITED = ("employee_no", "type_code", "number", "issuer", "issued_on", "expires_on", "next_review_on", "revoked_on",
           "revoke_reason", "superseded_by")
# Verification codes guard public lookups, so they come from the system's secure source.
_RANDOM = secrets.SystemRandom()


def credential_type(uow: CredentialsUnitOfWork, code: str, field: str = "type_code") -> CredentialType:
    ctype = uow.types.get(code)
    if ctype is None:
        raise Invalid({field: [Rule("unknown_credential_type", f"{code!r} is not a known credential type",
                                    value=code)]})
    return ctype


def create_type(uow: CredentialsUnitOfWork, data: dict) -> CredentialType:
    ctype = new_credential_type(data.get("code"), data.get("name"), data.get("validity_months"),
                                data.get("review_months"), data.get("reminder_days") or ())
    if uow.types.get(ctype.code) is not None:
        raise Duplicate("type_exists", f"There is already a credential type {ctype.code!r}.", "code", code=ctype.code)
    uow.types.add(ctype)
    uow.audit("create", "credential_type", ctype.code, after=asdict(ctype))
    return ctype


def get(uow: CredentialsUnitOfWork, credential_id: str, for_update: bool = False) -> Credential:
    credential = uow.credentials.get(credential_id, for_update=for_update)
    if credential is None:
        raise NotFound(f"There is no credential {credential_id!r}.")
    return credential


def issue(uow: CredentialsUnitOfWork, command: IssueCredential, *, today: date | None = None,
          require_worker: bool = True, grade: str | None = None, credential_id: str | None = None) -> Credential:
    """A new credential. Numbers are unique: a taken one is refused with 409 `number_taken`.

    Requests name a worker the directory knows; events may arrive before the worker's own event,
    so their handlers issue without that check. `today` (default the clock's) bounds the last review.
    """
    credential = checked_issue(uow, command, today=today, require_worker=require_worker, credential_id=credential_id)
    uow.credentials.add(credential, grade=grade)
    after = audited(credential)
    if credential.reviews:
        after["last_reviewed_on"] = credential.last_reviewed_on
    uow.audit("issue", KIND, credential.id, after=after)
    return credential


def checked_issue(uow: CredentialsUnitOfWork, command: IssueCredential, *, today: date | None = None,
                  require_worker: bool = True, credential_id: str | None = None) -> Credential:
    """The credential `command` would issue, checked as `issue` checks it, but not stored: what a
    "check before recording" answers (its dates, and whether its review is overdue at once)."""
    ctype = credential_type(uow, command.type_code)
    if require_worker and directory.worker(uow.session, command.employee_no.strip()) is None:
        raise Invalid({"employee_no": [unknown_worker(command.employee_no)]})
    _refuse_if_left(uow, command.employee_no.strip(), command.issued_on)
    credential = Credential.issue(credential_id=credential_id or str(uuid.uuid4()), ctype=ctype,
                                  employee_no=command.employee_no, number=command.number, issuer=command.issuer,
                                  issued_on=command.issued_on, expires_on=command.expires_on,
                                  last_reviewed_on=command.last_reviewed_on, today=today or date.today(),
                                  verification_code=new_verification_code(_RANDOM))
    _refuse_taken_number(uow, credential.number)
    return credential


def renew(uow: CredentialsUnitOfWork, credential_id: str, data: dict) -> Credential:
    old = get(uow, credential_id, for_update=True)
    _refuse_if_left(uow, old.employee_no, data["issued_on"])
    renewal = old.renew(new_id=str(uuid.uuid4()), ctype=credential_type(uow, old.type_code), number=data["number"],
                        issued_on=data["issued_on"], expires_on=data.get("expires_on"), issuer=data.get("issuer"),
                        verification_code=new_verification_code(_RANDOM))
    _refuse_taken_number(uow, renewal.number)
    before = audited(old)  # renew changed `old` already: what it was is all but the supersession
    before["superseded_by"] = None
    uow.credentials.add(renewal)
    uow.credentials.save(old)
    _withdraw_badge(uow, old)
    uow.audit("renew", KIND, old.id, before, audited(old))
    uow.audit("issue", KIND, renewal.id, after=audited(renewal))
    return renewal


def revoke(uow: CredentialsUnitOfWork, credential_id: str, reason: str, today: date) -> Credential:
    credential = get(uow, credential_id, for_update=True)
    before = audited(credential)
    credential.revoke(reason, today)
    uow.credentials.save(credential)
    _withdraw_badge(uow, credential)
    uow.audit("revoke", KIND, credential.id, before, audited(credential))
    return credential


def review(uow: CredentialsUnitOfWork, credential_id: str, reviewed_on: date) -> Credential:
    credential = get(uow, credential_id, for_update=True)
    before = audited(credential) | {"reviews": len(credential.reviews)}
    credential.record_review(reviewed_on, credential_type(uow, credential.type_code))
    uow.credentials.save(credential)
    uow.audit("review", KIND, credential.id, before, audited(credential) | {"reviews": len(credential.reviews),
                                                                              "reviewed_on": reviewed_on})
    return credential


def _withdraw_badge(uow: CredentialsUnitOfWork, credential: Credential) -> None:
    """A revoked or superseded certificate's badge is withdrawn with it: its status-list bit is set in
    this transaction, so the published list says so from the moment the change is answered."""
    uow.badge_statuses.revoke(status_subject(CERTIFICATE, credential.id), datetime.now(timezone.utc))


def audited(credential: Credential) -> dict:
    """What the trail keeps of a credential (its verification code is a secret and left out)."""
    return {field: getattr(credential, field) for field in AUDITED}


def left_by(uow: CredentialsUnitOfWork, employee_no: str, day: date) -> date | None:
    """The day `employee_no` left the company when that is on or before `day` (else None)."""
    days = directory.leaving_days(uow.session, [employee_no])
    if employee_no in days and has_left(LEFT, days[employee_no], day):
        return days[employee_no] or day
    return None


def _refuse_if_left(uow: CredentialsUnitOfWork, employee_no: str, issued_on: date) -> None:
    # From the day a worker left, nobody issues them a certificate; one issued before that day is
    # history and may still be recorded.
    left_on = left_by(uow, employee_no, issued_on)
    if left_on is not None:
        raise Conflict("worker_left", f"{employee_no} left the company on {left_on.isoformat()}; no certificate is "
                       "issued to them on or after that day.", left_on=left_on.isoformat())


def _refuse_taken_number(uow: CredentialsUnitOfWork, number: str) -> None:
    if uow.credentials.by_number(number) is not None:
        raise Duplicate("number_taken", f"There is already a credential numbered {number!r}.", "number", number=number)
