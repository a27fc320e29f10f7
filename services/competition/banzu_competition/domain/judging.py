"""Scores, their audit trail and spread flags, grouped per contestant and segment.

A `ScoreCard` (one contestant in one segment) is all that entering a score or accepting a spread
needs loaded, so a service can load just that card.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from banzu_common.decimals import to_decimal
from banzu_common.errors import Conflict, Invalid
from banzu_common.rules import Rule

from .scoring import exceeds_spread, spread
from .settings import Method, Segment

MIN_JUDGEMENT_SCORES = 3  # per contestant, before scoring can close


@dataclass(eq=False)
class Score:
    segment: str
    employee_no: str
    bib: int
    judge_id: Any | None  # the judge who entered it; None when the organizer did
    value: Decimal
    entered_by: str
    entered_at: datetime
    withdrawn: bool = False  # its judge was withdrawn from the segment: kept, but it no longer counts


@dataclass(frozen=True)
class ScoreChange:
    """One audit-log entry: every creation or change of a score."""

    segment: str
    employee_no: str
    bib: int
    judge_id: Any | None
    changed_by: str
    changed_at: datetime
    old: Decimal | None  # None when the score was created
    new: Decimal
    reason: str | None


class FlagStatus(StrEnum):
    NEEDS_REVIEW = "needs_review"
    RESOLVED = "resolved"  # a changed score removed the spread
    ACCEPTED = "accepted"  # the organizer accepted the spread with a reason


@dataclass(eq=False)
class SpreadFlag:
    spread: Decimal
    status: FlagStatus = FlagStatus.NEEDS_REVIEW
    reason: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(eq=False)
class ScoreCard:
    segment: str
    employee_no: str
    bib: int
    scores: list[Score] = field(default_factory=list)
    flag: SpreadFlag | None = None

    @property
    def needs_review(self) -> bool:
        return self.flag is not None and self.flag.status == FlagStatus.NEEDS_REVIEW

    @property
    def counting(self) -> list[Score]:
        """The scores that count: those of judges still on the segment (and the organizer's)."""
        return [score for score in self.scores if not score.withdrawn]

    def slot(self, method: Method, judge_id: Any | None) -> Score | None:
        """The score an entry replaces: the single measurement score, or this judge's own judgement score."""
        if method == Method.MEASUREMENT:
            return self.scores[0] if self.scores else None
        return next((score for score in self.scores if score.judge_id == judge_id), None)

    def record(
        self,
        segment: Segment,
        judge_id: Any | None,
        value: Decimal,
        by: str,
        at: datetime,
        reason: str | None,
    ) -> tuple[Score, ScoreChange | None]:
        """Create or change the score in the actor's slot; an unchanged value changes nothing.

        Changing a saved score that counts needs a written reason (the audit log keeps it); replacing
        a withdrawn judge's measurement score is a first score again."""
        score = self.slot(segment.method, judge_id)
        if score is not None and score.value == value and not score.withdrawn:
            return score, None
        reason = reason.strip() if isinstance(reason, str) and reason.strip() else None
        if score is not None and not score.withdrawn and reason is None:
            raise Invalid({"reason": [Rule("required", "a reason is required to change a saved score")]})
        old = None if score is None else score.value
        if score is None:
            score = Score(self.segment, self.employee_no, self.bib, judge_id, value, by, at)
            self.scores.append(score)
        else:
            score.judge_id, score.value, score.entered_by, score.entered_at = judge_id, value, by, at
            score.withdrawn = False
        if segment.method == Method.JUDGEMENT:
            self.recheck_spread(segment.spread_limit, by, at)
        change = ScoreChange(self.segment, self.employee_no, self.bib, judge_id, by, at, old, value, reason)
        return score, change

    def withdraw_judge(self, judge_id: Any, segment: Segment, by: str, at: datetime) -> bool:
        """The judge's score here stops counting; the spread is checked again without it."""
        withdrawn = False
        for score in self.counting:
            if score.judge_id == judge_id:
                score.withdrawn = withdrawn = True
        if withdrawn and segment.method == Method.JUDGEMENT:
            self.recheck_spread(segment.spread_limit, by, at)
        return withdrawn

    def accept_spread(self, reason: str, by: str, at: datetime) -> SpreadFlag:
        if not isinstance(reason, str) or not reason.strip():
            raise Invalid({"reason": [Rule("required", "a written reason is required to accept a spread")]})
        if not self.needs_review:
            raise Conflict("not_flagged", "This contestant's segment has no spread waiting for review.")
        self.flag.status = FlagStatus.ACCEPTED
        self.flag.reason, self.flag.resolved_by, self.flag.resolved_at = reason.strip(), by, at
        return self.flag

    def recheck_spread(self, limit: Decimal, by: str, at: datetime) -> None:
        values = [score.value for score in self.counting]
        current = spread(values)
        if exceeds_spread(values, limit):
            # An accepted spread stays accepted unless a later score widens it.
            if self.flag is None or self.flag.status == FlagStatus.RESOLVED or current > self.flag.spread:
                self.flag = SpreadFlag(current)
            elif self.flag.status == FlagStatus.NEEDS_REVIEW:
                self.flag.spread = current
        elif self.needs_review:
            self.flag.status, self.flag.resolved_by, self.flag.resolved_at = FlagStatus.RESOLVED, by, at
            self.flag.spread = current


def check_score_value(raw: object, segment: Segment) -> Decimal:
    value = to_decimal(raw)
    if value is None:
        raise Invalid({"score": [Rule("invalid_type", "must be a number", type="number")]})
    if not 0 <= value <= segment.max_score:
        raise Invalid({"score": [Rule("out_of_range", f"must be between 0 and {segment.max_score}", min=0,
                                       max=segment.max_score)]})
    return value


def required_scores(segment: Segment) -> int:
    return 1 if segment.method == Method.MEASUREMENT else MIN_JUDGEMENT_SCORES
