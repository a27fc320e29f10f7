"""What the gateway does with the events it consumes."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.catalogue import CREDENTIAL_EXPIRED, PROMOTION_EARNED, RESULTS_PUBLISHED
from banzu_common.messaging.envelope import Envelope
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import team_scores


def _in_unit_of_work(record: Callable[[UnitOfWork, list[dict]], None]) -> Batched:
    """A consumer handler running `record` on the events' data in the consumer's transaction; events
    come in batches (one expiry sweep sends thousands), so `record` works set-based."""

    def handle(session: Session, events: list[Envelope]) -> None:
        with runtime.uow(session) as uow:
            record(uow, [event.data for event in events])
            uow.commit()

    return Batched(handle)


HANDLERS = {
    PROMOTION_EARNED: _in_unit_of_work(team_scores.record_promotions),
    RESULTS_PUBLISHED: _in_unit_of_work(team_scores.record_prizes),
    CREDENTIAL_EXPIRED: _in_unit_of_work(team_scores.record_expiries),
}
