"""Annual team training plans and their progress."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required

from banzu_training.bootstrap import runtime
from banzu_training.entrypoints.api.common import code_string, number_in, two_places
from banzu_training.service_layer import plans

blp = Blueprint("plans", __name__, description="Annual team training plans")


class PlanItemSchema(Schema):
    course_code = code_string(required=True)
    month = fields.Integer(required=True, strict=True)


class NewPlanSchema(Schema):
    team_code = code_string(required=True)
    year = fields.Integer(required=True, strict=True)
    target_hours_per_person = number_in(load_default=None, allow_none=True,
                                        metadata={"description": "Default 80."})
    items = fields.List(fields.Nested(PlanItemSchema), load_default=list, validate=validate.Length(max=10_000))


class PlanSchema(Schema):
    id = fields.Integer()
    team_code = fields.String()
    year = fields.Integer()
    target_hours_per_person = two_places()
    items = fields.List(fields.Nested(PlanItemSchema))


class PlanProgressSchema(PlanSchema):
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


@blp.route("/plans/<int:plan_id>/progress")
class PlanProgressResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.response(200, PlanProgressSchema)
    def get(self, plan_id):
        """Hours per person so far, share of workers on target, share of planned deliveries held [trainer, hr]."""
        with runtime.uow() as uow:
            plan, progress = plans.progress(uow, plan_id)
        return _plan(plan_id, plan) | progress.present()
