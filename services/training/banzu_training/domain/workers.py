"""Training's local copy of a worker, kept up to date from directory and promotion events."""
from __future__ import annotations

from dataclasses import dataclass

from banzu_common.skill_ladder import Grade


@dataclass(frozen=True)
class Worker:
    employee_no: str
    team_code: str
    occupation: str
    grade: Grade
