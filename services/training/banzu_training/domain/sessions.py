"""Scheduled deliveries of a course, and the rule that keeps trainers and rooms from double booking."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Iterable

from banzu_common.errors import Conflict
from banzu_common.rules import Rule

from .hours import round_to_half_hour
from .validation import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, FieldErrors

MAX_CAPACITY = 10_000

SessionId = int | str
RESCHEDULABLE = ("starts_at", "ends_at", "location", "capacity")


@dataclass
class Session:
    """A course delivered by a trainer at a location over [starts_at, ends_at).

    `id` is None until the service layer has stored the session. A cancelled session keeps its
    place in the records (when, why and by whom) but holds no trainer, room or worker any more.
    """

    course_code: str
    trainer: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    id: SessionId | None = None
    cancelled_at: datetime | None = None
    cancellation_reason: str | None = None
    cancelled_by: str | None = None

    def __post_init__(self) -> None:
        errors = FieldErrors()
        self.course_code = errors.text("course_code", self.course_code)
        self.trainer = errors.text("trainer", self.trainer)
        self.location = errors.text("location", self.location, NAME_MAX_LENGTH)
        self.starts_at = errors.instant("starts_at", self.starts_at)
        self.ends_at = errors.instant("ends_at", self.ends_at)
        if "starts_at" not in errors.errors and "ends_at" not in errors.errors \
                and self.ends_at <= self.starts_at:
            errors.add("ends_at", Rule("not_after_start", "must be after starts_at", start="starts_at"))
        self.capacity = errors.integer("capacity", self.capacity, low=1, high=MAX_CAPACITY)
        errors.raise_if_any()

    def overlaps(self, other: Session) -> bool:
        """Half-open intervals: a session ending at 10:00 and one starting at 10:00 do not overlap."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def cancel(self, reason: str, by: str, now: datetime) -> None:
        """Called off before it starts, with a reason the people enrolled can be told."""
        errors = FieldErrors()
        reason = errors.text("reason", reason, NOTE_MAX_LENGTH)
        errors.raise_if_any()
        if self.cancelled:
            raise Conflict("session_cancelled", "The session is already cancelled.")
        if self.has_started(now):
            raise Conflict("session_started", "The session has already started.")
        self.cancelled_at, self.cancellation_reason, self.cancelled_by = now, reason, by

    def rescheduled(self, changes: dict, now: datetime) -> Session:
        """The session with a new time, place or capacity (any of `RESCHEDULABLE`), checked as a whole
        again. Refused once it has started or was called off, and a new start may not lie in the past:
        a session moved there would have started without anyone taking its attendance."""
        if self.cancelled:
            raise Conflict("session_cancelled", "The session has been cancelled.")
        if self.has_started(now):
            raise Conflict("session_started", "The session has already started; it can no longer be changed.")
        changed = replace(self, **{name: changes[name] for name in RESCHEDULABLE if name in changes})
        if changed.starts_at != self.starts_at and changed.has_started(now):
            errors = FieldErrors()
            errors.add("starts_at", Rule("in_the_past", "must not be in the past"))
            errors.raise_if_any()
        return changed

    def moved_from(self, before: Session) -> bool:
        """Whether the people holding a place must be told: a new time or a different place."""
        return (self.starts_at, self.ends_at) != (before.starts_at, before.ends_at) \
            or _place(self.location) != _place(before.location)

    def credited_hours(self) -> Decimal:
        """What a present worker is credited when the trainer gives no hours."""
        return round_to_half_hour(self.ends_at - self.starts_at)


def check_schedule(session: Session, others: Iterable[Session]) -> None:
    """Refuse `session` if its trainer or location is already booked by an overlapping session.

    `others` are the stored sessions the service layer found for the same trainer or location;
    the session itself (same id) is skipped so a stored session can be checked again, and a
    cancelled session books nobody.
    """
    clashes = [o for o in others
               if (o.id is None or o.id != session.id) and not o.cancelled and session.overlaps(o)]
    for other in clashes:
        if other.trainer == session.trainer:
            raise Conflict("trainer_busy", f"Trainer {session.trainer} already runs an overlapping session.",
                           session_id=other.id)
    for other in clashes:
        if _place(other.location) == _place(session.location):
            raise Conflict("location_busy", f"{session.location} already holds an overlapping session.",
                           session_id=other.id)


def _place(location: str) -> str:
    # People type the same room with different case and spacing.
    return " ".join(location.casefold().split())
