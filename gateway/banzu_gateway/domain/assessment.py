"""Team assessment (班组考核): a team's yearly indicators computed from its facts, scored against
targets and weights (domain.md "Team assessment").

Members are the team's workers on the day D. What each member did in the year up to D counts in
full, also what they did before joining: the assessment rates the people the team has, as the
skill matrix shows them, and a member's hours or promotion do not vanish because they moved.

Arithmetic is exact: shares such as 10/15 are Fractions, and numbers are rounded half-up to two
places only when presented. An indicator that does not apply (nothing to divide by) is left out of
the weights. An indicator whose facts live in a service that did not answer is unavailable, and
then the team gets no score at all: a score over fewer indicators than the team deserves would be a
wrong number that looks right.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from banzu_common.decimals import present
from banzu_common.errors import Invalid

from banzu_gateway.domain.scoring_settings import INDICATORS, Rating, ScoringSettings

HOURS, PERCENT, COUNT = "hours", "percent", "count"
UNITS = {"training_hours": HOURS, "plan_completion": PERCENT, "promotion_rate": PERCENT, "compliance": PERCENT,
         "contest_prizes": COUNT, "mentorship": PERCENT}
TRAINING, CREDENTIALS = "training", "credentials"
# The service each indicator's facts come from; members, promotions and prizes are the gateway's own.
SOURCES = {"training_hours": TRAINING, "plan_completion": TRAINING, "mentorship": TRAINING,
           "compliance": CREDENTIALS}
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class TrainingFacts:
    """What training knows of the team's members and plan for the year, up to D."""

    hours: Decimal  # credited by attendance to the members
    planned: int | None  # deliveries planned by the team's plan for the year; None: no plan
    held: int  # of those, held
    mentorships_ended: int  # of the members as apprentices, achieved or lapsed
    mentorships_achieved: int


@dataclass(frozen=True)
class TeamFacts:
    members: int
    promoted: int  # members promoted at least once in the year up to D
    prizes: int  # prizes the members won in contests published in the year up to D
    training: TrainingFacts | None  # None: the training service did not answer
    compliant: int | None  # members compliant (持证上岗) on D; None: the credentials service did not answer


@dataclass(frozen=True)
class TrainingSummary:
    """Training's answer for many workers and teams: per worker the hours and (ended, achieved)
    mentorships, per team its plan's (planned, held) deliveries; absent means none."""

    hours: Mapping[str, Decimal]
    mentorships: Mapping[str, tuple[int, int]]
    plans: Mapping[str, tuple[int, int]]


def team_facts(team_code: str, members: Sequence[str], promoted: Collection[str], prizes: Mapping[str, int],
               training: TrainingSummary | None, compliant: Collection[str] | None) -> TeamFacts:
    """The team's facts from the facts of its members on D. `compliant` holds the members the
    credentials service found compliant; one it has not heard of yet holds nothing there, so
    counts as not compliant."""
    team_training = None
    if training is not None:
        planned, held = training.plans.get(team_code, (None, 0))
        ended = [training.mentorships.get(no, (0, 0)) for no in members]
        team_training = TrainingFacts(
            hours=sum((training.hours.get(no, Decimal(0)) for no in members), Decimal(0)), planned=planned,
            held=held, mentorships_ended=sum(e for e, _ in ended), mentorships_achieved=sum(a for _, a in ended))
    return TeamFacts(
        members=len(members), promoted=sum(1 for no in members if no in promoted),
        prizes=sum(prizes.get(no, 0) for no in members), training=team_training,
        compliant=None if compliant is None else sum(1 for no in members if no in compliant))


@dataclass(frozen=True)
class Indicator:
    code: str
    target: Decimal
    weight: Decimal
    actual: Fraction | None  # in the indicator's unit; None when it does not apply or is unavailable
    points: Fraction | None
    applicable: bool | None  # None: unavailable, so nobody can tell

    @property
    def unit(self) -> str:
        return UNITS[self.code]

    @property
    def available(self) -> bool:
        return self.applicable is not None

    @property
    def reached(self) -> Fraction | None:
        """How much of the target the actual reaches, in percent, at most 100 (points ÷ weight)."""
        return None if self.actual is None else HUNDRED * min(Fraction(1), self.actual / Fraction(self.target))

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= Fraction(self.target)

    def present(self) -> dict[str, Any]:
        return {"code": self.code, "unit": self.unit, "actual": _shown(self.actual), "target": present(self.target),
                "weight": present(self.weight), "points": _shown(self.points), "reached": _shown(self.reached),
                "met": self.met,
                "applicable": self.applicable, "available": self.available}


@dataclass(frozen=True)
class Assessment:
    members: int
    indicators: tuple[Indicator, ...]
    score: Fraction | None  # None when a part is unavailable (or, by the settings, no weight applies)
    rating: Rating | None
    unavailable: tuple[str, ...]  # the services that did not answer

    @property
    def shown_score(self) -> Decimal | None:
        return _shown(self.score)

    def indicator(self, code: str) -> Indicator:
        return next(indicator for indicator in self.indicators if indicator.code == code)


def assessment_day(year: int | None, as_of: date | None, today: date) -> tuple[int, date]:
    """The year Y and the day D of an assessment. D defaults to today within Y, Y's last day for a
    past year (its first for a year to come); Y defaults to D's year. D must fall within Y."""
    if year is None:
        day = as_of or today
        return day.year, day
    first, last = date(year, 1, 1), date(year, 12, 31)
    if as_of is None:
        return year, min(max(today, first), last)
    if not first <= as_of <= last:
        raise Invalid({"as_of": [f"Must fall within the year {year}."]})
    return year, as_of


def assess(facts: TeamFacts, settings: ScoringSettings) -> Assessment:
    """The team's indicators, points, score and rating (the rating of the score as shown)."""
    unavailable = tuple(source for source, missing in ((TRAINING, facts.training is None),
                                                       (CREDENTIALS, facts.compliant is None)) if missing)
    indicators = tuple(_indicator(code, facts, settings) for code in INDICATORS)
    weights = sum(i.weight for i in indicators if i.applicable)  # Decimals: exact, and cheap
    score = None
    if not unavailable and weights:
        score = HUNDRED * sum(i.points for i in indicators if i.applicable) / Fraction(weights)
    rating = None if score is None else settings.rating_for(present(score))
    return Assessment(facts.members, indicators, score, rating, unavailable)


def _indicator(code: str, facts: TeamFacts, settings: ScoringSettings) -> Indicator:
    setting = settings.assessment[code]
    if SOURCES.get(code) == TRAINING and facts.training is None or \
            SOURCES.get(code) == CREDENTIALS and facts.compliant is None:
        return Indicator(code, setting.target, setting.weight, None, None, None)
    actual = ACTUALS[code](facts)
    points = None
    if actual is not None:
        points = setting.exact_weight if actual >= setting.exact_target else actual * setting.points_per_unit
    return Indicator(code, setting.target, setting.weight, actual, points, actual is not None)


# Fractions are made from whole numbers here: Fraction(Decimal) and chains of operations are slow,
# and every team of a thousand runs this.
def _share(part: int, whole: int) -> Fraction | None:
    """`part` of `whole` in percent; None when there is no whole to share."""
    return Fraction(100 * part, whole) if whole else None


def _training_hours(facts: TeamFacts) -> Fraction | None:
    if not facts.members:
        return None
    numerator, denominator = facts.training.hours.as_integer_ratio()
    return Fraction(numerator, denominator * facts.members)


def _plan_completion(facts: TeamFacts) -> Fraction:
    # No plan for the year (or one that plans nothing) completes nothing: 0, not "does not apply".
    return _share(facts.training.held, facts.training.planned or 0) or Fraction(0)


def _promotion_rate(facts: TeamFacts) -> Fraction | None:
    return _share(facts.promoted, facts.members)


def _compliance(facts: TeamFacts) -> Fraction | None:
    return _share(facts.compliant, facts.members)


def _contest_prizes(facts: TeamFacts) -> Fraction:
    return Fraction(facts.prizes)


def _mentorship(facts: TeamFacts) -> Fraction | None:
    return _share(facts.training.mentorships_achieved, facts.training.mentorships_ended)


ACTUALS = {"training_hours": _training_hours, "plan_completion": _plan_completion, "promotion_rate": _promotion_rate,
           "compliance": _compliance, "contest_prizes": _contest_prizes, "mentorship": _mentorship}


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else present(value)
