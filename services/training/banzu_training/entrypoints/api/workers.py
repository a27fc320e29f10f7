"""A worker's training record."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import self_or_roles_required

from banzu_training.bootstrap import runtime
from banzu_training.entrypoints.api.common import checked_path_code, two_places
from banzu_training.service_layer import records

blp = Blueprint("worker_training", __name__, description="Workers' training records")


class YearArgs(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(min=1900, max=9000),
                          metadata={"description": "Default: this year."})


class CompletedCourseSchema(Schema):
    course_code = fields.String()
    on = fields.Date()


class ProgrammeProgressSchema(Schema):
    program_code = fields.String()
    required_courses = fields.List(fields.String())
    completed_courses = fields.List(fields.String())
    missing_courses = fields.List(fields.String())
    hours = two_places()
    min_hours = two_places()
    earned = fields.Boolean()


class CertificationSchema(Schema):
    certification_id = fields.String()
    program_code = fields.String()
    grade = fields.String()
    earned_on = fields.Date()


class TeamPlanSchema(Schema):
    id = fields.Integer()
    team_code = fields.String()
    target_hours_per_person = two_places()


class TrainingRecordSchema(Schema):
    employee_no = fields.String()
    year = fields.Integer()
    hours = two_places()
    plan = fields.Nested(TeamPlanSchema, allow_none=True,
                         metadata={"description": "the worker's team's plan for the year, whose target the hours "
                                                  "are held against; null when the team has none"})
    completed_courses = fields.List(fields.Nested(CompletedCourseSchema))
    programmes = fields.List(fields.Nested(ProgrammeProgressSchema))
    certifications = fields.List(fields.Nested(CertificationSchema))


@blp.route("/workers/<employee_no>/training")
class WorkerTrainingResource(MethodView):
    @self_or_roles_required("employee_no", "trainer", "hr")
    @blp.arguments(YearArgs, location="query")
    @blp.response(200, TrainingRecordSchema)
    def get(self, args, employee_no):
        """A year's hours and completed courses, and progress per programme [trainer, hr, or that worker]."""
        checked_path_code(employee_no, "worker")
        with runtime.uow() as uow:
            record, earned, plan = records.worker_training(uow, employee_no, args["year"] or date.today().year)
        return {"employee_no": record.employee_no, "year": record.year, "hours": record.hours,
                "completed_courses": record.completed_courses, "programmes": record.programmes,
                "certifications": earned,
                "plan": plan and {"id": plan[0], "team_code": plan[1].team_code,
                                  "target_hours_per_person": plan[1].target_hours_per_person}}
