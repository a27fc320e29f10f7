"""The events the credentials service consumes (events.md): its directory copy, certificates issued for
earned certifications and grade promotions, contest prizes (for their badges), and the accounts'
versions it checks tokens against."""
from __future__ import annotations

from sqlalchemy.orm import Session

from banzu_common.account_replica import account_handlers
from banzu_common.directory_replica import directory_handlers
from banzu_common.messaging.contracts import CertificationEarned, PromotionEarned, ResultsPublished
from banzu_common.messaging.envelope import Envelope

from banzu_credentials.adapters.tables import account_versions, occupations, teams, workers
from banzu_credentials.bootstrap import runtime
from banzu_credentials.service_layer import badges, issued_from_events


def on_certification_earned(session: Session, event: Envelope) -> None:
    with runtime.uow(session) as uow:
        issued_from_events.certification_earned(uow, event.contract())
        uow.commit()


def on_promotion_earned(session: Session, event: Envelope) -> None:
    with runtime.uow(session) as uow:
        issued_from_events.promotion_earned(uow, event.contract())
        uow.commit()


def on_results_published(session: Session, event: Envelope) -> None:
    with runtime.uow(session) as uow:
        badges.record_prizes(uow, event.contract())
        uow.commit()


HANDLERS = {
    **directory_handlers(teams, workers, occupations),
    **account_handlers(account_versions),
    CertificationEarned.TYPE: on_certification_earned,
    PromotionEarned.TYPE: on_promotion_earned,
    ResultsPublished.TYPE: on_results_published,
}
