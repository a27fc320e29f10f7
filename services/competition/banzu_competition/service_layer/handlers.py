"""What the competition service does with the events it consumes: it keeps local copies of the
directory (teams, workers) and of credential validity, for eligibility and conflict checks."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from banzu_common.directory_replica import directory_handlers
from banzu_common.messaging.catalogue import (CREDENTIAL_EXPIRED, CREDENTIAL_ISSUED, CREDENTIAL_RENEWED,
                                              CREDENTIAL_REVOKED)
from banzu_common.messaging.envelope import Envelope

from banzu_competition.adapters import credential_copies
from banzu_competition.adapters.tables import directory_teams, directory_workers


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def on_credential_issued(session: Session, event: Envelope) -> None:
    d = event.data
    credential_copies.issued(session, d["credential_id"], d["employee_no"], d["type_code"],
                             date.fromisoformat(d["issued_on"]), _date(d.get("expires_on")))


def on_credential_expired(session: Session, event: Envelope) -> None:
    d = event.data
    credential_copies.expired(session, d["credential_id"], d["employee_no"], d["type_code"],
                              date.fromisoformat(d["expires_on"]))


def on_credential_revoked(session: Session, event: Envelope) -> None:
    d = event.data
    credential_copies.revoked(session, d["credential_id"], d["employee_no"], d["type_code"])


def on_credential_renewed(session: Session, event: Envelope) -> None:
    d = event.data
    credential_copies.renewed(session, d["old_credential_id"], d["credential_id"], d["employee_no"], d["type_code"],
                              _date(d.get("expires_on")))


HANDLERS = {
    **directory_handlers(directory_teams, directory_workers),
    CREDENTIAL_ISSUED: on_credential_issued,
    CREDENTIAL_EXPIRED: on_credential_expired,
    CREDENTIAL_REVOKED: on_credential_revoked,
    CREDENTIAL_RENEWED: on_credential_renewed,
}
