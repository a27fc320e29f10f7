"""Team score ledger: promotions, prizes and credential expiries counted for the period they took effect.

Each fact gets one entry with a `ref` that names the fact itself (not the message that carried it),
so storing entries under a unique `ref` records every fact exactly once however often it arrives.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from banzu_common.errors import Invalid

from banzu_common.skill_ladder import skill_ladder
from banzu_gateway.domain.scoring_settings import PRIZES, Rating, ScoringSettings

_CENT = Decimal("0.01")
_PERIOD = re.compile(r"([0-9]{4})(?:-Q([1-4]))?")


def present(value: Decimal) -> Decimal:
    """A score or points as shown to people: half-up to 2 decimals."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


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


def promotion_entry(data: Mapping[str, Any], settings: ScoringSettings) -> LedgerEntry:
    """The entry for a `banzu.grade.promotion.earned.v1` event's data; it counts on `effective_on`."""
    fields = _Fields(data)
    promotion_id = fields.text("promotion_id")
    employee_no = fields.text("employee_no")
    team_code = fields.text("team_code")
    from_grade = fields.grade("from_grade")
    to_grade = fields.grade("to_grade")
    effective_on = fields.date("effective_on")
    fields.raise_if_invalid()
    if not skill_ladder().is_raise(from_grade, to_grade):
        raise Invalid({"to_grade": [f"A promotion must climb the ladder; {from_grade} → {to_grade} does not."]})
    return LedgerEntry(
        LedgerKind.PROMOTION,
        settings.promotion_points[to_grade],
        employee_no,
        team_code,
        f"promotion:{promotion_id}",
        effective_on,
    )


def prize_entries(data: Mapping[str, Any], settings: ScoringSettings) -> list[LedgerEntry]:
    """One entry per prize in a `banzu.competition.results.published.v1` event's data, on `published_on`."""
    fields = _Fields(data)
    contest_id = fields.text("contest_id")
    published_on = fields.date("published_on")
    results = data.get("results")
    if not isinstance(results, list):
        fields.fail("results", "Must be a list.")
    fields.raise_if_invalid()

    entries = []
    for i, result in enumerate(results):
        if not isinstance(result, Mapping):
            raise Invalid({f"results[{i}]": ["Must be an object."]}, detail="The event data is invalid.")
        prize = result.get("prize")
        if prize is None:
            continue
        item = _Fields(result, prefix=f"results[{i}].")
        employee_no = item.text("employee_no")
        team_code = item.text("team_code")
        if prize not in PRIZES:
            item.fail("prize", f"Must be one of {', '.join(PRIZES)} or null.")
        item.raise_if_invalid()
        entries.append(
            LedgerEntry(
                LedgerKind.PRIZE,
                settings.prize_points[prize],
                employee_no,
                team_code,
                f"prize:{contest_id}:{employee_no}",
                published_on,
            )
        )
    return entries


def expiry_entry(
    data: Mapping[str, Any],
    team_of: Callable[[str, date], str | None],
    settings: ScoringSettings,
) -> LedgerEntry | None:
    """The entry for a `banzu.credentials.credential.expired.v1` event's data.

    A credential is valid through its expiry day, so the expiry counts on the day after
    `expires_on`, for the team `team_of(employee_no, that day)` names; None when the holder was in
    no team then (the event carries no team).
    """
    fields = _Fields(data)
    credential_id = fields.text("credential_id")
    employee_no = fields.text("employee_no")
    expires_on = fields.date("expires_on")
    fields.raise_if_invalid()
    counts_on = expires_on + timedelta(days=1)
    team_code = team_of(employee_no, counts_on)
    if team_code is None:
        return None
    return LedgerEntry(
        LedgerKind.EXPIRY,
        -settings.expiry_penalty,
        employee_no,
        team_code,
        f"expiry:{credential_id}",
        counts_on,
    )


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
        raise Invalid({"period": ['Expected a year such as "2026" or a quarter such as "2026-Q3".']})
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


class _Fields:
    """Reads event data fields, collecting every problem for one Invalid."""

    def __init__(self, data: Mapping[str, Any], prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(self.prefix + name, []).append(message)

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # ids may travel as numbers
        if not isinstance(value, str) or not value:
            self.fail(name, "Must be a non-empty string.")
            return ""
        return value

    def date(self, name: str) -> date:
        value = self.data.get(name)
        if isinstance(value, datetime):
            self.fail(name, "Must be a date (YYYY-MM-DD), not an instant.")
        elif isinstance(value, date):
            return value
        else:
            try:
                return date.fromisoformat(value)
            except (TypeError, ValueError):
                self.fail(name, "Must be a date (YYYY-MM-DD).")
        return date.min

    def grade(self, name: str) -> str:
        value = self.data.get(name)
        if not skill_ladder().is_grade(value):
            self.fail(name, f"Must be one of {', '.join(skill_ladder().codes)}.")
            return ""
        return value

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise Invalid(self.errors, detail="The event data is invalid.")
