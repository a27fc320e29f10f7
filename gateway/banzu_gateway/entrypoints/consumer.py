"""The events the gateway consumes (events.md): promotions, prizes and expiries for the team score
ledger and the HR promotion list."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished
from banzu_common.messaging.envelope import Envelope
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import team_scores


def _in_unit_of_work(record: Callable[[UnitOfWork, list], None]) -> Batched:
    """A consumer handler running `record` on the events' contracts in the consumer's transaction;
    events come in batches (one expiry sweep sends thousands), so `record` works set-based."""

    def handle(session: Session, events: list[Envelope]) -> None:
        with runtime.uow(session) as uow:
            record(uow, [event.contract() for event in events])
            uow.commit()

    return Batched(handle)


HANDLERS = {
    PromotionEarned.TYPE: _in_unit_of_work(team_scores.record_promotions),
    ResultsPublished.TYPE: _in_unit_of_work(team_scores.record_prizes),
    CredentialExpired.TYPE: _in_unit_of_work(team_scores.record_expiries),
}
