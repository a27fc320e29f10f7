"""Certificate compliance of a team (持证上岗率)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from banzu_common.decimals import percent, present

from .status import IN_FORCE, CredentialStatus


@dataclass(frozen=True)
class TeamWorker:
    employee_no: str
    name: str
    occupation: str


@dataclass(frozen=True)
class MissingCredentials:
    employee_no: str
    name: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class TeamCompliance:
    team_code: str
    workers: int
    compliant: int
    missing: tuple[MissingCredentials, ...]

    @property
    def rate(self) -> Decimal | None:
        """Compliant workers as a percentage 0–100, rounded half-up to 2 decimals (66.67);
        None for a team without workers, where there is no share to speak of."""
        if not self.workers:
            return None
        return present(percent(self.compliant, self.workers))


def team_compliance(
    team_code: str,
    workers: Iterable[TeamWorker],
    requirements: Mapping[str, Collection[str]],
    holdings: Iterable[tuple[str, str, CredentialStatus]],
) -> TeamCompliance:
    """Who in the team holds a credential in force (valid or expiring) of every required type.

    `requirements` maps an occupation to the type codes it requires; an occupation it does not
    name requires nothing, and such a worker is compliant. `holdings` lists (employee_no,
    type_code, status on the day asked about) for the team's credentials; a worker may hold
    several of one type (say an old superseded one and its renewal), and one in force suffices.
    """
    in_force: dict[str, set[str]] = defaultdict(set)
    for employee_no, type_code, status in holdings:
        if status in IN_FORCE:
            in_force[employee_no].add(type_code)
    counted = 0
    missing: list[MissingCredentials] = []
    for worker in sorted(workers, key=lambda w: w.employee_no):
        counted += 1
        lacking = set(requirements.get(worker.occupation, ())) - in_force[worker.employee_no]
        if lacking:
            missing.append(MissingCredentials(worker.employee_no, worker.name, tuple(sorted(lacking))))
    return TeamCompliance(team_code, counted, counted - len(missing), tuple(missing))
