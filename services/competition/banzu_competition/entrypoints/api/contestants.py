"""Registration of contestants (eligibility checked against the local directory and credential copies)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.text_rules import ONE_LINE

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api.common import ReasonInput, now
from banzu_competition.service_layer import contests

blp = Blueprint("contestants", __name__, description="Contestants of a contest")


class RegistrationInput(Schema):
    employee_no = fields.String(required=True, validate=validate.And(validate.Length(min=1, max=40), ONE_LINE))


class ContestantSchema(Schema):
    employee_no = fields.String()
    name = fields.String()
    team_code = fields.String()
    bib = fields.Integer(allow_none=True, metadata={"description": "Drawn when the contest starts."})
    status = fields.String(metadata={"description": "registered, withdrawn (before the start) or absent (缺考)."})
    reason = fields.String(allow_none=True, metadata={"description": "Why the contestant was withdrawn or absent."})


def contestant_view(contestant) -> dict:
    return {"employee_no": contestant.employee_no, "name": contestant.name, "team_code": contestant.team_code,
            "bib": contestant.bib, "status": str(contestant.status), "reason": contestant.reason}


@blp.route("/contests/<contest_id>/contestants")
class ContestantsResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(RegistrationInput)
    @blp.response(201, ContestantSchema)
    def post(self, body, contest_id):
        """Register a worker (again, after a withdrawal); 409 with reason unknown_worker, worker_left (they left
        the company), wrong_occupation, grade_too_low, credential_missing, credential_invalid, already_registered or registration_closed
        [organizer]."""
        with runtime.uow() as uow:
            contestant = contests.register(uow, contest_id, body["employee_no"], now())
            uow.commit()
        return contestant_view(contestant)

    @roles_required("organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(ContestantSchema))
    def get(self, args, contest_id):
        """The contestants with their bibs once drawn [organizer]."""
        with runtime.uow() as uow:
            contest = uow.contests.get(contest_id)
            rows, total = views.contestants_page(uow.session, contest.id, args["page"], args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)


@blp.route("/contests/<contest_id>/contestants/<employee_no>/withdraw")
class WithdrawContestantResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(ReasonInput)
    @blp.response(200, ContestantSchema)
    def post(self, body, contest_id, employee_no):
        """Withdraw a contestant with a reason: while open the registration ends (withdrawn); while running the
        contestant is absent (缺考: not ranked, wins nothing, blocks nothing). 409 contestant_locked otherwise
        [organizer]."""
        with runtime.uow() as uow:
            contestant = contests.withdraw_contestant(uow, contest_id, employee_no, body["reason"], now())
            uow.commit()
        return contestant_view(contestant)
