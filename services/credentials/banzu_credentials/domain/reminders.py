"""The expiry sweep's rule: which notice, if any, a credential gets on a date."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

EXPIRING = "expiring"
EXPIRED = "expired"


@dataclass(frozen=True)
class Notice:
    """A notice to emit: ("expiring", threshold in days) or ("expired", None)."""

    kind: Literal["expiring", "expired"]
    threshold: int | None = None


def notice_due(
    on: date,
    *,
    expires_on: date | None,
    reminder_days: Iterable[int],
    smallest_threshold_sent: int | None,
    expired_sent: bool,
    revoked: bool,
    superseded: bool,
) -> Notice | None:
    """The one notice a sweep run on date D emits for a credential, or None.

    Inputs per credential: E = expires_on, R = its type's reminder days, S = the smallest threshold
    of the `expiring` notices already sent (NULL when none), X = an `expired` notice was sent.

    1. Nothing when the credential is revoked or superseded, when E is NULL, or when X.
    2. `expired` when D > E (the credential is valid through its expiry day). Thresholds that were
       never notified are skipped: once expired, only the `expired` notice is due.
    3. Otherwise let M = MIN(r in R WHERE E - D <= r), the most urgent threshold crossed.
       `expiring` with threshold M when M exists AND (S IS NULL OR M < S); else nothing.

    The outcome depends only on (D, E, R, S, X), and every notice sent lowers S or sets X, so running
    the rule again on the same date emits nothing, and a later run never repeats a threshold or
    goes back to a larger one. A set-based sweep can apply it as one INSERT … SELECT of notice rows
    (kind, threshold, on = D) over credentials joined to their type's reminder days, with S and X
    taken from the notice rows already stored; a unique key on (credential, kind, threshold), with
    NULLS NOT DISTINCT since `expired` has no threshold, keeps concurrent runs from inserting twice.
    """
    if revoked or superseded or expires_on is None or expired_sent:
        return None
    if on > expires_on:
        return Notice(EXPIRED)
    left = (expires_on - on).days
    most_urgent = min((r for r in reminder_days if left <= r), default=None)
    if most_urgent is None or (smallest_threshold_sent is not None and most_urgent >= smallest_threshold_sent):
        return None
    return Notice(EXPIRING, most_urgent)
