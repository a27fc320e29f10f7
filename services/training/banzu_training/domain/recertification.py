"""Recertification: getting a worker into a refresher before their credential expires.

A refresher session is suitable for a credential when its course renews the credential's type, it
has a free seat, it starts after `now`, and it starts on a day before the expiry date (the day in
the session's own UTC offset). The earliest suitable session is chosen.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Iterable

from banzu_common.errors import Conflict

from .sessions import SessionId


class CaseStatus(StrEnum):
    planned = "planned"
    unplanned = "unplanned"


@dataclass(frozen=True)
class ExpiringCredential:
    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date


@dataclass(frozen=True)
class RefresherOffer:
    """A session of a refresher course, as far as recertification cares; `type_code` is the
    credential type its course renews (None for a course that renews none)."""

    session_id: SessionId
    type_code: str | None
    starts_at: datetime
    free_seats: int


@dataclass
class RecertificationCase:
    """One per credential; the service layer stores it keyed by `credential_id`."""

    credential_id: str
    employee_no: str
    type_code: str
    expires_on: date
    status: CaseStatus
    session_id: SessionId | None = None

    def suits(self, offer: RefresherOffer, now: datetime) -> bool:
        return _unsuitable(self, offer, now) is None

    def plan_into(self, offer: RefresherOffer, now: datetime) -> None:
        """A trainer's own choice of session for an unplanned case; Conflict says why it does
        not suit (`case_planned`, `not_a_refresher`, `session_started`, `starts_after_expiry`,
        `session_full`). The service layer then enrols the worker."""
        if self.status == CaseStatus.planned:
            raise Conflict("case_planned", "This case is already planned into a session.")
        refusal = _unsuitable(self, offer, now)
        if refusal is not None:
            raise Conflict(*refusal)
        self.status = CaseStatus.planned
        self.session_id = offer.session_id

    def release(self, session_id: SessionId) -> bool:
        """The planned session was cancelled: the case waits for another one. True when changed."""
        if self.status != CaseStatus.planned or self.session_id != session_id:
            return False
        self.status = CaseStatus.unplanned
        self.session_id = None
        return True

    def offer(self, offer: RefresherOffer, now: datetime) -> bool:
        """Plan an unplanned case into a newly available session; True when the case changed,
        after which the service layer enrols the worker in that session."""
        if self.status != CaseStatus.unplanned or not self.suits(offer, now):
            return False
        self.status = CaseStatus.planned
        self.session_id = offer.session_id
        return True


def _unsuitable(case: RecertificationCase, offer: RefresherOffer, now: datetime) -> tuple[str, str] | None:
    """(reason, sentence) when `offer` cannot take `case`, else None."""
    if offer.type_code != case.type_code:
        return "not_a_refresher", f"The session's course does not renew {case.type_code}."
    if offer.starts_at <= now:
        return "session_started", "The session has already started."
    if offer.starts_at.date() >= case.expires_on:
        return "starts_after_expiry", f"The session starts on or after the expiry date {case.expires_on}."
    if offer.free_seats <= 0:
        return "session_full", "The session has no free seat."
    return None


@dataclass(frozen=True)
class CaseUpdate:
    """What a reminder did: `is_new` → insert the case, else update it; `newly_planned` → enrol
    the worker in `case.session_id`."""

    case: RecertificationCase
    is_new: bool
    newly_planned: bool


def handle_reminder(credential: ExpiringCredential, offers: Iterable[RefresherOffer], now: datetime,
                    existing: RecertificationCase | None = None) -> CaseUpdate:
    """The case for an expiring-credential reminder.

    With no `existing` case a new one is opened, planned into the earliest suitable session or
    else unplanned. A later reminder for the same credential keeps the existing case; if that
    case is still unplanned, it is planned when a suitable session has appeared meanwhile.
    """
    case = existing or RecertificationCase(
        credential_id=credential.credential_id, employee_no=credential.employee_no,
        type_code=credential.type_code, expires_on=credential.expires_on, status=CaseStatus.unplanned)
    newly_planned = any(case.offer(offer, now) for offer in sorted(offers, key=lambda o: o.starts_at))
    return CaseUpdate(case=case, is_new=existing is None, newly_planned=newly_planned)
