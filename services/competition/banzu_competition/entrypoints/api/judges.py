"""Third-party judges."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.pagination import PageArgs
from banzu_common.auth import roles_required
from banzu_common.pagination import page_of, paged
from banzu_common.text_rules import ONE_LINE

from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Judge
from banzu_competition.entrypoints.api.common import CODE, TEXT, now
from banzu_competition.service_layer import judges

blp = Blueprint("judges", __name__, description="Third-party judges")


class ConflictsSchema(Schema):
    teams = fields.List(fields.String(validate=CODE), load_default=list)
    workers = fields.List(fields.String(validate=CODE), load_default=list)


class JudgeInput(Schema):
    name = fields.String(required=True, validate=TEXT)
    organization = fields.String(required=True, validate=TEXT)
    username = fields.String(load_default=None, allow_none=True,
                             validate=validate.And(validate.Length(min=1, max=80), ONE_LINE),
                             metadata={"description": "The user account that scores as this judge."})
    conflicts = fields.Nested(ConflictsSchema, load_default=None, allow_none=True)


class JudgeSchema(Schema):
    id = fields.String()
    name = fields.String()
    organization = fields.String()
    username = fields.String(allow_none=True)
    conflicts = fields.Nested(ConflictsSchema)


def judge_view(judge: Judge) -> dict:
    return {"id": judge.id, "name": judge.name, "organization": judge.organization, "username": judge.username,
            "conflicts": {"teams": sorted(judge.conflict_teams), "workers": sorted(judge.conflict_workers)}}


@blp.route("/judges")
class JudgesResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(JudgeInput)
    @blp.response(201, JudgeSchema)
    def post(self, body):
        """Register a judge [organizer]."""
        with runtime.uow() as uow:
            judge = judges.create_judge(uow, body, now())
            uow.commit()
        return judge_view(judge)

    @roles_required("organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(JudgeSchema))
    def get(self, args):
        """List judges [organizer]."""
        with runtime.uow() as uow:
            rows, total = uow.judges.page(args["page"], args["per_page"])
        return paged([judge_view(judge) for judge in rows], args["page"], args["per_page"], total)
