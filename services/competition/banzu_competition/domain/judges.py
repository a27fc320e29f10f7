"""Third-party judges and the conflict-of-interest rule."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from banzu_common.errors import Forbidden, Invalid
from banzu_common.rules import REQUIRED, Rule


class ContestantIdentity(Protocol):
    employee_no: str
    team_code: str
    company: str


@dataclass(eq=False)
class Judge:
    id: Any
    name: str
    organization: str
    conflict_teams: frozenset[str] = field(default_factory=frozenset)
    conflict_workers: frozenset[str] = field(default_factory=frozenset)
    username: str | None = None  # the user account that scores as this judge

    def is_conflicted_with(self, contestant: ContestantIdentity) -> bool:
        return (
            _same_organization(self.organization, contestant.company)
            or contestant.team_code in self.conflict_teams
            or contestant.employee_no in self.conflict_workers
        )


@dataclass(frozen=True)
class Withdrawal:
    """A judge taken off one segment of a running contest: their scores there stop counting."""

    reason: str
    by: str
    at: datetime


def new_judge(
    id: Any,
    name: str,
    organization: str,
    conflicts: Mapping[str, Iterable[str]] | None = None,
    username: str | None = None,
) -> Judge:
    """A judge from request-shaped data; `conflicts` is {"teams": [...], "workers": [...]}."""
    errors: dict[str, list[str]] = {}
    if not isinstance(name, str) or not name.strip():
        errors["name"] = [REQUIRED]
    if not isinstance(organization, str) or not organization.strip():
        errors["organization"] = [REQUIRED]
    conflicts = conflicts or {}
    declared = {}
    for kind in ("teams", "workers"):
        codes = conflicts.get(kind) or []
        if isinstance(codes, str) or not all(isinstance(code, str) and code.strip() for code in codes):
            errors[f"conflicts.{kind}"] = [Rule("invalid_type", "must be a list of codes", type="list")]
            codes = []
        declared[kind] = frozenset(code.strip() for code in codes)
    if errors:
        raise Invalid(errors)
    return Judge(
        id=id,
        name=name.strip(),
        organization=organization.strip(),
        conflict_teams=declared["teams"],
        conflict_workers=declared["workers"],
        username=username,
    )


def check_no_conflict(judge: Judge, contestant: ContestantIdentity) -> None:
    if judge.is_conflicted_with(contestant):
        raise Forbidden("conflict_of_interest", "This judge has a conflict of interest with this contestant.")


def _same_organization(a: str, b: str) -> bool:
    # Organization names are typed by people: ignore case and surrounding blanks.
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()
