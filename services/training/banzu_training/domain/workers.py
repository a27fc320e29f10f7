"""Training's local copy of a worker, kept up to date from directory and promotion events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from banzu_common.errors import Conflict
from banzu_common.leaving import ACTIVE, has_left
from banzu_common.skill_ladder import Grade


@dataclass(frozen=True)
class Worker:
    employee_no: str
    team_code: str
    occupation: str
    grade: Grade
    status: str = ACTIVE
    left_on: date | None = None

    def has_left(self, day: date) -> bool:
        """Whether the worker had left the company by `day` (from then on: no enrolment, certification
        or mentorship, and no place in the team's plan)."""
        return has_left(self.status, self.left_on, day)

    def refuse_if_left(self, day: date) -> None:
        if self.has_left(day):
            raise_left([self], day)


def raise_left(leavers: list[Worker], day: date) -> None:
    """409 `worker_left`, naming who had left the company by `day` and when."""
    said = ", ".join(f"{w.employee_no} left the company on {w.left_on or day}" for w in leavers)
    raise Conflict("worker_left", f"{said}: from that day they take part in no training.",
                   employee_nos=[w.employee_no for w in leavers])
