"""Mentorships (师带徒) and their evaluations."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import current_principal, roles_required
from banzu_common.errors import Forbidden
from banzu_common.occupation_catalogue import INVALID_OR_UNKNOWN_OCCUPATION
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.skill_ladder import skill_ladder

from banzu_training.bootstrap import runtime
from banzu_training.domain import Mentorship, MentorshipStatus
from banzu_training.entrypoints.api.common import NOTE, code_string, count_in
from banzu_training.service_layer import mentorships

blp = Blueprint("mentorships", __name__, description="Mentorships")
DAYS = validate.Range(min=date(1900, 1, 1), max=date(9000, 12, 31))


class NewMentorshipSchema(Schema):
    mentor = code_string(required=True, metadata={"description": "The mentor's employee number."})
    apprentice = code_string(required=True, metadata={"description": "The apprentice's employee number."})
    occupation = code_string(required=True)
    goal_grade = fields.String(required=True, validate=validate.OneOf(skill_ladder().codes))
    starts_on = fields.Date(required=True, validate=DAYS)
    ends_on = fields.Date(required=True, validate=DAYS,
                          metadata={"description": "3 to 12 months after starts_on (last day or anniversary)."})


class EvaluationSchema(Schema):
    on = fields.Date(required=True, validate=DAYS)
    rating = count_in(1, 5, required=True)
    note = fields.String(load_default="", validate=NOTE)


class MentorshipSchema(Schema):
    id = fields.Integer()
    mentor = fields.String()
    apprentice = fields.String()
    occupation = fields.String()
    goal_grade = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    mentor_name = fields.String(allow_none=True, metadata={"description": "from the directory"})
    apprentice_name = fields.String(allow_none=True, metadata={"description": "from the directory"})
    status = fields.String(metadata={"description": "active, achieved or lapsed (as of `as_of`)"})
    achieved_on = fields.Date(allow_none=True)
    evaluations = fields.List(fields.Nested(EvaluationSchema))


class AsOfArgs(Schema):
    as_of = fields.Date(load_default=None, validate=DAYS, metadata={"description": "Default: today."})


class MentorshipFilter(PageArgs, AsOfArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in MentorshipStatus]))
    employee_no = code_string(metadata={"description": "mentorships this worker takes part in, as mentor or "
                                                       "apprentice; a worker always sees only their own"})


def _mentorship(mentorship_id: int, m: Mentorship, today: date, names: dict[str, str]) -> dict:
    return {"id": mentorship_id, "mentor": m.mentor, "apprentice": m.apprentice, "mentor_name": names.get(m.mentor),
            "apprentice_name": names.get(m.apprentice), "occupation": m.occupation,
            "goal_grade": m.goal_grade.code, "starts_on": m.starts_on, "ends_on": m.ends_on,
            "status": m.status_on(today).value, "achieved_on": m.achieved_on, "evaluations": m.evaluations}


@blp.route("/mentorships")
class MentorshipsResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(NewMentorshipSchema)
    @blp.response(201, MentorshipSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def post(self, body):
        """Start a mentorship of 3 to 12 months [trainer]."""
        with runtime.uow() as uow:
            mentorship_id, mentorship = mentorships.create(uow, body)
            names = uow.workers.names([mentorship.mentor, mentorship.apprentice])
            uow.commit()
        return _mentorship(mentorship_id, mentorship, date.today(), names)

    @blp.arguments(MentorshipFilter, location="query")
    @blp.response(200, page_of(MentorshipSchema))
    def get(self, args):
        """Mentorships by status (as of `as_of`) and by a worker taking part, the latest start first [trainer, hr;
        a worker sees those they take part in]."""
        principal = current_principal()
        employee_no = args.get("employee_no")
        if not principal.has("trainer", "hr"):
            if not principal.employee_no or employee_no not in (None, principal.employee_no):
                raise Forbidden("forbidden", "You may only see your own mentorships.")
            employee_no = principal.employee_no
        today = args["as_of"] or date.today()
        with runtime.uow() as uow:
            found, total = mentorships.list_mentorships(uow, args.get("status"), employee_no, today, args["page"],
                                                        args["per_page"])
            names = uow.workers.names({no for m in found.values() for no in (m.mentor, m.apprentice)})
        return paged([_mentorship(mentorship_id, m, today, names) for mentorship_id, m in found.items()],
                     args["page"], args["per_page"], total)


@blp.route("/mentorships/<int:mentorship_id>")
class MentorshipResource(MethodView):
    @blp.arguments(AsOfArgs, location="query")
    @blp.response(200, MentorshipSchema)
    def get(self, args, mentorship_id):
        """One mentorship with its evaluations [trainer, hr, or its mentor or apprentice]."""
        principal = current_principal()
        with runtime.uow() as uow:
            mentorship = mentorships.get(uow, mentorship_id)
            names = uow.workers.names([mentorship.mentor, mentorship.apprentice])
        if not (principal.has("trainer", "hr") or principal.employee_no in (mentorship.mentor, mentorship.apprentice)):
            raise Forbidden("forbidden", "You may only see your own mentorships.")
        return _mentorship(mentorship_id, mentorship, args["as_of"] or date.today(), names)


@blp.route("/mentorships/<int:mentorship_id>/evaluations")
class EvaluationsResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(EvaluationSchema)
    @blp.response(201, EvaluationSchema)
    def post(self, body, mentorship_id):
        """Add a dated evaluation within the period [trainer]."""
        with runtime.uow() as uow:
            evaluation = mentorships.evaluate(uow, mentorship_id, body["on"], body["rating"], body["note"])
            uow.commit()
        return evaluation
