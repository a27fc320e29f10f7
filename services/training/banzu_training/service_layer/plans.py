"""Annual team training plans and their progress."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date

from banzu_common.errors import Invalid, NotFound
from banzu_common.rules import no_such

from banzu_training.domain import PlanItem, PlanProgress, TrainingPlan, hours_in_year, plan_progress
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create_plan(uow: TrainingUnitOfWork, fields: dict) -> tuple[int, TrainingPlan]:
    plan = TrainingPlan(items=_items(fields.pop("items")), **{k: v for k, v in fields.items() if v is not None})
    errors = {}
    if not uow.workers.team_exists(plan.team_code):
        errors["team_code"] = [no_such("team", plan.team_code)]
    errors |= _unknown_courses(uow, plan)
    if errors:
        raise Invalid(errors)
    plan_id = uow.plans.add(plan)
    uow.audit("create", "plan", plan_id, after=asdict(plan))
    return plan_id, plan


def change_plan(uow: TrainingUnitOfWork, plan_id: int, changes: dict, today: date) -> TrainingPlan:
    """New courses by month (the whole list) and/or a new target, until the plan's year is over."""
    current = uow.plans.get(plan_id, for_update=True)
    if current is None:
        raise NotFound(f"There is no plan {plan_id}.")
    if "items" in changes:
        changes = changes | {"items": _items(changes["items"])}
    plan = current.changed(changes, today)
    errors = _unknown_courses(uow, plan)
    if errors:
        raise Invalid(errors)
    uow.plans.save(plan_id, plan)
    uow.audit("change", "plan", plan_id, asdict(current), asdict(plan))
    return plan


def _items(bodies: list[dict]) -> list[PlanItem]:
    return [PlanItem(item.get("course_code"), item.get("month")) for item in bodies]


def _unknown_courses(uow: TrainingUnitOfWork, plan: TrainingPlan) -> dict[str, list[str]]:
    known = uow.courses.existing(item.course_code for item in plan.items)
    return {f"items[{i}].course_code": [no_such("course", item.course_code)]
            for i, item in enumerate(plan.items) if item.course_code not in known}


def get_plan(uow: TrainingUnitOfWork, plan_id: int) -> TrainingPlan:
    plan = uow.plans.get(plan_id)
    if plan is None:
        raise NotFound(f"There is no plan {plan_id}.")
    return plan


def list_plans(uow: TrainingUnitOfWork, team_code: str | None, year: int | None, page: int,
               per_page: int) -> tuple[dict[int, TrainingPlan], int]:
    return uow.plans.page(team_code, year, page, per_page)


def progress(uow: TrainingUnitOfWork, plan_id: int, today: date) -> tuple[TrainingPlan, PlanProgress, dict[str, str]]:
    """The plan, its progress, and the names of the team's members: those of today, or of the plan
    year's last day for a past year (a worker who left by then is no member)."""
    plan = get_plan(uow, plan_id)
    members = uow.workers.team_members(plan.team_code, min(today, date(plan.year, 12, 31)))
    records = defaultdict(list)
    for r in uow.attendance.of_workers(members, plan.year):
        records[r.employee_no].append(r)
    hours = {member: hours_in_year(records[member], plan.year) for member in members}
    deliveries = uow.training_sessions.deliveries({item.course_code for item in plan.items}, plan.year)
    return plan, plan_progress(plan, hours, deliveries), uow.workers.names(members)
