"""The local copy of credential validity, kept from the credentials events.

Events may arrive in any order: issue facts overwrite dates only, and revocation and supersession
only ever switch on, so applying them in any order ends in the same state.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from banzu_competition.adapters.tables import credential_copies as copies


def _upsert(session: Session, credential_id: str, employee_no: str, type_code: str, **facts) -> None:
    exists = session.execute(select(copies.c.credential_id).where(copies.c.credential_id == credential_id)).first()
    if exists is None:
        session.execute(insert(copies).values(credential_id=credential_id, employee_no=employee_no,
                                              type_code=type_code, **{"revoked": False, "superseded": False, **facts}))
    elif facts:
        session.execute(update(copies).where(copies.c.credential_id == credential_id).values(**facts))


def issued(session: Session, credential_id: str, employee_no: str, type_code: str, issued_on: date,
           expires_on: date | None) -> None:
    _upsert(session, credential_id, employee_no, type_code, issued_on=issued_on, expires_on=expires_on)


def expired(session: Session, credential_id: str, employee_no: str, type_code: str, expires_on: date) -> None:
    _upsert(session, credential_id, employee_no, type_code, expires_on=expires_on)


def revoked(session: Session, credential_id: str, employee_no: str, type_code: str) -> None:
    _upsert(session, credential_id, employee_no, type_code, revoked=True)


def renewed(session: Session, old_credential_id: str, credential_id: str, employee_no: str, type_code: str,
            expires_on: date | None) -> None:
    _upsert(session, old_credential_id, employee_no, type_code, superseded=True)
    _upsert(session, credential_id, employee_no, type_code, expires_on=expires_on)
