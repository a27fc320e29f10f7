"""Team score ledger: promotions, prizes and credential expiries from events, and the scores they make."""
from __future__ import annotations

from functools import cache

from sqlalchemy import select

from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway import config
from banzu_gateway.adapters import ledger
from banzu_gateway.adapters.tables import teams
from banzu_gateway.domain.ledger import (Period, TeamScore, expiry_day, expiry_entry, prize_entries, promotion_entry,
                                        scoreboard)
from banzu_gateway.domain.ledger import team_score as score_of
from banzu_gateway.domain.scoring_settings import ScoringSettings, load_scoring_settings
from banzu_gateway.service_layer import directory


@cache
def scoring_settings() -> ScoringSettings:
    """The defaults, or the site file BANZU_SCORING_SETTINGS names; read once per process."""
    return load_scoring_settings(config.scoring_settings_file())


def record_promotions(uow: UnitOfWork, events: list[PromotionEarned]) -> None:
    """Scores each promotion for its team, keeps it for the HR list, and raises the workers' grades."""
    settings = scoring_settings()
    entries = [promotion_entry(event, settings) for event in events]
    people = directory.workers_by_no(uow, list({event.employee_no for event in events}))
    team_names = {code: team["name"] for code, team in directory.teams_by_code(
        uow, {event.team_code for event in events}).items()}
    ledger.add_entries(uow.session, entries)
    ledger.add_promotions(uow.session, [{
        "promotion_id": event.promotion_id, "employee_no": event.employee_no,
        "name": people[event.employee_no]["name"] if event.employee_no in people else None,
        "team_code": event.team_code, "team_name": team_names.get(event.team_code),
        "occupation": event.occupation, "from_grade": event.from_grade, "to_grade": event.to_grade,
        "source": event.source, "source_id": event.source_id, "source_name": event.source_name,
        "effective_on": event.effective_on,
    } for event in events])
    directory.raise_grades(uow, [(event.employee_no, event.to_grade) for event in events])


def record_prizes(uow: UnitOfWork, events: list[ResultsPublished]) -> None:
    settings = scoring_settings()
    ledger.add_entries(uow.session, [entry for event in events for entry in prize_entries(event, settings)])


def record_expiries(uow: UnitOfWork, events: list[CredentialExpired]) -> None:
    """Each expiry counts against the team its holder was in on the day after `expires_on`."""
    teams = directory.teams_on(uow, [(event.employee_no, expiry_day(event)) for event in events])
    settings = scoring_settings()
    entries = [expiry_entry(event, lambda employee_no, on: teams.get((employee_no, on)), settings)
               for event in events]
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
