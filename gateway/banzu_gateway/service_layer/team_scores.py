"""Team score ledger: promotions, prizes and credential expiries from events, and the scores they make."""
from __future__ import annotations

import os
from functools import cache

from sqlalchemy import select

from banzu_common.errors import Invalid
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.adapters import ledger
from banzu_gateway.adapters.tables import teams, workers
from banzu_gateway.domain.ledger import Period, TeamScore, expiry_entry, prize_entries, promotion_entry, scoreboard
from banzu_gateway.domain.ledger import team_score as score_of
from banzu_gateway.domain.scoring_settings import ScoringSettings, load_scoring_settings
from banzu_gateway.service_layer import directory


@cache
def scoring_settings() -> ScoringSettings:
    """The defaults, or the site file BANZU_SCORING_SETTINGS names; read once per process."""
    return load_scoring_settings(os.environ.get("BANZU_SCORING_SETTINGS") or None)


def record_promotion(uow: UnitOfWork, data: dict) -> None:
    """Scores the promotion for its team, keeps it for the HR list, and raises the worker's grade."""
    entry = promotion_entry(data, scoring_settings())
    if not isinstance(data.get("source"), str) or not data["source"]:
        raise Invalid({"source": ["Must be a non-empty string."]}, detail="The event data is invalid.")
    worker = uow.session.execute(select(workers.c.name, workers.c.occupation)
                                 .where(workers.c.employee_no == entry.employee_no)).first()
    team_name = uow.session.scalar(select(teams.c.name).where(teams.c.code == entry.team_code))
    ledger.add_entries(uow.session, [entry])
    ledger.add_promotion(uow.session, {
        "promotion_id": str(data["promotion_id"]), "employee_no": entry.employee_no,
        "name": worker.name if worker else None, "team_code": entry.team_code, "team_name": team_name,
        "occupation": data.get("occupation") or (worker.occupation if worker else None),
        "from_grade": data["from_grade"], "to_grade": data["to_grade"], "source": data["source"],
        "source_id": _text_or_none(data.get("source_id")), "source_name": data.get("source_name"),
        "effective_on": entry.on,
    })
    directory.raise_grade(uow, entry.employee_no, data["to_grade"])


def record_prizes(uow: UnitOfWork, data: dict) -> None:
    ledger.add_entries(uow.session, prize_entries(data, scoring_settings()))


def record_expiry(uow: UnitOfWork, data: dict) -> None:
    """The expiry counts against the team the holder was in on the day after `expires_on`."""
    entry = expiry_entry(data, lambda employee_no, on: directory.team_on(uow, employee_no, on), scoring_settings())
    if entry is not None:
        ledger.add_entries(uow.session, [entry])


def team_score(uow: UnitOfWork, team_code: str, period: Period) -> TeamScore:
    entries = ledger.entries_by_team(uow.session, period, team_code).get(team_code, [])
    return score_of(entries, period, scoring_settings())


def team_scores(uow: UnitOfWork, period: Period) -> list[tuple[dict, TeamScore]]:
    """Every team with its score, best first; a team with no entries has the base score."""
    by_code = {row.code: dict(row._mapping) for row in uow.session.execute(select(teams.c.code, teams.c.name))}
    entries = ledger.entries_by_team(uow.session, period)
    ledgers = {code: entries.get(code, []) for code in by_code}
    return [(by_code[code], score) for code, score in scoreboard(ledgers, period, scoring_settings())]


def _text_or_none(value) -> str | None:
    return None if value is None else str(value)
