"""Team score ledger: promotions, prizes and credential expiries from events, and the scores they make."""
from __future__ import annotations

from functools import cache

from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished

from banzu_gateway import config
from banzu_gateway.domain.ledger import (Period, TeamScore, expiry_day, expiry_entry, prize_entries, promotion_entry,
                                        scoreboard)
from banzu_gateway.domain.ledger import team_score as score_of
from banzu_gateway.domain.scoring_settings import ScoringSettings, load_scoring_settings
from banzu_gateway.service_layer import directory
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork


@cache
def scoring_settings() -> ScoringSettings:
    """The defaults, or the site file BANZU_SCORING_SETTINGS names; read once per process."""
    return load_scoring_settings(config.scoring_settings_file())


def record_promotions(uow: GatewayUnitOfWork, events: list[PromotionEarned]) -> None:
    """Scores each promotion for its team, keeps it for the HR list, and raises the workers' grades."""
    settings = scoring_settings()
    entries = [promotion_entry(event, settings) for event in events]
    people = directory.workers_by_no(uow, list({event.employee_no for event in events}))
    team_names = {code: team["name"] for code, team in directory.teams_by_code(
        uow, {event.team_code for event in events}).items()}
    uow.ledger.add_entries(entries)
    uow.ledger.add_promotions([{
        "promotion_id": event.promotion_id, "employee_no": event.employee_no,
        "name": people[event.employee_no]["name"] if event.employee_no in people else None,
        "team_code": event.team_code, "team_name": team_names.get(event.team_code),
        "occupation": event.occupation, "from_grade": event.from_grade, "to_grade": event.to_grade,
        "source": event.source, "source_id": event.source_id, "source_name": event.source_name,
        "effective_on": event.effective_on,
    } for event in events])
    directory.raise_grades(uow, [(event.employee_no, event.to_grade) for event in events])


def record_prizes(uow: GatewayUnitOfWork, events: list[ResultsPublished]) -> None:
    settings = scoring_settings()
    uow.ledger.add_entries([entry for event in events for entry in prize_entries(event, settings)])


def record_expiries(uow: GatewayUnitOfWork, events: list[CredentialExpired]) -> None:
    """Each expiry counts against the team its holder was in on the day after `expires_on`."""
    teams = directory.teams_on(uow, [(event.employee_no, expiry_day(event)) for event in events])
    settings = scoring_settings()
    entries = [expiry_entry(event, lambda employee_no, on: teams.get((employee_no, on)), settings)
               for event in events]
    uow.ledger.add_entries([entry for entry in entries if entry is not None])


def team_score(uow: GatewayUnitOfWork, team_code: str, period: Period) -> TeamScore:
    entries = uow.ledger.entries_by_team(period, team_code).get(team_code, [])
    return score_of(entries, period, scoring_settings())


def team_scores(uow: GatewayUnitOfWork, period: Period) -> list[tuple[dict, TeamScore]]:
    """Every team with its score, best first; a team with no entries has the base score."""
    by_code = {team["code"]: team for team in uow.teams.names()}
    entries = uow.ledger.entries_by_team(period)
    ledgers = {code: entries.get(code, []) for code in by_code}
    return [(by_code[code], score) for code, score in scoreboard(ledgers, period, scoring_settings())]
