"""Contestants and the bib draw."""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(eq=False)
class Contestant:
    employee_no: str
    name: str
    team_code: str
    company: str  # the company of the contestant's team, for the conflict-of-interest rule
    grade: str
    bib: int | None = None  # drawn when the contest starts


def draw_bibs(contestants: Iterable[Contestant], rng: random.Random) -> None:
    """Give every contestant a distinct random bib from 1 to N."""
    # Sorting first makes the draw depend only on the seed, not on the order the rows were loaded in.
    ordered = sorted(contestants, key=lambda contestant: contestant.employee_no)
    for contestant, bib in zip(ordered, rng.sample(range(1, len(ordered) + 1), len(ordered))):
        contestant.bib = bib
