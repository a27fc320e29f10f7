"""What the credentials service does with the events it consumes.

Credentials issued from events get numbers derived from the event's own ids, so the same
certification or promotion issues one credential even if it is published twice under new event ids
(the consumer already drops a redelivered event id); the unique number backs this up under
concurrent consumers.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from banzu_common.directory_replica import directory_handlers
from banzu_common.messaging.catalogue import CERTIFICATION_EARNED, PROMOTION_EARNED
from banzu_common.messaging.envelope import Envelope

from banzu_credentials.adapters.tables import teams, workers
from banzu_credentials.bootstrap import runtime
from banzu_credentials.domain import IssueCredential
from banzu_credentials.service_layer import credentials

SKILL_LEVEL = "skill_level"


def on_certification_earned(session: Session, event: Envelope) -> None:
    data = event.data
    command = IssueCredential(employee_no=data["employee_no"], type_code=data["credential_type"],
                              number=f"CERT-{data['certification_id']}",
                              issuer=f"Certification programme {data['program_code']}",
                              issued_on=date.fromisoformat(data["earned_on"]))
    _issue_once(session, command, grade=None)


def on_promotion_earned(session: Session, event: Envelope) -> None:
    data = event.data
    command = IssueCredential(employee_no=data["employee_no"], type_code=SKILL_LEVEL,
                              number=f"SKL-{data['promotion_id']}",
                              issuer=data.get("source_name") or data["source"],
                              issued_on=date.fromisoformat(data["effective_on"]))
    _issue_once(session, command, grade=data["to_grade"])


def _issue_once(session: Session, command: IssueCredential, grade: str | None) -> None:
    with runtime.uow(session) as uow:
        if uow.credentials.by_number(command.number) is None:
            credentials.issue(uow, command, require_worker=False, grade=grade)
        uow.commit()


HANDLERS = {
    **directory_handlers(teams, workers),
    CERTIFICATION_EARNED: on_certification_earned,
    PROMOTION_EARNED: on_promotion_earned,
}
