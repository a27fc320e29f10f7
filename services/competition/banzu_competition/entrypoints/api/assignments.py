"""Judges' assignments: the organizer assigns judges to segments (stand-ins while running) and withdraws them;
a judge reads the bibs to score."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import current_principal, roles_required
from banzu_common.pagination import PageArgs, slice_page
from banzu_common.text_rules import ONE_LINE

from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api.common import CODE, ReasonInput, now
from banzu_competition.service_layer import contests, judges

blp = Blueprint("assignments", __name__, description="Judges' assignments to segments")


class AssignmentInput(Schema):
    judge_id = fields.String(required=True, validate=validate.And(validate.Length(min=1, max=64), ONE_LINE))
    segments = fields.List(fields.String(validate=CODE), required=True)


class WithdrawalInput(ReasonInput):
    segment = fields.String(required=True, validate=CODE)


class WithdrawalSchema(Schema):
    contest_id = fields.String()
    judge_id = fields.String()
    segment = fields.String()
    reason = fields.String()
    withdrawn_at = fields.DateTime()


class WithdrawnSegmentSchema(Schema):
    segment = fields.String()
    reason = fields.String()
    withdrawn_at = fields.DateTime()


class AssignmentSchema(Schema):
    contest_id = fields.String()
    judge_id = fields.String()
    judge_name = fields.String()
    organization = fields.String()
    username = fields.String(allow_none=True, metadata={"description": "The judge's user account."})
    segments = fields.List(fields.String(), metadata={"description": "The segments the judge scores."})
    withdrawn = fields.List(fields.Nested(WithdrawnSegmentSchema), metadata={
        "description": "Organizer view: the segments the judge was withdrawn from while running."})


class TaskSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()


class BibSchema(Schema):
    bib = fields.Integer()
    employee_no = fields.String()


class AssignmentsPage(Schema):
    items = fields.List(fields.Dict(), metadata={
        "description": "A judge: their [{segment, bib}] to score. The organizer: every assignment."})
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    bibs = fields.List(fields.Nested(BibSchema), metadata={"description": "Organizer only: bib ↔ employee_no."})


@blp.route("/contests/<contest_id>/judges")
class ContestJudgesResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(AssignmentInput)
    @blp.response(201, AssignmentSchema)
    def post(self, body, contest_id):
        """Assign a judge to segments: in draft or open replacing their earlier assignment; while running
        adding the segments (a stand-in; 409 judge_withdrawn for a segment they were withdrawn from) [organizer]."""
        with runtime.uow() as uow:
            judge, codes = contests.assign_judge(uow, contest_id, body["judge_id"], body["segments"], now())
            uow.commit()
        return {"contest_id": contest_id, "judge_id": judge.id, "judge_name": judge.name,
                "organization": judge.organization, "username": judge.username, "segments": sorted(codes),
                "withdrawn": []}


@blp.route("/contests/<contest_id>/judges/<judge_id>/withdraw")
class WithdrawJudgeResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(WithdrawalInput)
    @blp.response(200, WithdrawalSchema)
    def post(self, body, contest_id, judge_id):
        """Withdraw a judge from a segment with a reason. While running their scores there stop counting (kept,
        marked withdrawn) and the judge is told; in draft or open the assignment ends. 409 not_assigned [organizer]."""
        principal = current_principal()
        with runtime.uow() as uow:
            withdrawal = contests.withdraw_judge(uow, contest_id, judge_id, body["segment"], body["reason"],
                                                 principal.username, now())
            uow.commit()
        return {"contest_id": contest_id, "judge_id": judge_id, "segment": body["segment"],
                "reason": withdrawal.reason, "withdrawn_at": withdrawal.at}


@blp.route("/contests/<contest_id>/assignments")
class AssignmentsResource(MethodView):
    @roles_required("judge", "organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, AssignmentsPage)
    def get(self, args, contest_id):
        """A judge: the (segment, bib) pairs to score, conflicted contestants left out [judge].
        The organizer: every assignment and the bib ↔ employee_no map [organizer]."""
        principal = current_principal()
        with runtime.uow() as uow:
            if principal.has("organizer"):
                return _organizer_view(uow, contest_id, args)
            judge = judges.require_judge(uow, principal)
            contest = uow.contests.get(contest_id)
            uow.contests.load_contestants(contest)
            tasks = [{"segment": task.segment, "bib": task.bib} for task in contest.tasks_for(judge)]
        return slice_page(tasks, args)


def _organizer_view(uow, contest_id: str, args: dict) -> dict:
    contest = uow.contests.get(contest_id)
    uow.contests.load_contestants(contest)
    withdrawn: dict[str, list[dict]] = {}
    for (judge_id, code), withdrawal in sorted(contest.withdrawals.items()):
        withdrawn.setdefault(judge_id, []).append(
            # The organizer's items are plain dicts to the schema: the instant goes as ISO 8601 text.
            {"segment": code, "reason": withdrawal.reason, "withdrawn_at": withdrawal.at.isoformat()})
    by_id = uow.judges.by_ids(set(contest.assignments) | set(withdrawn))
    rows = sorted(
        ({"contest_id": contest.id, "judge_id": judge_id, "judge_name": judge.name,
          "organization": judge.organization, "username": judge.username,
          "segments": sorted(contest.assignments.get(judge_id, ())), "withdrawn": withdrawn.get(judge_id, [])}
         for judge_id, judge in by_id.items()),
        key=lambda row: (row["judge_name"], row["judge_id"]))
    bibs = [{"bib": bib, "employee_no": employee_no} for bib, employee_no in sorted(contest.bib_map().items())]
    return {**slice_page(rows, args), "bibs": bibs}
