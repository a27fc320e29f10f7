"""Certification programmes: the courses and hours that earn a certification and its grade."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.occupation_catalogue import INVALID_OR_UNKNOWN_OCCUPATION
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.skill_ladder import skill_ladder

from banzu_training.bootstrap import runtime
from banzu_training.domain.certification import MAX_MIN_HOURS
from banzu_training.entrypoints.api.common import checked_path_code, code_string, name_string, number_in, two_places
from banzu_training.service_layer import catalogue

blp = Blueprint("certification_programs", __name__, description="Certification programmes")


class NewProgrammeSchema(Schema):
    code = code_string(required=True)
    name = name_string(required=True)
    occupation = code_string(required=True)
    grade = fields.String(required=True, validate=validate.OneOf(skill_ladder().codes))
    credential_type = code_string(required=True)
    courses = fields.List(code_string(), required=True, validate=validate.Length(min=1, max=200))
    min_hours = number_in(Decimal(0), MAX_MIN_HOURS, required=True)


class ProgrammeSchema(Schema):
    code = fields.String()
    name = fields.String()
    occupation = fields.String()
    grade = fields.Function(lambda programme: programme.grade.code)
    credential_type = fields.String()
    courses = fields.List(fields.String())
    min_hours = two_places()


@blp.route("/certification-programs")
class ProgrammesResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(NewProgrammeSchema)
    @blp.response(201, ProgrammeSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def post(self, body):
        """Create a certification programme [trainer]."""
        with runtime.uow() as uow:
            programme = catalogue.create_programme(uow, body)
            uow.commit()
        return programme

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(ProgrammeSchema))
    def get(self, args):
        """List certification programmes [any]."""
        with runtime.uow() as uow:
            found, total = catalogue.list_programmes(uow, args["page"], args["per_page"])
        return paged(found, args["page"], args["per_page"], total)


class WorkerProgressSchema(Schema):
    employee_no = fields.String()
    name = fields.String(allow_none=True)
    completed_courses = fields.List(fields.String())
    missing_courses = fields.List(fields.String())
    hours = two_places(metadata={"description": "hours attended in the programme's courses"})
    min_hours = two_places()
    earned = fields.Boolean()


class ProgrammeWorkersSchema(page_of(WorkerProgressSchema, "WorkerProgressPage")):
    program = fields.Nested(ProgrammeSchema)


@blp.route("/certification-programs/<code>")
class ProgrammeResource(MethodView):
    @blp.response(200, ProgrammeSchema)
    def get(self, code):
        """One certification programme [any]."""
        checked_path_code(code, "certification programme")
        with runtime.uow() as uow:
            return catalogue.get_programme(uow, code)


@blp.route("/certification-programs/<code>/progress")
class ProgrammeProgressResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ProgrammeWorkersSchema)
    def get(self, args, code):
        """Each worker's way to the programme, by employee number: the workers of its occupation (not those
        who left) and anyone who attended one of its courses or earned it [trainer, hr]."""
        checked_path_code(code, "certification programme")
        with runtime.uow() as uow:
            programme, rows, total = catalogue.programme_workers(uow, code, args["page"], args["per_page"],
                                                                 date.today())
        items = [{"employee_no": row.employee_no, "name": row.name,
                  "completed_courses": row.progress.completed_courses, "missing_courses": row.progress.missing_courses,
                  "hours": row.progress.hours, "min_hours": row.progress.min_hours, "earned": row.progress.earned}
                 for row in rows]
        return paged(items, args["page"], args["per_page"], total) | {"program": programme}
