"""Mentorship (师带徒): a mentor brings an apprentice to a goal grade within a period.

The period runs from `starts_on` to `ends_on`, both days included, and lasts 3 to 12 months. Both
ways people write a period end are accepted: the last day (Jan 1 → Mar 31 is 3 months) and the
anniversary (Jan 1 → Apr 1; Jan 1 → next Jan 1 is 12 months).

Status follows from facts, not from the order they arrive in: `achieved` as soon as a promotion of
the apprentice to the goal grade or above takes effect within the period; `lapsed` once a date
after the period is reached without one. An achieved mentorship stays achieved, and a lapsed one
never becomes active again. The one change out of `lapsed` is to `achieved`, when a promotion
effective within the period arrives late: then the period did not in fact end first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from banzu_common.dates import add_months
from banzu_common.rules import Rule
from banzu_common.skill_ladder import Grade

from .validation import NOTE_MAX_LENGTH, FieldErrors

MIN_MONTHS, MAX_MONTHS = 3, 12


class MentorshipStatus(StrEnum):
    active = "active"
    achieved = "achieved"
    lapsed = "lapsed"


@dataclass(frozen=True)
class Evaluation:
    on: date
    rating: int
    note: str


@dataclass
class Mentorship:
    mentor: str
    apprentice: str
    occupation: str
    goal_grade: Grade
    starts_on: date
    ends_on: date
    status: MentorshipStatus = MentorshipStatus.active
    achieved_on: date | None = None
    evaluations: list[Evaluation] = field(default_factory=list)

    def __post_init__(self) -> None:
        errors = FieldErrors()
        self.mentor = errors.text("mentor", self.mentor)
        self.apprentice = errors.text("apprentice", self.apprentice)
        if "mentor" not in errors.errors and self.apprentice == self.mentor:
            errors.add("apprentice", Rule("same_as_mentor", "must differ from the mentor"))
        self.occupation = errors.text("occupation", self.occupation)
        self.goal_grade = errors.grade("goal_grade", self.goal_grade)
        self.starts_on = errors.day("starts_on", self.starts_on)
        self.ends_on = errors.day("ends_on", self.ends_on)
        if "starts_on" not in errors.errors and "ends_on" not in errors.errors:
            shortest = add_months(self.starts_on, MIN_MONTHS) - timedelta(days=1)
            longest = add_months(self.starts_on, MAX_MONTHS)
            if not shortest <= self.ends_on <= longest:
                errors.add("ends_on", Rule("period_length", f"the period must last {MIN_MONTHS} to {MAX_MONTHS} "
                                                           f"months (ends_on between {shortest} and {longest})",
                                           first=shortest, last=longest, min_months=MIN_MONTHS,
                                           max_months=MAX_MONTHS))
        errors.raise_if_any()

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def evaluate(self, on: date, rating: int, note: str) -> Evaluation:
        """Add a dated evaluation; its date must fall within the period."""
        errors = FieldErrors()
        on = errors.day("on", on)
        if "on" not in errors.errors and not self.covers(on):
            errors.add("on", Rule("outside_period", f"must be within the period {self.starts_on} to {self.ends_on}",
                                       first=self.starts_on, last=self.ends_on))
        rating = errors.integer("rating", rating, low=1, high=5)
        if not isinstance(note, str):
            errors.add("note", Rule("invalid_type", "must be a string", type="string"))
        elif len(note) > NOTE_MAX_LENGTH or "\x00" in note:
            errors.add("note", Rule("wrong_length", f"must be at most {NOTE_MAX_LENGTH} characters, without NUL",
                                         max=NOTE_MAX_LENGTH))
        errors.raise_if_any()
        evaluation = Evaluation(on=on, rating=rating, note=note)
        self.evaluations.append(evaluation)
        self.evaluations.sort(key=lambda e: e.on)
        return evaluation

    def record_promotion(self, to_grade: Grade, effective_on: date) -> bool:
        """Take note of a promotion of the apprentice; True when the mentorship changed."""
        if to_grade < self.goal_grade or not self.covers(effective_on):
            return False
        if self.achieved_on is not None and self.achieved_on <= effective_on:
            return False
        self.status = MentorshipStatus.achieved
        self.achieved_on = effective_on
        return True

    def lapse_if_ended(self, today: date) -> bool:
        """The scheduler's check; True when the mentorship has just lapsed."""
        if self.status == MentorshipStatus.active and today > self.ends_on:
            self.status = MentorshipStatus.lapsed
            return True
        return False

    def ending_as_of(self, day: date) -> tuple[date, MentorshipStatus] | None:
        """How the mentorship had ended as far as is known on `day`: (the day it was achieved,
        achieved), or (its last day, lapsed) once `day` is after the period; None while running."""
        if self.achieved_on is not None and self.achieved_on <= day:
            return self.achieved_on, MentorshipStatus.achieved
        if day > self.ends_on:
            return self.ends_on, MentorshipStatus.lapsed
        return None

    def status_on(self, today: date) -> MentorshipStatus:
        """The status as of `today`, also when the scheduler has not run since the period ended."""
        if self.status == MentorshipStatus.active and today > self.ends_on:
            return MentorshipStatus.lapsed
        return self.status
