"""The course catalogue."""
from __future__ import annotations

from decimal import Decimal

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.pagination import PageArgs
from banzu_common.auth import roles_required
from banzu_common.occupation_catalogue import INVALID_OR_UNKNOWN_OCCUPATION
from banzu_common.pagination import page_of, paged

from banzu_training.bootstrap import runtime
from banzu_training.domain import CourseKind
from banzu_training.domain.courses import MAX_COURSE_HOURS
from banzu_training.entrypoints.api.common import checked_path_code, code_string, name_string, number_in, two_places
from banzu_training.service_layer import catalogue

blp = Blueprint("courses", __name__, description="The course catalogue")
KINDS = [kind.value for kind in CourseKind]


class NewCourseSchema(Schema):
    code = code_string(required=True)
    title = name_string(required=True)
    occupation = code_string(required=True)
    hours = number_in(Decimal(0), MAX_COURSE_HOURS, low_exclusive=True, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    pass_score = number_in(Decimal(0), Decimal(100), load_default=None, allow_none=True)
    credential_type = code_string(load_default=None, allow_none=True)


class CourseSchema(Schema):
    code = fields.String()
    title = fields.String()
    occupation = fields.String()
    hours = two_places()
    kind = fields.String()
    pass_score = two_places(allow_none=True)
    credential_type = fields.String(allow_none=True)


class CourseChangeSchema(Schema):
    title = name_string()
    occupation = code_string()
    hours = number_in(Decimal(0), MAX_COURSE_HOURS, low_exclusive=True)
    kind = fields.String(validate=validate.OneOf(KINDS))
    pass_score = number_in(Decimal(0), Decimal(100), allow_none=True,
                           metadata={"description": "null removes the pass mark"})
    credential_type = code_string(allow_none=True)


class CourseFilter(PageArgs):
    occupation = code_string()
    kind = fields.String(validate=validate.OneOf(KINDS))


@blp.route("/courses")
class CoursesResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(NewCourseSchema)
    @blp.response(201, CourseSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def post(self, body):
        """Add a course to the catalogue [trainer]."""
        with runtime.uow() as uow:
            course = catalogue.create_course(uow, body)
            uow.commit()
        return course

    @blp.arguments(CourseFilter, location="query")
    @blp.response(200, page_of(CourseSchema))
    def get(self, args):
        """List courses, by occupation and kind [any]."""
        with runtime.uow() as uow:
            found, total = catalogue.list_courses(uow, args.get("occupation"), args.get("kind"), args["page"],
                                                  args["per_page"])
        return paged(found, args["page"], args["per_page"], total)


@blp.route("/courses/<code>")
class CourseResource(MethodView):
    @blp.response(200, CourseSchema)
    def get(self, code):
        """One course [any]."""
        checked_path_code(code, "course")
        with runtime.uow() as uow:
            return catalogue.get_course(uow, code)

    @roles_required("trainer")
    @blp.arguments(CourseChangeSchema)
    @blp.response(200, CourseSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def patch(self, changes, code):
        """Change a course's fields, its code excepted [trainer]; attendance already recorded keeps its result."""
        checked_path_code(code, "course")
        with runtime.uow() as uow:
            course = catalogue.change_course(uow, code, changes)
            uow.commit()
        return course
