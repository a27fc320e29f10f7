"""What training does with the events it consumes (events.md): the directory copy, the
credential copy, recertification cases, and mentorships achieved through promotions."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

from banzu_common.directory_replica import directory_handlers
from banzu_common.messaging import catalogue
from banzu_common.messaging.envelope import Envelope

from banzu_training.adapters.repository import utc
from banzu_training.adapters.tables import directory_teams, directory_workers
from banzu_training.bootstrap import runtime
from banzu_training.domain import Grade
from banzu_training.service_layer import mentorships, recertification
from banzu_training.service_layer.credential_copy import day, remember


def on_promotion_earned(session: Session, event: Envelope) -> None:
    data = event.data
    with runtime.uow(session) as uow:
        mentorships.on_promotion(uow, data["employee_no"], Grade(data["to_grade"]),
                                 date.fromisoformat(data["effective_on"]))
        uow.commit()


def on_credential_expiring(session: Session, event: Envelope) -> None:
    with runtime.uow(session) as uow:
        remember(uow, event.data, "expiring", _time(event), expires_on=day(event.data["expires_on"]))
        recertification.on_expiring(uow, event.data, datetime.now(timezone.utc))
        uow.commit()


def on_credential_issued(session: Session, event: Envelope) -> None:
    data = event.data
    _remember(session, event, "valid", number=data.get("number"), issued_on=day(data.get("issued_on")),
              expires_on=day(data.get("expires_on")))


def on_credential_expired(session: Session, event: Envelope) -> None:
    _remember(session, event, "expired", expires_on=day(event.data.get("expires_on")))


def on_credential_revoked(session: Session, event: Envelope) -> None:
    _remember(session, event, "revoked")


def on_credential_renewed(session: Session, event: Envelope) -> None:
    data = event.data
    with runtime.uow(session) as uow:
        remember(uow, {**data, "credential_id": data["old_credential_id"]}, "superseded", _time(event),
                 replaced_by=data["credential_id"])
        remember(uow, data, "valid", _time(event), expires_on=day(data.get("expires_on")))
        uow.commit()


def _remember(session: Session, event: Envelope, status: str, **facts) -> None:
    with runtime.uow(session) as uow:
        remember(uow, event.data, status, _time(event), **facts)
        uow.commit()


def _time(event: Envelope) -> datetime:
    return utc(event.time)


HANDLERS = {
    **directory_handlers(directory_teams, directory_workers),
    catalogue.PROMOTION_EARNED: on_promotion_earned,
    catalogue.CREDENTIAL_ISSUED: on_credential_issued,
    catalogue.CREDENTIAL_EXPIRING: on_credential_expiring,
    catalogue.CREDENTIAL_EXPIRED: on_credential_expired,
    catalogue.CREDENTIAL_REVOKED: on_credential_revoked,
    catalogue.CREDENTIAL_RENEWED: on_credential_renewed,
}
