"""Team assessments and skill matrices, put together from where the facts live: members (on the day,
from the membership history), promotions and prizes from the gateway's own database; hours, plans
and mentorships from training's summary; compliance and credential standings from credentials'.

Each service is asked once for every team at a time (set-based summaries, see decisions.md), in
parallel, with the gateway's own identity (`headers`, made by the entrypoint): the gateway has
already decided the caller may see the answer. A service that does not answer leaves its part
unavailable (never guessed). Each function enters the unit of work it is given when it needs its
own facts, so the services may be asked meanwhile."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import urllib3

from banzu_common.decimals import to_decimal
from banzu_common.web import API_PREFIX

from banzu_gateway.domain.assessment import Assessment, PlanSummary, TrainingSummary, assess, team_facts
from banzu_gateway.adapters.gather import UNAVAILABLE, Call, collect, gather, start
from banzu_gateway.service_layer import directory
from banzu_gateway.service_layer.team_scores import scoring_settings
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

# Beyond this many members, a service is asked for everybody rather than for a list (its limit).
MAX_ASKED = 5_000
# Every team at once takes the services a moment longer than one team.
WHOLE = urllib3.Timeout(connect=0.5, read=20.0)
WHOLE_DEADLINE_SECONDS = 25.0


@dataclass(frozen=True)
class TeamAssessment:
    team: dict  # the directory's team row
    members: list[str]
    assessment: Assessment


@dataclass(frozen=True)
class SkillMatrix:
    team: dict
    types: list[str] | None  # None: credentials did not answer
    rows: list[dict]
    unavailable: tuple[str, ...]
    unconfigured: list[str]  # the members' occupations that have no requirements set


def _training(body: dict) -> TrainingSummary:
    workers = body["workers"]
    return TrainingSummary(
        hours={row["employee_no"]: _decimal(row["hours"]) for row in workers},
        mentorships={row["employee_no"]: (int(row["mentorships_ended"]), int(row["mentorships_achieved"]))
                     for row in workers},
        plans={row["team_code"]: PlanSummary(int(row["planned"]), int(row["held"]), _target(row))
               for row in body["plans"]})


def _target(plan: dict) -> Decimal | None:
    value = plan.get("target_hours_per_person")
    return None if value is None else _decimal(value)


@dataclass(frozen=True)
class Standings:
    """Credentials' answer: who is compliant on the day, whose occupation has no requirements set
    (they are neither), and with cells each one's standing per type some member needs."""

    compliant: set[str]
    unconfigured: set[str]
    types: list[str]
    cells: dict[str, dict[str, str]]


def _unconfigured(row: dict) -> bool:
    """The worker's occupation has no requirements set: credentials says so (`applicable`), or,
    from a service that does not say, no type is required of them."""
    if "applicable" in row:
        return row["applicable"] is False
    if "cells" not in row:
        return False
    return all(status == "not_required" for status in row["cells"].values())


def _standings(body: dict) -> Standings:
    workers = body["workers"]
    return Standings(compliant={row["employee_no"] for row in workers if row["compliant"] is True},
                     unconfigured={row["employee_no"] for row in workers if _unconfigured(row)},
                     types=list(body.get("types") or []),
                     cells={row["employee_no"]: dict(row.get("cells") or {}) for row in workers})


def _decimal(value: Any) -> Decimal:
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"not a number: {value!r}")
    return number


def training_part(year: int, day: date, employee_nos: Sequence[str] | None, team_codes: Sequence[str] | None) -> Call:
    return Call("training", "training", f"{API_PREFIX}/training-summary", _training, body={
        "year": year, "as_of": day.isoformat(), "employee_nos": employee_nos, "team_codes": team_codes})


def credentials_part(day: date, employee_nos: Sequence[str] | None, cells: bool = False) -> Call:
    return Call("credentials", "credentials", f"{API_PREFIX}/credential-summary", _standings,
                body={"as_of": day.isoformat(), "employee_nos": employee_nos, "cells": cells})


def _answered(value: Any) -> Any:
    return None if value == UNAVAILABLE else value


def team_assessment(uow: GatewayUnitOfWork, code: str, year: int, day: date, headers: dict) -> TeamAssessment:
    """One team's assessment for `year` as of `day` (404 for an unknown team)."""
    with uow:
        team = directory.get_team(uow, code)
        members = uow.assessment_facts.members_on(day, code).get(code, [])
        promoted, prizes = uow.assessment_facts.promotions_and_prizes(date(year, 1, 1), day, members)
    asked = members if len(members) <= MAX_ASKED else None
    parts = gather([training_part(year, day, asked, [code]), credentials_part(day, asked)], headers)
    facts = _facts(code, members, promoted, prizes, _answered(parts["training"]), _answered(parts["credentials"]))
    return TeamAssessment(team, members, assess(facts, scoring_settings()))


def _facts(code: str, members: list[str], promoted: set[str], prizes: Any, training: TrainingSummary | None,
           standings: Standings | None):
    if standings is None:
        return team_facts(code, members, promoted, prizes, training, None)
    return team_facts(code, members, promoted, prizes, training, standings.compliant, standings.unconfigured)


def every_assessment(uow: GatewayUnitOfWork, year: int, day: date, headers: dict) -> list[TeamAssessment]:
    """Every team's assessment, in team code order: each service asked once for everybody, while
    the gateway reads its own facts."""
    asked = start([training_part(year, day, None, None), credentials_part(day, None)], headers, WHOLE)
    with uow:
        every_team = uow.teams.names()
        members = uow.assessment_facts.members_on(day)
        promoted, prizes = uow.assessment_facts.promotions_and_prizes(date(year, 1, 1), day)
    parts = collect(asked, WHOLE_DEADLINE_SECONDS)
    training, standings = _answered(parts["training"]), _answered(parts["credentials"])
    settings = scoring_settings()
    return [TeamAssessment(team, members.get(team["code"], []), assess(_facts(
        team["code"], members.get(team["code"], []), promoted, prizes, training, standings), settings))
        for team in every_team]


def skill_matrix(uow: GatewayUnitOfWork, code: str, day: date, headers: dict) -> SkillMatrix:
    """The team's members on `day` with their training hours of that year and their standing for
    every credential type some member's occupation requires."""
    with uow:
        team = directory.get_team(uow, code)
        members = uow.assessment_facts.members_on(day, code).get(code, [])
        people = directory.workers_by_no(uow, members)
    asked = members if len(members) <= MAX_ASKED else None
    parts = gather([training_part(day.year, day, asked, []), credentials_part(day, asked, cells=True)], headers)
    training, standings = _answered(parts["training"]), _answered(parts["credentials"])
    types, cells = (standings.types, standings.cells) if standings is not None else (None, {})
    rows = [{"employee_no": no, "name": people[no]["name"], "occupation": people[no]["occupation"],
             "grade": people[no]["grade"],
             "training_hours": None if training is None else training.hours.get(no, Decimal(0)),
             "cells": cells.get(no, {})} for no in members if no in people]
    unconfigured = [] if standings is None else sorted(
        {row["occupation"] for row in rows if row["employee_no"] in standings.unconfigured})
    unavailable = tuple(name for name, value in (("training", training), ("credentials", standings)) if value is None)
    return SkillMatrix(team, types, rows, unavailable, unconfigured)
