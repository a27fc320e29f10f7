"""Annual team training plans and their progress."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.config import site_zone
from banzu_common.pagination import PageArgs, page_of, paged

from banzu_training.bootstrap import runtime
from banzu_training.domain.plans import FIRST_YEAR, LAST_YEAR, MAX_TARGET_HOURS
from banzu_training.entrypoints.api.common import code_string, count_in, number_in, two_places
from banzu_training.service_layer import plans

blp = Blueprint("plans", __name__, description="Annual team training plans")


class PlanItemSchema(Schema):
    course_code = code_string(required=True)
    month = count_in(1, 12, required=True)


class NewPlanSchema(Schema):
    team_code = code_string(required=True)
    year = count_in(FIRST_YEAR, LAST_YEAR, required=True)
    target_hours_per_person = number_in(Decimal(0), MAX_TARGET_HOURS, low_exclusive=True, load_default=None,
                                        allow_none=True,
                                        metadata={"description": "Default 80."})
    items = fields.List(fields.Nested(PlanItemSchema), load_default=list, validate=validate.Length(max=10_000))


class PlanChangeSchema(Schema):
    target_hours_per_person = number_in(Decimal(0), MAX_TARGET_HOURS, low_exclusive=True)
    items = fields.List(fields.Nested(PlanItemSchema), validate=validate.Length(max=10_000),
                        metadata={"description": "The plan's whole list of courses by month, replacing the old one."})


class PlanSchema(Schema):
    id = fields.Integer()
    team_code = fields.String()
    year = fields.Integer()
    target_hours_per_person = two_places()
    items = fields.List(fields.Nested(PlanItemSchema))


class MemberHoursSchema(Schema):
    employee_no = fields.String()
    name = fields.String(allow_none=True)
    hours = two_places()
    on_target = fields.Boolean()


class PlanFilter(PageArgs):
    team = code_string()
    year = fields.Integer(validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR))


class PlanProgressSchema(PlanSchema):
    members = fields.List(fields.Nested(MemberHoursSchema), metadata={"description": "hours per team member"})
    workers = fields.Integer()
    hours_per_person = two_places()
    workers_on_target = fields.Integer()
    share_on_target = two_places(metadata={"description": "percent"})
    planned = fields.Integer()
    held = fields.Integer()
    share_held = two_places(metadata={"description": "percent"})


def _plan(plan_id: int, plan) -> dict:
    return {"id": plan_id, "team_code": plan.team_code, "year": plan.year,
            "target_hours_per_person": plan.target_hours_per_person, "items": plan.items}


@blp.route("/plans")
class PlansResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(NewPlanSchema)
    @blp.response(201, PlanSchema)
    def post(self, body):
        """Create a team's annual training plan [trainer]."""
        with runtime.uow() as uow:
            plan_id, plan = plans.create_plan(uow, body)
            uow.commit()
        return _plan(plan_id, plan)

    @roles_required("trainer", "hr")
    @blp.arguments(PlanFilter, location="query")
    @blp.response(200, page_of(PlanSchema))
    def get(self, args):
        """Plans by team and year, the latest year first [trainer, hr]."""
        with runtime.uow() as uow:
            found, total = plans.list_plans(uow, args.get("team"), args.get("year"), args["page"], args["per_page"])
        return paged([_plan(plan_id, plan) for plan_id, plan in found.items()], args["page"], args["per_page"], total)


@blp.route("/plans/<int:plan_id>")
class PlanResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.response(200, PlanSchema)
    def get(self, plan_id):
        """One plan: its team, year, target and planned deliveries [trainer, hr]."""
        with runtime.uow() as uow:
            return _plan(plan_id, plans.get_plan(uow, plan_id))

    @roles_required("trainer")
    @blp.arguments(PlanChangeSchema)
    @blp.response(200, PlanSchema)
    @blp.alt_response(409, description="plan_year_over: the plan's year has ended")
    def patch(self, changes, plan_id):
        """Change a plan's courses by month and/or its target until its year is over [trainer]; the team and
        year stay. An unknown course is named per item (`items[0].course_code`)."""
        with runtime.uow() as uow:
            plan = plans.change_plan(uow, plan_id, changes, datetime.now(site_zone()).date())
            uow.commit()
        return _plan(plan_id, plan)


@blp.route("/plans/<int:plan_id>/progress")
class PlanProgressResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.response(200, PlanProgressSchema)
    def get(self, plan_id):
        """Hours per person so far, share of workers on target, share of planned deliveries held [trainer, hr].
        The members are the team's today (of the year's last day for a past year): not those who left."""
        with runtime.uow() as uow:
            plan, progress, names = plans.progress(uow, plan_id, date.today())
        members = [{"employee_no": m.employee_no, "name": names.get(m.employee_no), "hours": m.hours,
                    "on_target": m.on_target} for m in progress.members]
        return _plan(plan_id, plan) | progress.present() | {"members": members}
