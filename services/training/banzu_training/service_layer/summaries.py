"""The training summary the gateway's team assessment reads: per worker the hours credited and the
mentorships (as apprentice) that ended in a year up to a day, per team its plan's deliveries held
and its target hours per person (the assessment's training-hours target when the team has a plan)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date
from decimal import Decimal

from banzu_training.adapters import summaries
from banzu_training.domain import MentorshipStatus, held_count
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def training_summary(uow: TrainingUnitOfWork, year: int, as_of: date, employee_nos: Collection[str] | None = None,
                     team_codes: Collection[str] | None = None) -> dict:
    """Facts of `year` known on `as_of` (nothing after it counts). Workers: those asked for, each
    one, or else every worker with hours or an ended mentorship. Plans: the teams asked for that
    have a plan for the year, or else every team that has one."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), as_of)
    session = uow.session
    hours: dict = {}
    ended: Counter = Counter()
    achieved: Counter = Counter()
    if first <= last:
        hours = summaries.hours_by_worker(session, first, last, employee_nos)
        for mentorship in summaries.mentorships_ending_between(session, first, last, employee_nos):
            ending = mentorship.ending_as_of(as_of)
            if ending is not None and first <= ending[0] <= last:
                ended[mentorship.apprentice] += 1
                achieved[mentorship.apprentice] += ending[1] == MentorshipStatus.achieved
    chosen = summaries.latest_plans(session, year, team_codes)
    held = summaries.sessions_held(session, first, last) if chosen and first <= last else {}
    plans = [{"team_code": team_code, "plan_id": plan_id, "planned": len(items), "held": held_count(items, held),
              "target_hours_per_person": target} for team_code, (plan_id, target, items) in sorted(chosen.items())]
    workers = sorted(set(employee_nos) if employee_nos is not None else set(hours) | set(ended))
    return {
        "year": year, "as_of": as_of,
        "workers": [{"employee_no": no, "hours": hours.get(no, Decimal(0)), "mentorships_ended": ended[no],
                     "mentorships_achieved": achieved[no]} for no in workers],
        "plans": plans,
    }
