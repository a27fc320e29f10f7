"""Team score ledger: promotions, prizes and credential expiries from events, and the scores they make."""
from __future__ import annotations

import os
from datetime import date, timedelta
from functools import cache

from sqlalchemy import select

from banzu_common.errors import Invalid
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.adapters import ledger
from banzu_gateway.adapters.tables import teams
from banzu_gateway.domain.ledger import Period, TeamScore, expiry_entry, prize_entries, promotion_entry, scoreboard
from banzu_gateway.domain.ledger import team_score as score_of
from banzu_gateway.domain.scoring_settings import ScoringSettings, load_scoring_settings
from banzu_gateway.service_layer import directory


@cache
def scoring_settings() -> ScoringSettings:
    """The defaults, or the site file BANZU_SCORING_SETTINGS names; read once per process."""
    return load_scoring_settings(os.environ.get("BANZU_SCORING_SETTINGS") or None)


def record_promotions(uow: UnitOfWork, events: list[dict]) -> None:
    """Scores each promotion for its team, keeps it for the HR list, and raises the workers' grades."""
    settings = scoring_settings()
    entries = [promotion_entry(data, settings) for data in events]
    for data in events:
        if not isinstance(data.get("source"), str) or not data["source"]:
            raise Invalid({"source": ["Must be a non-empty string."]}, detail="The event data is invalid.")
    people = directory.workers_by_no(uow, list({entry.employee_no for entry in entries}))
    team_names = {code: team["name"] for code, team in directory.teams_by_code(
        uow, {entry.team_code for entry in entries}).items()}
    ledger.add_entries(uow.session, entries)
    ledger.add_promotions(uow.session, [{
        "promotion_id": str(data["promotion_id"]), "employee_no": entry.employee_no,
        "name": people[entry.employee_no]["name"] if entry.employee_no in people else None,
        "team_code": entry.team_code, "team_name": team_names.get(entry.team_code),
        "occupation": data.get("occupation") or (people[entry.employee_no]["occupation"]
                                                 if entry.employee_no in people else None),
        "from_grade": data["from_grade"], "to_grade": data["to_grade"], "source": data["source"],
        "source_id": _text_or_none(data.get("source_id")), "source_name": data.get("source_name"),
        "effective_on": entry.on,
    } for data, entry in zip(events, entries)])
    directory.raise_grades(uow, [(entry.employee_no, data["to_grade"]) for data, entry in zip(events, entries)])


def record_prizes(uow: UnitOfWork, events: list[dict]) -> None:
    settings = scoring_settings()
    ledger.add_entries(uow.session, [entry for data in events for entry in prize_entries(data, settings)])


def record_expiries(uow: UnitOfWork, events: list[dict]) -> None:
    """Each expiry counts against the team its holder was in on the day after `expires_on`."""
    wanted = [(data.get("employee_no"), _day_after(data.get("expires_on"))) for data in events]
    teams = directory.teams_on(uow, [w for w in wanted if w[0] and w[1]])
    settings = scoring_settings()
    entries = [expiry_entry(data, lambda employee_no, on: teams.get((employee_no, on)), settings) for data in events]
    ledger.add_entries(uow.session, [entry for entry in entries if entry is not None])


def team_score(uow: UnitOfWork, team_code: str, period: Period) -> TeamScore:
    entries = ledger.entries_by_team(uow.session, period, team_code).get(team_code, [])
    return score_of(entries, period, scoring_settings())


def team_scores(uow: UnitOfWork, period: Period) -> list[tuple[dict, TeamScore]]:
    """Every team with its score, best first; a team with no entries has the base score."""
    by_code = {row.code: dict(row._mapping) for row in uow.session.execute(select(teams.c.code, teams.c.name))}
    entries = ledger.entries_by_team(uow.session, period)
    ledgers = {code: entries.get(code, []) for code in by_code}
    return [(by_code[code], score) for code, score in scoreboard(ledgers, period, scoring_settings())]


def _day_after(text) -> date | None:
    try:
        return date.fromisoformat(text) + timedelta(days=1)
    except (TypeError, ValueError):
        return None  # expiry_entry reports the field


def _text_or_none(value) -> str | None:
    return None if value is None else str(value)
