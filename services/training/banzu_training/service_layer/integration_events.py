"""Training's one mapping from its domain events to the integration events of events.md. The
domain events carry the contracts' fields; hours go out with two decimals, as the API shows them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, replace

from banzu_common.messaging import contracts

from banzu_training import domain
from banzu_training.domain.percent import two_places

CONTRACTS: dict[type, type[contracts.Contract]] = {
    domain.AttendanceRecorded: contracts.AttendanceRecorded,
    domain.CertificationEarned: contracts.CertificationEarned,
    domain.PromotionEarned: contracts.PromotionEarned,
}


def integration_events(event: object) -> Iterable[contracts.Contract]:
    if isinstance(event, domain.AttendanceRecorded):
        event = replace(event, hours=two_places(event.hours))
    try:
        contract = CONTRACTS[type(event)]
    except KeyError:
        raise TypeError(f"training has no integration event for {type(event).__name__}") from None
    return (contract(**asdict(event)),)
