"""Published results: ranks, totals, prizes and promotions."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.errors import Conflict
from banzu_common.openapi_document import also_sent_as
from banzu_common.pagination import PageArgs, paged, slice_page
from banzu_common.skill_ladder import LANGUAGES

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Contestant, ResultRow, Status
from banzu_competition.entrypoints.api import result_files
from banzu_competition.entrypoints.api.common import ContestSchema, contest_view, decimal_string, decimal_text
from banzu_competition.service_layer import contests

blp = Blueprint("results", __name__, description="Published results, and the organizer's preview before")
FILE_ROWS = 100_000  # every result of any real contest, in one file


class ResultArgs(PageArgs):
    format = fields.String(validate=validate.OneOf(["json", "csv", "xlsx"]), metadata={
        "description": "json (default); csv or xlsx: every result as a file"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "labels and words in zh or en. A CSV without lang is for machines (codes); xlsx "
                       "defaults to zh"})


class ContestPromotionSchema(Schema):
    from_grade = fields.String()
    to_grade = fields.String()


class ResultSchema(Schema):
    rank = fields.Integer(allow_none=True, metadata={"description": "None for an absent contestant."})
    employee_no = fields.String()
    name = fields.String()
    team_code = fields.String()
    total = decimal_string(allow_none=True)
    bib = fields.Integer(allow_none=True)
    segments = fields.Dict(keys=fields.String(), values=fields.String())
    prize = fields.String(allow_none=True)
    promotion = fields.Nested(ContestPromotionSchema, allow_none=True)
    promotion_withheld = fields.String(allow_none=True, metadata={
        "description": "at_cap: the prize promotes, but the winner is at or above the contest's cap already."})
    status = fields.String(metadata={
        "description": "ranked; absent (缺考: listed after the ranked, without rank); in a preview also "
                       "incomplete (a segment's score is still missing)."})


class ResultsPage(Schema):
    contest = fields.Nested(ContestSchema)
    final = fields.Boolean(metadata={"description": "false for the organizer's preview before publication."})
    items = fields.List(fields.Nested(ResultSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


@blp.route("/contests/<contest_id>/results")
class ResultsResource(MethodView):
    @blp.arguments(ResultArgs, location="query")
    @blp.response(200, ResultsPage)
    @also_sent_as(blp, "text/csv", result_files.XLSX, description="`format=csv` or `xlsx`: every result as a file")
    def get(self, args, contest_id):
        """The results once published: ranked best first, then absent contestants [any]."""
        file_format = args.get("format") or "json"
        page, per_page = (1, FILE_ROWS) if file_format != "json" else (args["page"], args["per_page"])
        with runtime.uow() as uow:
            contest = uow.contests.get(contest_id)
            if contest.status != Status.PUBLISHED:
                raise Conflict("not_published", "The results of this contest are not published yet.")
            rows, total = views.results_page(uow.session, contest.id, page, per_page)
        items, shown = [_result(row) for row in rows], contest_view(contest)
        if file_format == "csv":
            return result_files.csv_response(shown, items, args.get("lang"))
        if file_format == "xlsx":
            return result_files.xlsx_response(shown, items, args.get("lang") or "zh")
        return {"contest": shown, "final": True, **paged(items, page, per_page, total)}


@blp.route("/contests/<contest_id>/results/preview")
class PreviewResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ResultsPage)
    def get(self, args, contest_id):
        """The ranking the scores entered so far give, NOT final: for the organizer while running or closed
        (409 no_preview otherwise). Contestants still missing a segment's score come after, as incomplete
        [organizer]."""
        with runtime.uow() as uow:
            contest, ranked, incomplete = contests.preview(uow, contest_id)
        items = [_ranked(row, contest.contestants[row.employee_no].name) for row in ranked]
        items += [_unranked(contestant, "incomplete") for contestant in incomplete]
        items += [_unranked(contestant, "absent") for contestant in contest.absentees()]
        return {"contest": contest_view(contest), "final": False, **slice_page(items, args)}


def _result(row: dict) -> dict:
    promotion = None if row["to_grade"] is None else {"from_grade": row["from_grade"], "to_grade": row["to_grade"]}
    return {"rank": row["rank"], "employee_no": row["employee_no"], "name": row["name"],
            "team_code": row["team_code"], "total": decimal_text(row["total"]), "bib": row["bib"],
            "segments": row["segments"], "prize": row["prize"], "promotion": promotion,
            "promotion_withheld": row["promotion_withheld"], "status": row["status"]}


def _ranked(row: ResultRow, name: str) -> dict:
    return {"rank": row.rank, "employee_no": row.employee_no, "name": name, "team_code": row.team_code,
            "total": decimal_text(row.total), "bib": row.bib,
            "segments": {code: str(percent) for code, percent in row.segments.items()},
            "prize": None if row.prize is None else str(row.prize),
            "promotion": None if row.promotion is None else row.promotion._asdict(),
            "promotion_withheld": row.promotion_withheld, "status": "ranked"}


def _unranked(contestant: Contestant, status: str) -> dict:
    return {"rank": None, "employee_no": contestant.employee_no, "name": contestant.name,
            "team_code": contestant.team_code, "total": None, "bib": contestant.bib, "segments": {}, "prize": None,
            "promotion": None, "promotion_withheld": None, "status": status}
