"""Teams and workers: the directory every other service copies through events."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from banzu_common.auth import current_principal, roles_required, self_or_roles_required
from banzu_common.pagination import PageArgs, page_of, paged

from banzu_gateway.bootstrap import runtime
from banzu_common.skill_ladder import skill_ladder
from banzu_gateway.service_layer import directory

blp = Blueprint("directory", __name__, description="Teams and workers")
CODE = validate.Regexp(r"^[A-Za-z0-9_.-]{1,40}$", error="Use 1-40 letters, digits, '_', '.' or '-'.")
TEXT = validate.Length(min=1, max=200)
# What a caller who only organizes contests reads of a worker: enough to register contestants and
# declare judges' conflicts, and nothing more personal, whatever else a worker comes to carry.
ORGANIZER_READS = ("employee_no", "name", "team_code", "occupation", "grade")


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


def _not_blank(value: str) -> None:
    # not a pattern: the query's documented pattern is the shared "no NUL" one
    if not value.strip():
        raise ValidationError("must not be blank")


class WorkerFilter(PageArgs):
    q = fields.String(validate=[validate.Length(min=1, max=100), _not_blank], metadata={"description": (
        "finds workers whose name contains it, whose employee number begins with it, or whose team code "
        "is it, all ignoring case (leading and trailing spaces are ignored); combines with the other "
        "filters")})
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
        """List workers, searched by name, number or team and filtered by team, occupation and grade
        [hr, trainer, organizer].

        A caller who is an organizer but neither hr nor trainer reads employee_no, name, team_code,
        occupation and grade only."""
        with runtime.uow() as uow:
            rows, total = directory.find_workers(uow, args, args["page"], args["per_page"])
        return paged([_as_the_caller_may_read(row) for row in rows], args["page"], args["per_page"], total)


@blp.route("/workers/<employee_no>")
class WorkerResource(MethodView):
    @self_or_roles_required("employee_no", "hr", "trainer", "organizer")
    @blp.response(200, WorkerSchema)
    def get(self, employee_no):
        """One worker [hr, trainer, organizer, or that worker]; an organizer reads what the list shows."""
        with runtime.uow() as uow:
            worker = directory.get_worker(uow, employee_no)
        return worker if current_principal().is_worker(employee_no) else _as_the_caller_may_read(worker)

    @roles_required("hr")
    @blp.arguments(WorkerChangeSchema(partial=True))
    @blp.response(200, WorkerSchema)
    def patch(self, changes, employee_no):
        """Change a worker's name, team, occupation or grade [hr]."""
        with runtime.uow() as uow:
            worker = directory.update_worker(uow, employee_no, changes, date.today())
            uow.commit()
        return worker


def _as_the_caller_may_read(worker: dict) -> dict:
    if current_principal().has("hr", "trainer"):
        return worker
    return {key: worker[key] for key in ORGANIZER_READS}
