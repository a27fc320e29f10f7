"""Team score ledger: promotions, prizes and credential expiries counted for the period they took effect.

Each fact gets one entry with a `ref` that names the fact itself (not the message that carried it),
so storing entries under a unique `ref` records every fact exactly once however often it arrives.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from banzu_common.decimals import present
from banzu_common.errors import Invalid
from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished
from banzu_common.rules import Rule
from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.domain.scoring_settings import PRIZES, Rating, ScoringSettings

_PERIOD = re.compile(r"([0-9]{4})(?:-Q([1-4]))?")


class LedgerKind(StrEnum):
    PROMOTION = "promotion"
    PRIZE = "prize"
    EXPIRY = "expiry"


@dataclass(frozen=True)
class LedgerEntry:
    kind: LedgerKind
    points: Decimal  # signed: an expiry takes points off
    employee_no: str
    team_code: str
    ref: str
    on: date

    def present(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "points": present(self.points),
            "employee_no": self.employee_no,
            "team_code": self.team_code,
            "ref": self.ref,
            "on": self.on.isoformat(),
        }


def promotion_entry(event: PromotionEarned, settings: ScoringSettings) -> LedgerEntry:
    """The entry of a grade promotion; it counts on `effective_on` for the team it names."""
    ladder = skill_ladder()
    errors = {name: [f"Must be one of {', '.join(ladder.codes)}."]
              for name in ("from_grade", "to_grade") if not ladder.is_grade(getattr(event, name))}
    if errors:
        raise Invalid(errors, detail="The event data is invalid.")
    if not ladder.is_raise(event.from_grade, event.to_grade):
        raise Invalid({"to_grade": [f"A promotion must climb the ladder; {event.from_grade} → {event.to_grade} "
                                    f"does not."]})
    return LedgerEntry(LedgerKind.PROMOTION, settings.promotion_points[event.to_grade], event.employee_no,
                       event.team_code, f"promotion:{event.promotion_id}", event.effective_on)


def prize_entries(event: ResultsPublished, settings: ScoringSettings) -> list[LedgerEntry]:
    """One entry per prize of published results, on the publication date."""
    wrong = {f"results[{i}].prize": [f"Must be one of {', '.join(PRIZES)} or null."]
             for i, result in enumerate(event.results) if result.prize is not None and result.prize not in PRIZES}
    if wrong:
        raise Invalid(wrong, detail="The event data is invalid.")
    return [LedgerEntry(LedgerKind.PRIZE, settings.prize_points[result.prize], result.employee_no, result.team_code,
                        f"prize:{event.contest_id}:{result.employee_no}", event.published_on)
            for result in event.results if result.prize is not None]


def expiry_entry(
    event: CredentialExpired,
    team_of: Callable[[str, date], str | None],
    settings: ScoringSettings,
) -> LedgerEntry | None:
    """The entry of a credential's expiry.

    A credential is valid through its expiry day, so the expiry counts on the day after
    `expires_on`, for the team `team_of(employee_no, that day)` names; None when the holder was in
    no team then (the event carries no team).
    """
    counts_on = expiry_day(event)
    team_code = team_of(event.employee_no, counts_on)
    if team_code is None:
        return None
    return LedgerEntry(LedgerKind.EXPIRY, -settings.expiry_penalty, event.employee_no, team_code,
                       f"expiry:{event.credential_id}", counts_on)


def expiry_day(event: CredentialExpired) -> date:
    return event.expires_on + timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A calendar year ("2026") or quarter ("2026-Q3"), `start` and `end` both included."""

    code: str
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: Any) -> Period:
    match = _PERIOD.fullmatch(text) if isinstance(text, str) else None
    if match is None or int(match[1]) < 1:
        raise Invalid({"period": [Rule("not_a_period", 'Expected a year such as "2026" or a quarter such as "2026-Q3".')]})
    year = int(match[1])
    if match[2] is None:
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    first_month = 3 * int(match[2]) - 2
    end = date(year, 12, 31) if first_month == 10 else date(year, first_month + 3, 1) - timedelta(days=1)
    return Period(text, date(year, first_month, 1), end)


def year_period(day: date) -> Period:
    """The default period: the calendar year `day` falls in."""
    return parse_period(f"{day.year:04d}")


@dataclass(frozen=True)
class TeamScore:
    period: Period
    score: Decimal
    rating: Rating
    ledger: tuple[LedgerEntry, ...]  # the entries counted, by date

    def present(self, lang: str = "en") -> dict[str, Any]:
        return {
            "period": self.period.code,
            "score": present(self.score),
            "rating": self.rating.code,
            "rating_label": self.rating.label(lang),
            "ledger": [entry.present() for entry in self.ledger],
        }


def team_score(entries: Iterable[LedgerEntry], period: Period, settings: ScoringSettings) -> TeamScore:
    """Base plus the points of the entries in `period`, kept within the bounds, and its rating."""
    counted: dict[str, LedgerEntry] = {}
    for entry in entries:
        # A fact seen twice (same ref) still counts once.
        if entry.on in period and entry.ref not in counted:
            counted[entry.ref] = entry
    ledger = tuple(sorted(counted.values(), key=lambda e: (e.on, e.ref)))
    score = settings.clamp(settings.base + sum((e.points for e in ledger), Decimal(0)))
    return TeamScore(period, score, settings.rating_for(score), ledger)


def scoreboard(
    ledgers: Mapping[str, Iterable[LedgerEntry]], period: Period, settings: ScoringSettings
) -> list[tuple[str, TeamScore]]:
    """Every team's score, best first (ties by team code); a team with no entries has the base score."""
    scores = [(team_code, team_score(entries, period, settings)) for team_code, entries in ledgers.items()]
    return sorted(scores, key=lambda pair: (-pair[1].score, pair[0]))
