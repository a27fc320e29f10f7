"""The training summary of many workers and teams at once, for the gateway's team assessments."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import GATEWAY_ROLE, roles_required
from banzu_common.decimals import present
from banzu_common.web import bulk_json

from banzu_training.bootstrap import runtime
from banzu_training.domain.plans import FIRST_YEAR, LAST_YEAR
from banzu_training.entrypoints.api.common import code_string, two_places
from banzu_training.service_layer import summaries

blp = Blueprint("training_summary", __name__, description="Training summaries for team assessments")
DAYS = validate.Range(min=date(1900, 1, 1), max=date(9000, 12, 31))
MAX_ASKED = 5_000


class TrainingSummaryQuerySchema(Schema):
    year = fields.Integer(required=True, strict=True, validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR))
    as_of = fields.Date(required=True, validate=DAYS,
                        metadata={"description": "Only facts on or before this day count."})
    employee_nos = fields.List(code_string(), load_default=None, validate=validate.Length(max=MAX_ASKED),
                               metadata={"description": "These workers, each one (default: every worker with "
                                                        "hours or an ended mentorship in the year)."})
    team_codes = fields.List(code_string(), load_default=None, validate=validate.Length(max=MAX_ASKED),
                             metadata={"description": "These teams' plans (default: every plan of the year)."})


class WorkerSummarySchema(Schema):
    employee_no = fields.String()
    hours = two_places(metadata={"description": "hours credited by attendance in the year up to as_of"})
    mentorships_ended = fields.Integer(metadata={"description": "as apprentice, ended (achieved or lapsed) in the "
                                                                "year up to as_of"})
    mentorships_achieved = fields.Integer()


class PlanSummarySchema(Schema):
    team_code = fields.String()
    plan_id = fields.Integer(metadata={"description": "the team's plan for the year (the latest, if several)"})
    planned = fields.Integer(metadata={"description": "planned deliveries"})
    held = fields.Integer(metadata={"description": "planned deliveries held up to as_of"})
    target_hours_per_person = two_places(metadata={"description": "the plan's target of training hours per person"})


class TrainingSummarySchema(Schema):
    year = fields.Integer()
    as_of = fields.Date()
    workers = fields.List(fields.Nested(WorkerSummarySchema))
    plans = fields.List(fields.Nested(PlanSummarySchema))


@blp.route("/training-summary")
class TrainingSummaryResource(MethodView):
    @roles_required("hr", "trainer", GATEWAY_ROLE)
    @blp.arguments(TrainingSummaryQuerySchema)
    @blp.response(200, TrainingSummarySchema)
    def post(self, query):
        """Hours and ended mentorships per worker, planned and held deliveries per team, for a year
        up to a day [hr, trainer]. A read that changes nothing: POST only because the lists of
        workers and teams may be long. A worker absent from the answer had none of these facts."""
        with runtime.uow() as uow:
            summary = summaries.training_summary(uow, query["year"], query["as_of"], query["employee_nos"],
                                                 query["team_codes"])
        for row in summary["workers"]:
            row["hours"] = present(row["hours"])
        for row in summary["plans"]:
            row["target_hours_per_person"] = present(row["target_hours_per_person"])
        return bulk_json(summary)
