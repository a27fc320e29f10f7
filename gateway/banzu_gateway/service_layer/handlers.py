"""What the gateway does with the events it consumes."""
from __future__ import annotations

from sqlalchemy.orm import Session

from banzu_common.messaging.catalogue import PROMOTION_EARNED
from banzu_common.messaging.envelope import Envelope

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import directory


def on_promotion(session: Session, event: Envelope) -> None:
    with runtime.uow(session) as uow:
        directory.raise_grade(uow, event.data["employee_no"], event.data["to_grade"])
        uow.commit()


HANDLERS = {PROMOTION_EARNED: on_promotion}
