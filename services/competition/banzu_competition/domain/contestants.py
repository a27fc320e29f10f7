"""Contestants, their participation (registered, withdrawn before the start, absent on the day) and the bib draw."""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Participation(StrEnum):
    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"  # the registration ended before the contest started
    ABSENT = "absent"  # 缺考: did not compete; not ranked, wins nothing, blocks nothing


@dataclass(eq=False)
class Contestant:
    employee_no: str
    name: str
    team_code: str
    company: str  # the company of the contestant's team, for the conflict-of-interest rule
    grade: str
    bib: int | None = None  # drawn when the contest starts
    status: Participation = Participation.REGISTERED
    reason: str | None = None  # why the contestant was withdrawn or marked absent
    status_changed_at: datetime | None = None

    @property
    def competing(self) -> bool:
        return self.status == Participation.REGISTERED


def draw_bibs(contestants: Iterable[Contestant], rng: random.Random) -> None:
    """Give every competing contestant a distinct random bib from 1 to N."""
    # Sorting first makes the draw depend only on the seed, not on the order the rows were loaded in.
    ordered = sorted((c for c in contestants if c.competing), key=lambda contestant: contestant.employee_no)
    for contestant, bib in zip(ordered, rng.sample(range(1, len(ordered) + 1), len(ordered))):
        contestant.bib = bib
