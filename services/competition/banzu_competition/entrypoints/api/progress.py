"""Scoring progress: per judge and segment, the bibs scored and signed off; for the organizer also what
still stands in the way of closing, listed as a refused close lists it."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import current_principal, roles_required

from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Contest, Judge, JudgeProgress
from banzu_competition.service_layer import judges

blp = Blueprint("progress", __name__, description="Scoring progress per judge and segment")


class JudgeProgressSchema(Schema):
    judge_id = fields.String()
    judge_name = fields.String()
    organization = fields.String()
    username = fields.String(allow_none=True, metadata={"description": "The judge's user account."})
    segment = fields.String()
    method = fields.String()
    to_score = fields.Integer(metadata={"description": "Bibs this judge scores (conflicts left out)."})
    scored = fields.Integer()
    missing = fields.List(fields.Integer(), metadata={"description": "Bibs not scored yet."})
    flagged = fields.List(fields.Integer(), metadata={"description": "Bibs whose spread waits for review."})
    signed_off_at = fields.DateTime(allow_none=True)


class GapSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()
    employee_no = fields.String()
    scores = fields.Integer()
    needed = fields.Integer()


class WaitingSpreadSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()
    employee_no = fields.String()
    spread = fields.String()


class ProgressSchema(Schema):
    contest_id = fields.String()
    status = fields.String()
    judges = fields.List(fields.Nested(JudgeProgressSchema), metadata={
        "description": "The organizer: every assigned judge, per segment. A judge: their own rows."})
    missing = fields.List(fields.Nested(GapSchema), metadata={
        "description": "Organizer only: scores still missing, as a refused close lists them."})
    flags = fields.List(fields.Nested(WaitingSpreadSchema), metadata={
        "description": "Organizer only: spreads waiting for review, as a refused close lists them."})


@blp.route("/contests/<contest_id>/progress")
class ProgressResource(MethodView):
    @roles_required("judge", "organizer")
    @blp.response(200, ProgressSchema)
    def get(self, contest_id):
        """Scores entered and sign-offs per judge and segment [organizer: all judges and what blocks closing;
        judge: their own, bibs only]."""
        principal = current_principal()
        with runtime.uow() as uow:
            judge = None if principal.has("organizer") else judges.require_judge(uow, principal)
            contest = uow.contests.get(contest_id)
            uow.contests.load_contestants(contest)
            uow.contests.load_cards(contest)
            if judge is not None:
                return {"contest_id": contest.id, "status": str(contest.status),
                        "judges": _rows(contest, [judge])}
            assigned = sorted(uow.judges.by_ids(contest.assignments).values(), key=lambda j: (j.name, j.id))
            missing, flags = contest.scoring_gaps()
            return {"contest_id": contest.id, "status": str(contest.status), "judges": _rows(contest, assigned),
                    "missing": missing, "flags": flags}


def _rows(contest: Contest, assigned: list[Judge]) -> list[dict]:
    return [_row(contest, judge, progress) for judge in assigned for progress in contest.progress_of(judge)]


def _row(contest: Contest, judge: Judge, progress: JudgeProgress) -> dict:
    return {"judge_id": judge.id, "judge_name": judge.name, "organization": judge.organization,
            "username": judge.username, "segment": progress.segment,
            "method": str(contest.settings.segment(progress.segment).method), "to_score": len(progress.bibs),
            "scored": len(progress.scored), "missing": list(progress.missing), "flagged": list(progress.flagged),
            "signed_off_at": progress.signed_off_at}
