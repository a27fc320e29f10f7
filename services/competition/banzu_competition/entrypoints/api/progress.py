"""Scoring progress: per judge and segment, the bibs scored and signed off; for the organizer also judges'
coverage (before the start too) and what still stands in the way of closing, listed as a refused close lists it,
each flagged spread with every judge's score."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import current_principal, roles_required

from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Contest, Judge, JudgeProgress, Status
from banzu_competition.entrypoints.api.common import decimal_string
from banzu_competition.service_layer import contests, judges

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
    withdrawn_at = fields.DateTime(allow_none=True, metadata={
        "description": "Set when the judge was withdrawn from the segment: their scores there no longer count."})
    reason = fields.String(allow_none=True, metadata={"description": "Why the judge was withdrawn."})


class UncoveredSchema(Schema):
    segment = fields.String()
    employee_no = fields.String()
    name = fields.String()
    bib = fields.Integer(allow_none=True)
    available = fields.Integer(metadata={"description": "Assigned judges without a conflict (3 are needed)."})


class FlagScoreSchema(Schema):
    judge_id = fields.String(allow_none=True)
    judge = fields.String(allow_none=True, metadata={"description": "The judge's name."})
    score = decimal_string()


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
    spread = decimal_string()
    scores = fields.List(fields.Nested(FlagScoreSchema), metadata={"description": "Every counting score."})


class ProgressSchema(Schema):
    contest_id = fields.String()
    status = fields.String()
    judges = fields.List(fields.Nested(JudgeProgressSchema), metadata={
        "description": "The organizer: every assigned judge, per segment. A judge: their own rows."})
    missing = fields.List(fields.Nested(GapSchema), metadata={
        "description": "Organizer only: scores still missing, as a refused close lists them."})
    flags = fields.List(fields.Nested(WaitingSpreadSchema), metadata={
        "description": "Organizer only: spreads waiting for review, as a refused close lists them."})
    uncovered = fields.List(fields.Nested(UncoveredSchema), metadata={
        "description": "Organizer only, in draft, open and running: contestants with fewer than 3 assigned judges "
                       "without a conflict in a judgement segment (starting is refused while any are listed)."})


@blp.route("/contests/<contest_id>/progress")
class ProgressResource(MethodView):
    @roles_required("judge", "organizer")
    @blp.response(200, ProgressSchema)
    def get(self, contest_id):
        """Scores entered and sign-offs per judge and segment [organizer: all judges, coverage and what blocks
        closing; judge: their own, bibs only]."""
        principal = current_principal()
        with runtime.uow() as uow:
            judge = None if principal.has("organizer") else judges.require_judge(uow, principal)
            contest = uow.contests.get(contest_id)
            uow.contests.load_contestants(contest)
            uow.contests.load_cards(contest)
            if judge is not None:
                return {"contest_id": contest.id, "status": str(contest.status),
                        "judges": _rows(contest, [judge])}
            judged = set(contest.assignments) | {judge_id for judge_id, _ in contest.withdrawals}
            everyone = uow.judges.by_ids(judged)
            missing, flags = contest.scoring_gaps() if contest.status == Status.RUNNING else ([], [])
            for flag in flags:
                for score in flag["scores"]:
                    named = everyone.get(score["judge_id"])
                    score["judge"] = named.name if named else None
            return {"contest_id": contest.id, "status": str(contest.status),
                    "judges": _rows(contest, sorted(everyone.values(), key=lambda j: (j.name, j.id))),
                    "missing": missing, "flags": flags, "uncovered": contests.coverage(uow, contest)}


def _rows(contest: Contest, shown: list[Judge]) -> list[dict]:
    """Per judge, their segments in the contest's order: those they score, and those they were withdrawn from."""
    rows = []
    for judge in shown:
        scoring = {progress.segment: progress for progress in contest.progress_of(judge)}
        for segment in contest.settings.segments:
            if segment.code in scoring:
                rows.append(_row(contest, judge, scoring[segment.code]))
            elif (judge.id, segment.code) in contest.withdrawals:
                withdrawal = contest.withdrawals[(judge.id, segment.code)]
                rows.append({**_identity(judge), "segment": segment.code, "method": str(segment.method),
                             "to_score": 0, "scored": 0, "missing": [], "flagged": [], "signed_off_at": None,
                             "withdrawn_at": withdrawal.at, "reason": withdrawal.reason})
    return rows


def _identity(judge: Judge) -> dict:
    return {"judge_id": judge.id, "judge_name": judge.name, "organization": judge.organization,
            "username": judge.username}


def _row(contest: Contest, judge: Judge, progress: JudgeProgress) -> dict:
    return {**_identity(judge), "segment": progress.segment,
            "method": str(contest.settings.segment(progress.segment).method), "to_score": len(progress.bibs),
            "scored": len(progress.scored), "missing": list(progress.missing), "flagged": list(progress.flagged),
            "signed_off_at": progress.signed_off_at, "withdrawn_at": None, "reason": None}
