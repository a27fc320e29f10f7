"""Contests: their details and settings, and the lifecycle draft → open → running → closed → published."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.pagination import PageArgs
from banzu_common.skill_ladder import skill_ladder
from banzu_common.auth import current_principal, roles_required
from banzu_common.occupation_catalogue import INVALID_OR_UNKNOWN_OCCUPATION
from banzu_common.pagination import page_of, paged

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Status
from banzu_competition.entrypoints.api.common import CODE, TEXT, ContestSchema, ReasonInput, contest_view, now
from banzu_competition.service_layer import contests, judges

blp = Blueprint("contests", __name__, description="Skills contests and their lifecycle")
MAX_SCORE = 1_000_000  # beyond any real exam or practical mark; keeps scores within their column


class SegmentInput(Schema):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=TEXT)
    weight = fields.Decimal(required=True, validate=validate.Range(min=0, max=100, min_inclusive=False),
                            metadata={"description": "Percent of the total; the weights add up to 100."})
    max_score = fields.Decimal(required=True, validate=validate.Range(min=0, max=MAX_SCORE, min_inclusive=False))
    method = fields.String(required=True, validate=validate.OneOf(["measurement", "judgement"]))
    max_spread = fields.Decimal(load_default=None, allow_none=True, validate=validate.Range(min=0, max=MAX_SCORE),
                                metadata={"description": "Default: 20 % of max_score."})


class AwardsInput(Schema):
    first = fields.Decimal(validate=validate.Range(min=0, max=1))
    second = fields.Decimal(validate=validate.Range(min=0, max=1))
    third = fields.Decimal(validate=validate.Range(min=0, max=1))
    min_total = fields.Decimal(validate=validate.Range(min=0, max=100))


class PromotionsInput(Schema):
    first = fields.Integer(strict=True, validate=validate.Range(min=0, max=4))
    second = fields.Integer(strict=True, validate=validate.Range(min=0, max=4))
    third = fields.Integer(strict=True, validate=validate.Range(min=0, max=4))
    cap = fields.String(validate=validate.OneOf(skill_ladder().codes))


class ContestInput(Schema):
    name = fields.String(required=True, validate=TEXT)
    occupation = fields.String(required=True, validate=validate.And(validate.Length(max=100), TEXT))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    min_grade = fields.String(allow_none=True, validate=validate.OneOf(skill_ladder().codes))
    required_credentials = fields.List(fields.String(validate=CODE))
    segments = fields.List(fields.Nested(SegmentInput), required=True, metadata={"minItems": 1})
    tie_break = fields.List(fields.String(validate=CODE))
    awards = fields.Nested(AwardsInput)
    promotions = fields.Nested(PromotionsInput)


class ContestFilter(PageArgs):
    status = fields.List(fields.String(validate=validate.OneOf([str(s) for s in Status])), metadata={
        "description": "Only contests in these states (repeat the parameter for several)."})
    assigned = fields.Boolean(metadata={
        "description": "true: only the contests the caller is assigned to as a judge (needs a judge record)."})


class ContestChanges(ContestInput):
    """Any fields of ContestInput; given settings replace the stored ones key by key."""


@blp.route("/contests")
class ContestsResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(ContestInput)
    @blp.response(201, ContestSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def post(self, body):
        """Create a contest in draft [organizer]."""
        principal = current_principal()
        with runtime.uow() as uow:
            contest = contests.create_contest(uow, body, principal.username, now())
            uow.commit()
        return contest_view(contest)

    @blp.arguments(ContestFilter, location="query")
    @blp.response(200, page_of(ContestSchema))
    def get(self, args):
        """List contests, latest first; filtered by state, or to the caller's own as a judge [any]."""
        principal = current_principal()
        with runtime.uow() as uow:
            judge_id = judges.require_judge(uow, principal).id if args.get("assigned") else None
            rows, total = views.contests_page(uow.session, args["page"], args["per_page"], args.get("status"),
                                              judge_id)
        return paged([contest_view(c) for c in rows], args["page"], args["per_page"], total)


@blp.route("/contests/<contest_id>")
class ContestResource(MethodView):
    @blp.response(200, ContestSchema)
    def get(self, contest_id):
        """One contest [any]."""
        with runtime.uow() as uow:
            return contest_view(uow.contests.get(contest_id))

    @roles_required("organizer")
    @blp.arguments(ContestChanges(partial=True))
    @blp.response(200, ContestSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION)
    def patch(self, changes, contest_id):
        """Change details or settings while in draft or open [organizer]."""
        with runtime.uow() as uow:
            contest = contests.change_contest(uow, contest_id, changes)
            uow.commit()
        return contest_view(contest)


def _transition(name: str, command, summary: str) -> None:
    def post(contest_id):
        with runtime.uow() as uow:
            contest = command(uow, contest_id)
            uow.commit()
        return contest_view(contest)

    post.__doc__ = summary
    post.__name__ = f"{name}_contest"
    view = blp.response(200, ContestSchema)(roles_required("organizer")(post))
    blp.route(f"/contests/<contest_id>/{name}", methods=["POST"])(view)


@blp.route("/contests/<contest_id>/cancel")
class CancelResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(ReasonInput)
    @blp.response(200, ContestSchema)
    def post(self, body, contest_id):
        """Cancel a contest in draft, open or running, with a reason; its contestants and judges are told.
        409 invalid_transition otherwise [organizer]."""
        with runtime.uow() as uow:
            contest = contests.cancel(uow, contest_id, body["reason"], now())
            uow.commit()
        return contest_view(contest)


_transition("open", contests.open_registration, "Open registration [organizer].")
_transition("start", contests.start, "Close registration, draw bibs and start scoring; 409 judge_coverage lists "
            "contestants with fewer than 3 judges without a conflict in a judgement segment [organizer].")
_transition("close", contests.close,
            "Close scoring; 409 scoring_incomplete lists missing scores and unresolved spreads [organizer].")
_transition("publish", lambda uow, contest_id: contests.publish(uow, contest_id, date.today()),
            "Compute, store and announce the results [organizer].")
