"""A worker's results across published contests (for the worker profile and the worker themself)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import self_or_roles_required
from banzu_common.pagination import PageArgs, page_of, paged

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api.common import decimal_string, decimal_text
from banzu_competition.entrypoints.api.results import ContestPromotionSchema

blp = Blueprint("worker-results", __name__, description="A worker's contest results")


class WorkerResultSchema(Schema):
    contest_id = fields.String()
    contest_name = fields.String()
    occupation = fields.String()
    published_on = fields.Date()
    rank = fields.Integer()
    total = decimal_string()
    prize = fields.String(allow_none=True)
    promotion = fields.Nested(ContestPromotionSchema, allow_none=True)


@blp.route("/workers/<employee_no>/contest-results")
class WorkerResultsResource(MethodView):
    @self_or_roles_required("employee_no", "hr", "organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(WorkerResultSchema))
    def get(self, args, employee_no):
        """A worker's published results, newest first [hr, organizer, or that worker]."""
        with runtime.uow() as uow:
            rows, total = views.worker_results_page(uow.session, employee_no, args["page"], args["per_page"])
        items = [{**row, "total": decimal_text(row["total"]),
                  "promotion": None if row["to_grade"] is None else {"from_grade": row["from_grade"],
                                                                     "to_grade": row["to_grade"]}}
                 for row in rows]
        return paged(items, args["page"], args["per_page"], total)
