"""Blind scoring by bib: entering scores, signing off a segment, accepting a flagged spread, reading scores."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.pagination import PageArgs
from banzu_common.auth import current_principal, roles_required
from banzu_common.pagination import page_of, paged

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api.common import (CODE, REASON, SCORE_PLACES, ExactNumber, ReasonInput,
                                                     decimal_string, decimal_text, now)
from banzu_competition.service_layer import judges, scoring

blp = Blueprint("scores", __name__, description="Scores, sign-offs and spread reviews")


class ScoreInput(Schema):
    score = ExactNumber(required=True, metadata={
        "description": "0 ≤ score ≤ the segment's max_score, at most 4 decimals (a decimal string is also read).",
        "type": "number", "minimum": 0, "multipleOf": 10 ** -SCORE_PLACES})
    reason = fields.String(load_default=None, allow_none=True, validate=REASON, metadata={
        "description": "Required (not blank) when changing a saved score; the first score needs none."})


class ScoreSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()
    judge_id = fields.String(allow_none=True, metadata={"description": "None: entered by the organizer."})
    score = decimal_string()
    entered_at = fields.DateTime()
    employee_no = fields.String(metadata={"description": "Organizer only."})
    entered_by = fields.String(metadata={"description": "Organizer only."})
    flag = fields.String(allow_none=True, metadata={"description": "Organizer only: needs_review, resolved, accepted."})
    withdrawn = fields.Boolean(metadata={"description": "Its judge was withdrawn from the segment: it no longer "
                                                        "counts."})


class SignOffSchema(Schema):
    segment = fields.String()
    judge_id = fields.String()
    signed_off_at = fields.DateTime()


class FlagSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()
    spread = decimal_string()
    status = fields.String()
    reason = fields.String()
    resolved_by = fields.String()
    resolved_at = fields.DateTime()


class ScoreFilter(PageArgs):
    segment = fields.String(validate=CODE)


@blp.route("/contests/<contest_id>/scores/<segment>/<int:bib>")
class ScoreResource(MethodView):
    @roles_required("judge", "organizer")
    @blp.arguments(ScoreInput)
    @blp.response(200, ScoreSchema)
    def put(self, body, contest_id, segment, bib):
        """Create or change one's own score; 403 conflict_of_interest or not_assigned, 409 when locked or not
        running [judge; organizer too on measurement segments]."""
        principal = current_principal()
        with runtime.uow() as uow:
            score = scoring.enter_score(uow, principal, contest_id, segment, bib, body["score"], body["reason"],
                                        now())
            uow.commit()
        return {"segment": score.segment, "bib": score.bib, "judge_id": score.judge_id,
                "score": decimal_text(score.value), "entered_at": score.entered_at}


@blp.route("/contests/<contest_id>/scores/<segment>/<int:bib>/accept-spread")
class AcceptSpreadResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(ReasonInput)
    @blp.response(200, FlagSchema)
    def post(self, body, contest_id, segment, bib):
        """Accept a flagged spread with a written reason [organizer]."""
        principal = current_principal()
        with runtime.uow() as uow:
            flag = scoring.accept_spread(uow, principal, contest_id, segment, bib, body["reason"], now())
            uow.commit()
        return {"segment": segment, "bib": bib, "spread": decimal_text(flag.spread), "status": str(flag.status),
                "reason": flag.reason, "resolved_by": flag.resolved_by, "resolved_at": flag.resolved_at}


@blp.route("/contests/<contest_id>/segments/<segment>/signoff")
class SignOffResource(MethodView):
    @roles_required("judge")
    @blp.response(200, SignOffSchema)
    def post(self, contest_id, segment):
        """Sign off a segment: the judge's scores in it are locked [judge]."""
        principal = current_principal()
        with runtime.uow() as uow:
            judge_id, signed_at = scoring.sign_off(uow, principal, contest_id, segment, now())
            uow.commit()
        return {"segment": segment, "judge_id": judge_id, "signed_off_at": signed_at}


@blp.route("/contests/<contest_id>/scores")
class ScoresResource(MethodView):
    @roles_required("judge", "organizer")
    @blp.arguments(ScoreFilter, location="query")
    @blp.response(200, page_of(ScoreSchema))
    def get(self, args, contest_id):
        """Every score [organizer]; a judge's own until scoring closes, then all, by bib only [judge]."""
        principal = current_principal()
        with runtime.uow() as uow:
            judge = None if principal.has("organizer") else judges.require_judge(uow, principal)
            contest = uow.contests.get(contest_id)
            only = judge.id if contest.is_blind_for(judge) else None
            rows, total = views.scores_page(uow.session, contest.id, args.get("segment"), only, args["page"],
                                            args["per_page"])
        return paged([_score_row(row, organizer=judge is None) for row in rows], args["page"], args["per_page"],
                     total)


def _score_row(row: dict, organizer: bool) -> dict:
    shown = {"segment": row["segment"], "bib": row["bib"], "judge_id": row["judge_id"],
             "score": decimal_text(row["value"]), "entered_at": row["entered_at"], "withdrawn": row["withdrawn"]}
    if organizer:
        shown.update(employee_no=row["employee_no"], entered_by=row["entered_by"], flag=row["flag"])
    return shown
