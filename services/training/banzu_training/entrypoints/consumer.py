"""The events training consumes (events.md): its directory and credential copies, recertification
cases opened by expiry reminders, and mentorships achieved through promotions."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from banzu_common.account_replica import account_handlers
from banzu_common.credential_replica import credential_copy_handlers, remember
from banzu_common.directory_replica import directory_handlers
from banzu_common.messaging.contracts import CredentialExpiring, PromotionEarned
from banzu_common.messaging.envelope import Envelope
from banzu_common.skill_ladder import skill_ladder

from banzu_training.adapters.tables import (account_versions, credential_copies, directory_occupations, directory_teams,
                                           directory_workers)
from banzu_training.bootstrap import runtime
from banzu_training.service_layer import mentorships, recertification


def on_promotion_earned(session: Session, event: Envelope) -> None:
    promotion: PromotionEarned = event.contract()
    with runtime.uow(session) as uow:
        mentorships.on_promotion(uow, promotion.employee_no, skill_ladder().grade(promotion.to_grade),
                                promotion.effective_on)
        uow.commit()


def on_credential_expiring(session: Session, event: Envelope) -> None:
    remember(session, credential_copies, event)
    with runtime.uow(session) as uow:
        recertification.on_expiring(uow, event.contract(), datetime.now(timezone.utc))
        uow.commit()


HANDLERS = {
    **directory_handlers(directory_teams, directory_workers, directory_occupations),
    **credential_copy_handlers(credential_copies),
    **account_handlers(account_versions),
    PromotionEarned.TYPE: on_promotion_earned,
    CredentialExpiring.TYPE: on_credential_expiring,
}
