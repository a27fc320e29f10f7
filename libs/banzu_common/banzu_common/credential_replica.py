"""A service's local copy of the credentials service's certificates, kept from its events.

Competition checks credentials at registration (持证上岗) and training follows them for
recertification: both keep this same read model, defined once here like the directory replica.
Events may arrive in any order, so a status only moves forward (valid → expiring → expired, and
superseded or revoked for good), and facts that arrive late (the number from `issued`) are still
filled in. A row first made from a revocation or renewal has no `issued_on`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, Date, MetaData, String, Table, insert, select, update
from sqlalchemy.orm import Session

from banzu_common.db import Instant
from banzu_common.messaging.contracts import (CredentialExpired, CredentialExpiring, CredentialIssued,
                                              CredentialRenewed, CredentialRevoked)
from banzu_common.messaging.envelope import Envelope

TABLE = "credential_copies"
STATUS_RANK = {"valid": 0, "expiring": 1, "expired": 2, "superseded": 3, "revoked": 3}
ENDED = ("superseded", "revoked")  # no longer counts, whatever its dates say


def add_credential_copy_table(metadata: MetaData) -> Table:
    return Table(
        TABLE, metadata,
        Column("credential_id", String(80), primary_key=True),
        Column("employee_no", String(64), nullable=False, index=True),
        Column("type_code", String(64), nullable=False),
        Column("number", String(200)),
        Column("issued_on", Date),
        Column("expires_on", Date),
        Column("status", String(20), nullable=False),
        Column("replaced_by", String(80)),
        Column("changed_at", Instant(), nullable=False),
    )


def remember(session: Session, copies: Table, event: Envelope) -> None:
    """Records what a credentials event says, in the consumer's transaction."""
    changed_at = event.time if event.time.tzinfo else event.time.replace(tzinfo=timezone.utc)
    for credential_id, employee_no, type_code, status, facts in _statements(event.contract()):
        _apply(session, copies, credential_id, employee_no, type_code, status, changed_at, facts)


def _statements(contract) -> list[tuple[str, str, str, str, dict]]:
    """(credential_id, employee_no, type_code, status, facts) the event states."""
    c = contract
    if isinstance(c, CredentialIssued):
        return [(c.credential_id, c.employee_no, c.type_code, "valid",
                 {"number": c.number, "issued_on": c.issued_on, "expires_on": c.expires_on})]
    if isinstance(c, CredentialExpiring):
        return [(c.credential_id, c.employee_no, c.type_code, "expiring", {"expires_on": c.expires_on})]
    if isinstance(c, CredentialExpired):
        return [(c.credential_id, c.employee_no, c.type_code, "expired", {"expires_on": c.expires_on})]
    if isinstance(c, CredentialRevoked):
        return [(c.credential_id, c.employee_no, c.type_code, "revoked", {})]
    if isinstance(c, CredentialRenewed):
        return [(c.old_credential_id, c.employee_no, c.type_code, "superseded", {"replaced_by": c.credential_id}),
                (c.credential_id, c.employee_no, c.type_code, "valid", {"expires_on": c.expires_on})]
    raise TypeError(f"{type(c).__name__} says nothing about a credential")


def _apply(session: Session, copies: Table, credential_id: str, employee_no: str, type_code: str, status: str,
           changed_at: datetime, facts: dict) -> None:
    facts = {key: value for key, value in facts.items() if value is not None}
    current = session.execute(select(copies.c.status).where(copies.c.credential_id == credential_id)
                              .with_for_update()).first()
    if current is None:
        session.execute(insert(copies).values(credential_id=credential_id, employee_no=employee_no,
                                              type_code=type_code, status=status, changed_at=changed_at, **facts))
        return
    if STATUS_RANK[status] >= STATUS_RANK.get(current.status, 0):
        facts |= {"status": status, "changed_at": changed_at}
    if facts:
        session.execute(update(copies).where(copies.c.credential_id == credential_id).values(**facts))


def credential_copy_handlers(copies: Table) -> dict:
    """Consumer handlers keeping `copies`, by event type."""

    def handle(session: Session, event: Envelope) -> None:
        remember(session, copies, event)

    return {contract.TYPE: handle for contract in (CredentialIssued, CredentialExpiring, CredentialExpired,
                                                    CredentialRevoked, CredentialRenewed)}


def create_credential_copy_table(op) -> None:
    """For a service's migration: the table exactly as defined above."""
    metadata = MetaData()
    add_credential_copy_table(metadata)
    metadata.create_all(op.get_bind())


def drop_credential_copy_table(op) -> None:
    metadata = MetaData()
    add_credential_copy_table(metadata)
    metadata.drop_all(op.get_bind())
