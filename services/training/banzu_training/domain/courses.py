"""The course catalogue."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .validation import NAME_MAX_LENGTH, FieldErrors

MAX_COURSE_HOURS = Decimal(1000)


class CourseKind(StrEnum):
    theory = "theory"
    practical = "practical"
    safety = "safety"
    refresher = "refresher"


@dataclass
class Course:
    """`credential_type` names the credential a refresher course renews; it is optional, and a
    course that is not a refresher never counts as a renewal even if it names a type."""

    code: str
    title: str
    occupation: str
    hours: Decimal
    kind: CourseKind
    pass_score: Decimal | None = None
    credential_type: str | None = None

    def __post_init__(self) -> None:
        errors = FieldErrors()
        self.code = errors.text("code", self.code)
        self.title = errors.text("title", self.title, NAME_MAX_LENGTH)
        self.occupation = errors.text("occupation", self.occupation)
        self.hours = errors.decimal("hours", self.hours, low=Decimal(0), high=MAX_COURSE_HOURS,
                                    low_exclusive=True)
        self.kind = errors.choice("kind", self.kind, CourseKind)
        if self.pass_score is not None:
            self.pass_score = errors.decimal("pass_score", self.pass_score, low=Decimal(0), high=Decimal(100))
        self.credential_type = errors.optional_text("credential_type", self.credential_type)
        errors.raise_if_any()

    def renews(self, credential_type: str) -> bool:
        return self.kind == CourseKind.refresher and self.credential_type == credential_type

    def is_passed_with(self, score: Decimal | None) -> bool:
        """Whether a present worker with this score completes the course."""
        if self.pass_score is None:
            return True
        return score is not None and score >= self.pass_score
