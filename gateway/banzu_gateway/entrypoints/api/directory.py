"""Teams and workers: the directory every other service copies through events."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from banzu_common.auth import roles_required, self_or_roles_required
from banzu_common.pagination import PageArgs, page_of, paged

from banzu_gateway.adapters.search import contains_text
from banzu_gateway.adapters.tables import workers
from banzu_gateway.bootstrap import runtime
from banzu_common.skill_ladder import skill_ladder
from banzu_gateway.service_layer import directory

blp = Blueprint("directory", __name__, description="Teams and workers")
CODE = validate.Regexp(r"^[A-Za-z0-9_.-]{1,40}$", error="Use 1-40 letters, digits, '_', '.' or '-'.")
TEXT = validate.Length(min=1, max=200)


class TeamSchema(Schema):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=TEXT)
    company = fields.String(required=True, validate=TEXT)
    workshop = fields.String(load_default=None, allow_none=True, validate=TEXT)
    leader = fields.String(load_default=None, allow_none=True, validate=CODE,
                           metadata={"description": "employee number of a member of the team (班组长), or null"})
    leader_name = fields.String(dump_only=True, allow_none=True)


class TeamChangeSchema(TeamSchema):
    class Meta:
        exclude = ("code", "leader_name")


class WorkerSchema(Schema):
    employee_no = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=TEXT)
    team_code = fields.String(required=True, validate=CODE)
    occupation = fields.String(required=True, validate=validate.Length(min=1, max=100))
    grade = fields.String(required=True, validate=validate.OneOf(skill_ladder().codes))


class WorkerChangeSchema(WorkerSchema):
    class Meta:
        exclude = ("employee_no",)


class WorkerFilter(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=100),
                      metadata={"description": "part of the employee number or the name"})
    team = fields.String()
    occupation = fields.String()
    grade = fields.String(validate=validate.OneOf(skill_ladder().codes))


@blp.route("/teams")
class TeamsResource(MethodView):
    @roles_required("hr")
    @blp.arguments(TeamSchema)
    @blp.response(201, TeamSchema)
    def post(self, body):
        """Create a team [hr]."""
        with runtime.uow() as uow:
            team = directory.create_team(uow, body)
            uow.commit()
        return team

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(TeamSchema))
    def get(self, args):
        """List teams [any]."""
        with runtime.uow() as uow:
            rows, total = directory.list_teams(uow, args["page"], args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)


@blp.route("/teams/<code>")
class TeamResource(MethodView):
    @blp.response(200, TeamSchema)
    def get(self, code):
        """One team [any]."""
        with runtime.uow() as uow:
            return directory.get_team(uow, code)

    @roles_required("hr")
    @blp.arguments(TeamChangeSchema(partial=True))
    @blp.response(200, TeamSchema)
    def patch(self, changes, code):
        """Change a team's name, company, workshop or leader [hr]; the leader must be a member (422)."""
        with runtime.uow() as uow:
            team = directory.update_team(uow, code, changes)
            uow.commit()
        return team


@blp.route("/workers")
class WorkersResource(MethodView):
    @roles_required("hr")
    @blp.arguments(WorkerSchema)
    @blp.response(201, WorkerSchema)
    def post(self, body):
        """Create a worker [hr]."""
        with runtime.uow() as uow:
            worker = directory.create_worker(uow, body, date.today())
            uow.commit()
        return worker

    @roles_required("hr", "trainer", "organizer")
    @blp.arguments(WorkerFilter, location="query")
    @blp.response(200, page_of(WorkerSchema))
    def get(self, args):
        """List workers, filtered by team, occupation and grade, or searched by number or name
        [hr, trainer, organizer]."""
        query = select(workers)
        if args.get("q"):
            query = query.where(contains_text((workers.c.employee_no, workers.c.name), args["q"]))
        for field, column in (("team", workers.c.team_code), ("occupation", workers.c.occupation),
                              ("grade", workers.c.grade)):
            if args.get(field):
                query = query.where(column == args[field])
        with runtime.uow() as uow:
            total = uow.session.scalar(select(func.count()).select_from(query.subquery()))
            rows = uow.session.execute(query.order_by(workers.c.employee_no)
                                       .offset((args["page"] - 1) * args["per_page"]).limit(args["per_page"]))
            return paged([dict(r._mapping) for r in rows], args["page"], args["per_page"], total)


@blp.route("/workers/<employee_no>")
class WorkerResource(MethodView):
    @self_or_roles_required("employee_no", "hr", "trainer", "organizer")
    @blp.response(200, WorkerSchema)
    def get(self, employee_no):
        """One worker [hr, trainer, organizer, or that worker]."""
        with runtime.uow() as uow:
            return directory.get_worker(uow, employee_no)

    @roles_required("hr")
    @blp.arguments(WorkerChangeSchema(partial=True))
    @blp.response(200, WorkerSchema)
    def patch(self, changes, employee_no):
        """Change a worker's name, team, occupation or grade [hr]."""
        with runtime.uow() as uow:
            worker = directory.update_worker(uow, employee_no, changes, date.today())
            uow.commit()
        return worker
