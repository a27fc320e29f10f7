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

A team with nobody in it on D, or of which no indicator applies, is not assessable: it gets no
score and no rating (a score over nothing would read as a verdict on people who are not there).

The training-hours target is the team's own plan target for the year when it has a plan (the plan
is what the team was asked to do), else the setting; the indicator says which (`target_source`).
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
from banzu_common.rules import Rule

from banzu_gateway.domain.scoring_settings import INDICATORS, Rating, ScoringSettings

HOURS, PERCENT, COUNT = "hours", "percent", "count"
UNITS = {"training_hours": HOURS, "plan_completion": PERCENT, "promotion_rate": PERCENT, "compliance": PERCENT,
         "contest_prizes": COUNT, "mentorship": PERCENT}
TRAINING, CREDENTIALS = "training", "credentials"
# The service each indicator's facts come from; members, promotions and prizes are the gateway's own.
SOURCES = {"training_hours": TRAINING, "plan_completion": TRAINING, "mentorship": TRAINING,
           "compliance": CREDENTIALS}
HUNDRED = Fraction(100)
# Where an indicator's target came from, for the indicators whose target may come from elsewhere
# than the settings: the team's training plan for the year.
PLAN, SETTING = "plan", "setting"
PLAN_TARGETS = {"training_hours"}


@dataclass(frozen=True)
class TrainingFacts:
    """What training knows of the team's members and plan for the year, up to D."""

    hours: Decimal  # credited by attendance to the members
    planned: int | None  # deliveries planned by the team's plan for the year; None: no plan
    held: int  # of those, held
    target_hours: Decimal | None  # the plan's training hours per person; None: no plan
    mentorships_ended: int  # of the members as apprentices, achieved or lapsed
    mentorships_achieved: int


@dataclass(frozen=True)
class TeamFacts:
    members: int
    promoted: int  # members promoted at least once in the year up to D
    prizes: int  # prizes the members won in contests published in the year up to D
    training: TrainingFacts | None  # None: the training service did not answer
    compliant: int | None  # members compliant (持证上岗) on D; None: the credentials service did not answer
    # Members whose occupation has requirements set (the others prove nothing either way and are
    # left out of the rate, as credentials' compliance does); None: every member.
    required: int | None = None


@dataclass(frozen=True)
class TrainingSummary:
    """Training's answer for many workers and teams: per worker the hours and (ended, achieved)
    mentorships, per team its plan's (planned, held) deliveries; absent means none."""

    hours: Mapping[str, Decimal]
    mentorships: Mapping[str, tuple[int, int]]
    plans: Mapping[str, PlanSummary]


@dataclass(frozen=True)
class PlanSummary:
    """A team's training plan for the year, as far as the assessment needs it."""

    planned: int  # deliveries
    held: int  # of those, held up to D
    target_hours: Decimal | None  # training hours per person; None: training did not say


def team_facts(team_code: str, members: Sequence[str], promoted: Collection[str], prizes: Mapping[str, int],
               training: TrainingSummary | None, compliant: Collection[str] | None,
               unconfigured: Collection[str] = ()) -> TeamFacts:
    """The team's facts from the facts of its members on D. `compliant` holds the members the
    credentials service found compliant; one it has not heard of yet holds nothing there, so
    counts as not compliant. `unconfigured` holds the workers whose occupation has no requirements
    set: they count neither way."""
    team_training = None
    if training is not None:
        plan = training.plans.get(team_code)
        ended = [training.mentorships.get(no, (0, 0)) for no in members]
        team_training = TrainingFacts(
            hours=sum((training.hours.get(no, Decimal(0)) for no in members), Decimal(0)),
            planned=plan.planned if plan else None, held=plan.held if plan else 0,
            target_hours=plan.target_hours if plan else None, mentorships_ended=sum(e for e, _ in ended), mentorships_achieved=sum(a for _, a in ended))
    return TeamFacts(
        members=len(members), promoted=sum(1 for no in members if no in promoted),
        prizes=sum(prizes.get(no, 0) for no in members), training=team_training,
        compliant=None if compliant is None else sum(1 for no in members if no in compliant and no not in unconfigured),
        required=sum(1 for no in members if no not in unconfigured))


@dataclass(frozen=True)
class Indicator:
    code: str
    target: Decimal | None  # None: it depends on facts of a service that did not answer
    weight: Decimal
    actual: Fraction | None  # in the indicator's unit; None when it does not apply or is unavailable
    points: Fraction | None
    applicable: bool | None  # None: unavailable, so nobody can tell
    target_source: str | None = None  # PLAN or SETTING for the indicators of PLAN_TARGETS, when known

    @property
    def unit(self) -> str:
        return UNITS[self.code]

    @property
    def available(self) -> bool:
        return self.applicable is not None

    @property
    def reached(self) -> Fraction | None:
        """How much of the target the actual reaches, in percent, at most 100 (points ÷ weight)."""
        if self.actual is None or self.target is None:
            return None
        return HUNDRED * min(Fraction(1), self.actual / Fraction(self.target))

    @property
    def met(self) -> bool | None:
        return None if self.actual is None or self.target is None else self.actual >= Fraction(self.target)

    def present(self) -> dict[str, Any]:
        return {"code": self.code, "unit": self.unit, "actual": _shown(self.actual),
                "target": None if self.target is None else present(self.target), "target_source": self.target_source,
                "weight": present(self.weight), "points": _shown(self.points), "reached": _shown(self.reached),
                "met": self.met,
                "applicable": self.applicable, "available": self.available}


@dataclass(frozen=True)
class Assessment:
    members: int
    indicators: tuple[Indicator, ...]
    score: Fraction | None  # None when not assessable or a part is unavailable
    rating: Rating | None
    unavailable: tuple[str, ...]  # the services that did not answer
    assessable: bool = True  # False: no members on D, or no indicator (with a weight) applies

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
        raise Invalid({"as_of": [Rule("outside_year", f"Must fall within the year {year}.", year=year)]})
    return year, as_of


def assess(facts: TeamFacts, settings: ScoringSettings) -> Assessment:
    """The team's indicators, points, score and rating (the rating of the score as shown)."""
    unavailable = tuple(source for source, missing in ((TRAINING, facts.training is None),
                                                       (CREDENTIALS, facts.compliant is None)) if missing)
    indicators = tuple(_indicator(code, facts, settings) for code in INDICATORS)
    weights = sum(i.weight for i in indicators if i.applicable)  # Decimals: exact, and cheap
    # With a part unavailable, whether some indicator would apply is unknown: assessable until shown not.
    assessable = facts.members > 0 and (bool(weights) or bool(unavailable))
    score = None
    if assessable and not unavailable:
        score = HUNDRED * sum(i.points for i in indicators if i.applicable) / Fraction(weights)
    rating = None if score is None else settings.rating_for(present(score))
    return Assessment(facts.members, indicators, score, rating, unavailable, assessable)


def _indicator(code: str, facts: TeamFacts, settings: ScoringSettings) -> Indicator:
    setting = settings.assessment[code]
    if SOURCES.get(code) == TRAINING and facts.training is None or \
            SOURCES.get(code) == CREDENTIALS and facts.compliant is None:
        # A target that may come from the unanswered service's plan is not known either.
        target = None if code in PLAN_TARGETS else setting.target
        return Indicator(code, target, setting.weight, None, None, None)
    target, source = setting.target, None
    exact_target, per_unit = setting.exact_target, setting.points_per_unit
    if code in PLAN_TARGETS:
        source = SETTING
        planned = facts.training.target_hours
        if planned is not None and planned > 0:
            target, source = planned, PLAN
            exact_target = Fraction(*planned.as_integer_ratio())
            per_unit = setting.exact_weight / exact_target
    actual = ACTUALS[code](facts)
    points = None
    if actual is not None:
        points = setting.exact_weight if actual >= exact_target else actual * per_unit
    return Indicator(code, target, setting.weight, actual, points, actual is not None, source)


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
    # The team's compliance rate: of the members something is required of; none such: not applicable.
    return _share(facts.compliant, facts.members if facts.required is None else facts.required)


def _contest_prizes(facts: TeamFacts) -> Fraction:
    return Fraction(facts.prizes)


def _mentorship(facts: TeamFacts) -> Fraction | None:
    return _share(facts.training.mentorships_achieved, facts.training.mentorships_ended)


ACTUALS = {"training_hours": _training_hours, "plan_completion": _plan_completion, "promotion_rate": _promotion_rate,
           "compliance": _compliance, "contest_prizes": _contest_prizes, "mentorship": _mentorship}


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else present(value)
