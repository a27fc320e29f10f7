"""Who may register for a contest: grade and credentials held on the start date (持证上岗)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from banzu_common.errors import Conflict
from banzu_common.leaving import ACTIVE, has_left
from banzu_common.skill_ladder import skill_ladder

from .settings import ContestSettings


@dataclass(frozen=True)
class WorkerSnapshot:
    """The competition service's local copy of a worker (from directory events)."""

    employee_no: str
    name: str
    team_code: str
    company: str
    occupation: str
    grade: str
    status: str = ACTIVE
    left_on: date | None = None

    def has_left(self, day: date) -> bool:
        """Whether the worker had left the company by `day`."""
        return has_left(self.status, self.left_on, day)


@dataclass(frozen=True)
class CredentialSnapshot:
    """What decides whether a credential counts on a date (from credentials events)."""

    type_code: str
    issued_on: date
    expires_on: date | None = None  # None: never expires
    next_review_on: date | None = None
    revoked: bool = False
    superseded: bool = False

    def valid_on(self, day: date) -> bool:
        """Status `valid` or `expiring` on `day`: not revoked, superseded, expired or due for review."""
        return (
            not self.revoked
            and not self.superseded
            and self.issued_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.next_review_on is None or day <= self.next_review_on)
        )


def check_eligibility(
    settings: ContestSettings,
    starts_on: date,
    worker: WorkerSnapshot,
    credentials: Iterable[CredentialSnapshot],
) -> None:
    """Refuse with `grade_too_low`, `credential_missing` or `credential_invalid` (Conflict)."""
    if settings.min_grade is not None and not skill_ladder().at_least(worker.grade, settings.min_grade):
        raise Conflict(
            "grade_too_low",
            f"The contest needs grade {settings.min_grade} or higher; the worker is {worker.grade}.",
        )
    held: dict[str, list[CredentialSnapshot]] = {}
    for credential in credentials:
        held.setdefault(credential.type_code, []).append(credential)
    for type_code in settings.required_credentials:
        of_type = held.get(type_code)
        if not of_type:
            raise Conflict(
                "credential_missing",
                f"The worker holds no {type_code} credential.",
                credential_type=type_code,
            )
        if not any(credential.valid_on(starts_on) for credential in of_type):
            raise Conflict(
                "credential_invalid",
                f"The worker's {type_code} credential is not valid on {starts_on.isoformat()}.",
                credential_type=type_code,
            )
