"""The status of a credential on a given date."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum


class CredentialStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    REVIEW_DUE = "review_due"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


# What contest eligibility and compliance (持证上岗) accept as holding a credential.
IN_FORCE = frozenset({CredentialStatus.VALID, CredentialStatus.EXPIRING})


def days_left(expires_on: date | None, on: date) -> int | None:
    """Days from `on` to the expiry day: 0 on the expiry day, negative after; None if it never expires."""
    return None if expires_on is None else (expires_on - on).days


def status_on(
    on: date,
    *,
    expires_on: date | None,
    next_review_on: date | None,
    reminder_days: Iterable[int],
    revoked: bool,
    superseded: bool,
) -> CredentialStatus:
    """The first that applies: revoked, superseded, expired (on > expires_on), review_due
    (on > next_review_on), expiring (days left ≤ the largest reminder day), valid.

    Revocation and supersession are states, not dated facts: they win on every date.
    """
    if revoked:
        return CredentialStatus.REVOKED
    if superseded:
        return CredentialStatus.SUPERSEDED
    left = days_left(expires_on, on)
    if left is not None and left < 0:
        return CredentialStatus.EXPIRED
    if next_review_on is not None and on > next_review_on:
        return CredentialStatus.REVIEW_DUE
    first_reminder = max(reminder_days, default=None)
    if left is not None and first_reminder is not None and left <= first_reminder:
        return CredentialStatus.EXPIRING
    return CredentialStatus.VALID
