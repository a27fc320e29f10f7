"""Published results: ranks, totals, prizes and promotions."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.errors import Conflict
from banzu_common.pagination import PageArgs, paged

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Status
from banzu_competition.entrypoints.api.common import ContestSchema, contest_view, decimal_string, decimal_text

blp = Blueprint("results", __name__, description="Published results")


class ContestPromotionSchema(Schema):
    from_grade = fields.String()
    to_grade = fields.String()


class ResultSchema(Schema):
    rank = fields.Integer()
    employee_no = fields.String()
    name = fields.String()
    team_code = fields.String()
    total = decimal_string()
    bib = fields.Integer(allow_none=True)
    segments = fields.Dict(keys=fields.String(), values=fields.String())
    prize = fields.String(allow_none=True)
    promotion = fields.Nested(ContestPromotionSchema, allow_none=True)


class ResultsPage(Schema):
    contest = fields.Nested(ContestSchema)
    items = fields.List(fields.Nested(ResultSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


@blp.route("/contests/<contest_id>/results")
class ResultsResource(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ResultsPage)
    def get(self, args, contest_id):
        """The results, best first, once published [any]."""
        with runtime.uow() as uow:
            contest = uow.contests.get(contest_id)
            if contest.status != Status.PUBLISHED:
                raise Conflict("not_published", "The results of this contest are not published yet.")
            rows, total = views.results_page(uow.session, contest.id, args["page"], args["per_page"])
        items = [_result(row) for row in rows]
        return {"contest": contest_view(contest), **paged(items, args["page"], args["per_page"], total)}


def _result(row: dict) -> dict:
    promotion = None if row["to_grade"] is None else {"from_grade": row["from_grade"], "to_grade": row["to_grade"]}
    return {"rank": row["rank"], "employee_no": row["employee_no"], "name": row["name"],
            "team_code": row["team_code"], "total": decimal_text(row["total"]), "bib": row["bib"],
            "segments": row["segments"], "prize": row["prize"], "promotion": promotion}
