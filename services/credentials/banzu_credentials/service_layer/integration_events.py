"""The credentials service's one mapping from its domain events to the integration events of events.md.
Its domain events carry exactly the fields of their contracts."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from banzu_common.messaging import contracts

from banzu_credentials import domain

CONTRACTS: dict[type, type[contracts.Contract]] = {
    domain.CredentialIssued: contracts.CredentialIssued,
    domain.CredentialRenewed: contracts.CredentialRenewed,
    domain.CredentialRevoked: contracts.CredentialRevoked,
    domain.CredentialExpiring: contracts.CredentialExpiring,
    domain.CredentialExpired: contracts.CredentialExpired,
}


def integration_events(event: object) -> Iterable[contracts.Contract]:
    try:
        contract = CONTRACTS[type(event)]
    except KeyError:
        raise TypeError(f"credentials has no integration event for {type(event).__name__}") from None
    return (contract(**asdict(event)),)
