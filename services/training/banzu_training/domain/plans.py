"""Annual team training plans and their progress.

A planned delivery (course, month) counts as held when a session of that course started in that
month of the plan's year and at least one worker was recorded present: a session nobody attended
delivered no training. Each session holds at most one planned delivery, so a plan that lists a
course twice in a month needs two such sessions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from banzu_common.decimals import percent, present
from banzu_common.errors import Conflict

from .validation import FieldErrors

DEFAULT_TARGET_HOURS = Decimal(80)
MAX_TARGET_HOURS = Decimal(10_000)
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class PlanItem:
    course_code: str
    month: int


@dataclass
class TrainingPlan:
    team_code: str
    year: int
    items: list[PlanItem] = field(default_factory=list)
    target_hours_per_person: Decimal = DEFAULT_TARGET_HOURS

    def __post_init__(self) -> None:
        errors = FieldErrors()
        self.team_code = errors.text("team_code", self.team_code)
        self.year = errors.integer("year", self.year, low=FIRST_YEAR, high=LAST_YEAR)
        self.target_hours_per_person = errors.decimal(
            "target_hours_per_person", self.target_hours_per_person,
            low=Decimal(0), high=MAX_TARGET_HOURS, low_exclusive=True)
        items = []
        for i, item in enumerate(self.items):
            course_code = errors.text(f"items[{i}].course_code", item.course_code)
            month = errors.integer(f"items[{i}].month", item.month, low=1, high=12)
            items.append(PlanItem(course_code, month))
        self.items = items
        errors.raise_if_any()

    def changed(self, changes: dict, today: date) -> TrainingPlan:
        """The plan with new courses by month and/or a new target, checked as a whole again; the team
        and year stay. Until its year is over: a past year's plan is the record of what was planned."""
        if today.year > self.year:
            raise Conflict("plan_year_over", f"The plan's year {self.year} is over; its plan no longer changes.",
                           year=self.year)
        return replace(self, **{name: changes[name] for name in ("items", "target_hours_per_person")
                                if name in changes})


@dataclass(frozen=True)
class Delivery:
    """A session as far as plans care: its course, start date and how many attended."""

    course_code: str
    on: date
    present_count: int


@dataclass(frozen=True)
class MemberHours:
    employee_no: str
    hours: Decimal
    on_target: bool


@dataclass(frozen=True)
class PlanProgress:
    """Exact figures; `present()` gives them rounded for showing. Shares are 0 when there is
    nobody (no workers, or no planned deliveries) to share among."""

    workers: int
    hours_per_person: Decimal
    workers_on_target: int
    share_on_target: Decimal
    planned: int
    held: int
    share_held: Decimal
    members: tuple[MemberHours, ...] = ()  # by employee number

    def present(self) -> dict[str, object]:
        return {
            "workers": self.workers,
            "hours_per_person": present(self.hours_per_person),
            "workers_on_target": self.workers_on_target,
            "share_on_target": present(self.share_on_target),
            "planned": self.planned,
            "held": self.held,
            "share_held": present(self.share_held),
        }


def held_count(items: Iterable[PlanItem], sessions_held: Mapping[tuple[str, int], int]) -> int:
    """How many of the planned deliveries `items` were held, given how many sessions of each
    (course, month) of the plan's year were attended: a slot planned n times counts at most n."""
    planned = Counter((item.course_code, item.month) for item in items)
    return sum(min(count, sessions_held.get(slot, 0)) for slot, count in planned.items())


def plan_progress(plan: TrainingPlan, hours_by_worker: Mapping[str, Decimal],
                  deliveries: Iterable[Delivery]) -> PlanProgress:
    """`hours_by_worker` has every worker of the team, with their training hours in the plan's year
    (0 for none); `deliveries` the sessions of the planned courses."""
    workers = len(hours_by_worker)
    total = sum(hours_by_worker.values(), Decimal(0))
    members = tuple(MemberHours(no, hours, hours >= plan.target_hours_per_person)
                    for no, hours in sorted(hours_by_worker.items()))
    on_target = sum(1 for member in members if member.on_target)
    sessions_held = Counter((d.course_code, d.on.month) for d in deliveries
                            if d.on.year == plan.year and d.present_count > 0)
    held = held_count(plan.items, sessions_held)
    return PlanProgress(
        workers=workers,
        hours_per_person=total / workers if workers else Decimal(0),
        workers_on_target=on_target,
        share_on_target=percent(on_target, workers),
        planned=len(plan.items),
        held=held,
        share_held=percent(held, len(plan.items)),
        members=members,
    )
