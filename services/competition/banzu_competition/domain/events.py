"""Domain events recorded by the Contest aggregate; the service layer turns them into integration events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
