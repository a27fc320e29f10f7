"""The events the gateway consumes (events.md): promotions, prizes and expiries for the team score
ledger and the HR promotion list, and everything people are notified of."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from banzu_common.audit import Actor
from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.contracts import (ContestCancelled, CredentialExpired, CredentialExpiring,
                                              EnrollmentChanged, JudgeAssignmentChanged, PromotionEarned,
                                              ResultsPublished)
from banzu_common.messaging.envelope import Envelope
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import notifications, team_scores

Record = Callable[[UnitOfWork, list], None]  # the events' contracts
Notify = Callable[[UnitOfWork, list[tuple[str, object]]], None]  # (event id, contract) pairs


def _in_unit_of_work(kind: str, record: Record | None = None, notify: Notify | None = None) -> Batched:
    """A consumer handler running `record` (the ledger) and `notify` (the notices) on the events in
    the consumer's transaction; events come in batches (one expiry sweep sends thousands), so both
    work set-based. Each event applied is one entry of the trail: the system's, on behalf of whoever
    caused it."""

    part = "scores" if record is not None else "notifications"

    def handle(session: Session, events: list[Envelope]) -> None:
        received = [(event.id, event.contract()) for event in events]
        with runtime.uow(session) as uow:
            if record is not None:
                record(uow, [contract for _, contract in received])
            if notify is not None:
                notify(uow, received)
            for event, contract in zip(events, (contract for _, contract in received)):
                uow.audit("apply", kind, contract.subject, after={"event": contract.TYPE}, part=part,
                          actor=Actor.system("gateway-consumer", event.id, event.actor))
            uow.commit()

    return Batched(handle)


HANDLERS = {
    PromotionEarned.TYPE: _in_unit_of_work("promotion", team_scores.record_promotions, notifications.on_promotions),
    ResultsPublished.TYPE: _in_unit_of_work("contest_results", team_scores.record_prizes, notifications.on_results),
    CredentialExpired.TYPE: _in_unit_of_work("credential_expiry", team_scores.record_expiries,
                                             notifications.on_credentials_expired),
    CredentialExpiring.TYPE: _in_unit_of_work("credential_expiring", notify=notifications.on_credentials_expiring),
    EnrollmentChanged.TYPE: _in_unit_of_work("enrollment", notify=notifications.on_enrollment_changes),
    # The trail names what the competition's own trail names (a contest, a judge assignment), so
    # its entries read and link the same way.
    ContestCancelled.TYPE: _in_unit_of_work("contest", notify=notifications.on_contests_cancelled),
    JudgeAssignmentChanged.TYPE: _in_unit_of_work("judge_assignment", notify=notifications.on_judge_assignments),
}
