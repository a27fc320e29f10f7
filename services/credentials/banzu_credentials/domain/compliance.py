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
    """`workers` are all members; `applicable` those whose occupation has requirements set, of whom
    `compliant` hold every required type in force. A member whose occupation has none set is not
    applicable, never compliant: nothing was asked of them, so they prove nothing (version 1.1
    counted them compliant and showed 100 % for teams of such occupations). `unconfigured` names
    those occupations, so the page can ask for their requirements to be set."""
    team_code: str
    workers: int
    applicable: int
    compliant: int
    missing: tuple[MissingCredentials, ...]
    unconfigured: tuple[str, ...]

    @property
    def rate(self) -> Decimal | None:
        """compliant / applicable as a percentage 0–100, rounded half-up to 2 decimals (66.67); None
        when no member's occupation has requirements (or there are no members): not configured, no
        share to speak of."""
        if not self.applicable:
            return None
        return present(percent(self.compliant, self.applicable))


# A worker's standing for one credential type on a day, best first: the best status among their
# credentials of that type still standing (revoked and superseded ones do not count), `missing` when
# the type is required and none stands, `not_required` when their occupation does not require it.
HOLDING_ORDER = (CredentialStatus.VALID, CredentialStatus.EXPIRING, CredentialStatus.REVIEW_DUE,
                 CredentialStatus.EXPIRED)
MISSING = "missing"
NOT_REQUIRED = "not_required"


def best_holdings(holdings: Iterable[tuple[str, str, CredentialStatus]]) -> dict[str, dict[str, CredentialStatus]]:
    """Per worker and type, the best status of the (employee_no, type_code, status) holdings."""
    best: dict[str, dict[str, CredentialStatus]] = defaultdict(dict)
    for employee_no, type_code, status in holdings:
        if status not in HOLDING_ORDER:
            continue
        held = best[employee_no].get(type_code)
        if held is None or HOLDING_ORDER.index(status) < HOLDING_ORDER.index(held):
            best[employee_no][type_code] = status
    return best


def required_cells(required: Collection[str], held: Mapping[str, CredentialStatus]) -> dict[str, str]:
    """The worker's standing for every type their occupation requires (the skill matrix's cells)."""
    return {type_code: str(held[type_code]) if type_code in held else MISSING for type_code in sorted(required)}


def lacking(cells: Mapping[str, str]) -> tuple[str, ...]:
    """The required types the worker does not hold in force (valid or expiring): 持证上岗 needs none."""
    return tuple(type_code for type_code, status in cells.items() if status not in IN_FORCE)


def team_compliance(
    team_code: str,
    workers: Iterable[TeamWorker],
    requirements: Mapping[str, Collection[str]],
    holdings: Iterable[tuple[str, str, CredentialStatus]],
) -> TeamCompliance:
    """Who in the team holds a credential in force (valid or expiring) of every required type.

    `requirements` maps an occupation to the type codes it requires; an occupation it does not
    name (or names with no types) has no requirements set, and its workers are not applicable.
    `holdings` lists (employee_no, type_code, status on the day asked about) for the team's
    credentials; a worker may hold several of one type (say an old superseded one and its
    renewal), and one in force suffices.
    """
    best = best_holdings(holdings)
    counted = applicable = 0
    unconfigured: set[str] = set()
    missing: list[MissingCredentials] = []
    for worker in sorted(workers, key=lambda w: w.employee_no):
        counted += 1
        required = requirements.get(worker.occupation, ())
        if not required:
            unconfigured.add(worker.occupation)
            continue
        applicable += 1
        absent = lacking(required_cells(required, best.get(worker.employee_no, {})))
        if absent:
            missing.append(MissingCredentials(worker.employee_no, worker.name, absent))
    return TeamCompliance(team_code, counted, applicable, applicable - len(missing), tuple(missing),
                          tuple(sorted(unconfigured)))
