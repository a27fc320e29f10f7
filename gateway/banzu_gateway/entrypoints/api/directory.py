"""Teams and workers: the directory every other service copies through events."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from banzu_common.auth import current_principal, roles_required, self_or_roles_required
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.text_rules import CODE_FORMAT, NOT_BLANK, ONE_LINE, WholePattern

from banzu_common.leaving import ACTIVE, STATUSES

from banzu_gateway.bootstrap import account_states, runtime
from banzu_common.skill_ladder import skill_ladder
from banzu_gateway.service_layer import directory

blp = Blueprint("directory", __name__, description="Teams and workers")
CODE = WholePattern(r"^[A-Za-z0-9_.-]{1,40}$", error=CODE_FORMAT)
TEXT = validate.And(validate.Length(min=1, max=200), ONE_LINE)
# What a caller who only organizes contests reads of a worker: enough to register contestants and
# declare judges' conflicts, and nothing more personal, whatever else a worker comes to carry.
ORGANIZER_READS = ("employee_no", "name", "team_code", "occupation", "grade", "status", "left_on")


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
    occupation = fields.String(required=True, validate=validate.And(validate.Length(min=1, max=100), ONE_LINE), metadata={
        "description": "the code of an occupation of the catalogue (GET /occupations); another is refused "
                       "(422 on occupation, reason unknown_occupation)"})
    grade = fields.String(required=True, validate=validate.OneOf(skill_ladder().codes))
    status = fields.String(dump_only=True, metadata={"description": "active, or left: the worker left the company "
                                                                    "(POST /workers/{employee_no}/leave)"})
    left_on = fields.Date(dump_only=True, allow_none=True, metadata={"description": "the day they left; null while "
                                                                                    "active"})
    left_reason = fields.String(dump_only=True, allow_none=True, metadata={"description": "why they left (not for "
                                                                                          "organizers)"})


class WorkerChangeSchema(WorkerSchema):
    class Meta:
        exclude = ("employee_no",)


def _not_blank(value: str) -> None:
    # not a pattern: the query's documented pattern is the shared "no NUL" one
    if not value.strip():
        raise ValidationError(NOT_BLANK.error)


class WorkerFilter(PageArgs):
    q = fields.String(validate=[validate.Length(min=1, max=100), _not_blank], metadata={"description": (
        "finds workers whose name contains it, whose employee number begins with it, or whose team code "
        "is it, all ignoring case (leading and trailing spaces are ignored); combines with the other "
        "filters")})
    team = fields.String()
    occupation = fields.String()
    grade = fields.String(validate=validate.OneOf(skill_ladder().codes))
    status = fields.String(load_default=ACTIVE, validate=validate.OneOf((*STATUSES, "all")), metadata={
        "description": "active (default): workers with the company; left: those who left; all: both"})


class LeaveSchema(Schema):
    left_on = fields.Date(required=True, validate=validate.Range(min=date(2000, 1, 1)), metadata={
        "description": "the day they left (or leave today); today at the latest: a planned leave is recorded "
                       "on its day, when its effects begin"})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), ONE_LINE, _not_blank])


class LeftWorkerSchema(WorkerSchema):
    accounts_deactivated = fields.List(fields.String(), metadata={
        "description": "the user names of the sign-in accounts linked to the worker, deactivated now"})
    no_longer_leads = fields.String(allow_none=True, metadata={
        "description": "the team the worker led, which has no leader now; null when they led none"})


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

        Active workers unless `status` asks for those who left (left) or both (all). A caller who is an
        organizer but neither hr nor trainer reads employee_no, name, team_code, occupation, grade, status
        and left_on only."""
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
        """Change a worker's name, team, occupation or grade [hr]; a worker who left: 409 `worker_left`."""
        with runtime.uow() as uow:
            worker = directory.update_worker(uow, employee_no, changes, date.today())
            uow.commit()
        return worker


@blp.route("/workers/<employee_no>/leave")
class WorkerLeaveResource(MethodView):
    @roles_required("hr")
    @blp.arguments(LeaveSchema)
    @blp.response(200, LeftWorkerSchema)
    @blp.alt_response(409, description="The worker already left (reason `already_left`)")
    def post(self, body, employee_no):
        """A worker leaves the company (离职) [hr]: from `left_on` (today at the latest, else 422 on
        left_on) they are in no team's lists, compliance, assessment or matrix; a team they led has no
        leader; every sign-in account linked to them is deactivated; their history stays. Their record
        is then kept as it was (PATCH is 409 `worker_left`)."""
        with runtime.uow() as uow:
            worker = directory.leave(uow, employee_no, body["left_on"], body["reason"], date.today())
            uow.commit()
        for username in worker["accounts_deactivated"]:
            account_states.forget(username)  # refused at once in this process, in the others within seconds
        return worker


def _as_the_caller_may_read(worker: dict) -> dict:
    if current_principal().has("hr", "trainer"):
        return worker
    return {key: worker[key] for key in ORGANIZER_READS}
