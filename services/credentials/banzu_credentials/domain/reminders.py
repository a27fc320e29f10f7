"""The expiry sweep's rule: which notice, if any, a credential gets on a date. Its only definition:
the set-based sweep (adapters/sweep.py) builds its SQL from `reminder_windows` and `Notice.rank`
below instead of spelling the rule a second time."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .credential_types import CredentialType
from .events import CredentialExpired, CredentialExpiring

EXPIRING = "expiring"
EXPIRED = "expired"


@dataclass(frozen=True)
class Notice:
    """A notice to emit: ("expiring", threshold in days) or ("expired", None)."""

    kind: Literal["expiring", "expired"]
    threshold: int | None = None

    @property
    def rank(self) -> int:
        """How urgent the notice is, smaller first: an `expiring` notice ranks by its threshold and
        `expired` ranks 0, before every threshold (reminder days start at 1). A notice sent once
        stands for every notice of its rank or a larger one (see `notice_due`)."""
        return 0 if self.kind == EXPIRED else self.threshold  # type: ignore[return-value]


@dataclass(frozen=True)
class Window:
    """Credentials expiring from `first_expiry` (None: however long ago) to `last_expiry`, both
    included, are due `notice` on the day the window was made for."""

    first_expiry: date | None
    last_expiry: date
    notice: Notice

    def holds(self, expires_on: date) -> bool:
        return (self.first_expiry is None or self.first_expiry <= expires_on) and expires_on <= self.last_expiry


def reminder_windows(on: date, reminder_days: Iterable[int]) -> tuple[Window, ...]:
    """The notice due on `on` by expiry date, most urgent first; the windows do not overlap.

    `expired` for an expiry before `on` (a credential is valid through its expiry day). Then, for
    each reminder day r from the smallest, `expiring` with threshold r for an expiry from the day
    after the previous (smaller) threshold's window to `on` + r: the most urgent threshold crossed,
    never one the credential has not reached. An expiry after the largest window is due nothing.
    """
    windows = [Window(None, on - timedelta(days=1), Notice(EXPIRED))]
    first = on
    for days in sorted(set(reminder_days)):
        last = on + timedelta(days=days)
        windows.append(Window(first, last, Notice(EXPIRING, days)))
        first = last + timedelta(days=1)
    return tuple(windows)


def notice_due(
    on: date,
    *,
    expires_on: date | None,
    reminder_days: Iterable[int],
    sent: Iterable[Notice],
    revoked: bool,
    superseded: bool,
) -> Notice | None:
    """The one notice a sweep run on `on` emits for a credential, or None.

    1. Nothing for a revoked or superseded credential, or one that never expires.
    2. The due notice is the one of the window of `reminder_windows` that holds the expiry date.
    3. It is emitted unless a notice of the same or a smaller `rank` was sent already: one
       `expiring` notice for the most urgent threshold crossed and never again for it or a larger
       one, one `expired` notice and nothing after it.

    The outcome depends only on the date, the expiry, the reminder days and the ranks sent, and
    every notice sent lowers the smallest rank sent, so running the rule again on the same date
    emits nothing and a later run never repeats a threshold or goes back to a larger one.
    """
    if revoked or superseded or expires_on is None:
        return None
    due = next((w.notice for w in reminder_windows(on, reminder_days) if w.holds(expires_on)), None)
    if due is None or any(notice.rank <= due.rank for notice in sent):
        return None
    return due


def notice_event(
    notice: Notice, on: date, *, credential_id: str, employee_no: str, ctype: CredentialType, number: str,
    expires_on: date
) -> CredentialExpiring | CredentialExpired:
    """The event of a notice sent on `on`, with the certificate's number and its type's names for
    the people it reaches."""
    names = {"number": number, "type_name_zh": ctype.name_zh, "type_name_en": ctype.name_en}
    if notice.kind == EXPIRED:
        return CredentialExpired(credential_id, employee_no, ctype.code, expires_on, **names)
    return CredentialExpiring(credential_id, employee_no, ctype.code, expires_on, (expires_on - on).days,
                              notice.threshold, **names)  # type: ignore[arg-type]
