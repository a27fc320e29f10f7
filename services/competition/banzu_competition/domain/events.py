"""Domain events recorded by the Contest aggregate; the service layer turns them into integration events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .scoring import ResultRow


@dataclass(frozen=True)
class ResultsPublished:
    contest_id: Any
    name: str
    occupation: str
    published_on: date
    results: tuple[ResultRow, ...]  # the event carries employee_no, team_code, rank, total, prize of each


@dataclass(frozen=True)
class PromotionEarned:
    employee_no: str
    team_code: str
    occupation: str
    from_grade: str
    to_grade: str
    source_id: Any
    source_name: str
    effective_on: date
    source: str = "contest"


@dataclass(frozen=True)
class ContestCancelled:
    contest_id: Any
    name: str
    reason: str
    at: datetime
    contestants: tuple[str, ...]  # employee numbers of the contestants still registered
    judges: tuple[str, ...]  # user accounts of the assigned judges that have one


@dataclass(frozen=True)
class JudgeAssignmentChanged:
    """A stand-in added to a running contest's segment, or a judge withdrawn from one."""

    contest_id: Any
    contest_name: str
    judge_id: Any
    username: str | None
    segment: str
    segment_name: str
    change: str  # "assigned" | "withdrawn"
    at: datetime
    reason: str | None = None
