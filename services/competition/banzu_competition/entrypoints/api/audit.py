"""The score change log: who changed which score, when, from what to what, and why."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.pagination import PageArgs
from banzu_common.auth import roles_required
from banzu_common.pagination import page_of, paged

from banzu_competition.adapters import views
from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api.common import decimal_text

blp = Blueprint("audit", __name__, description="Score audit log")


class ChangeSchema(Schema):
    segment = fields.String()
    bib = fields.Integer()
    employee_no = fields.String()
    judge_id = fields.String(allow_none=True)
    changed_by = fields.String()
    changed_at = fields.DateTime()
    old = fields.String(allow_none=True, metadata={"description": "None when the score was created."})
    new = fields.String()
    reason = fields.String(allow_none=True)
    withdrawn = fields.Boolean(metadata={"description": "The judge was later withdrawn from this segment: "
                                                        "the score no longer counts."})


@blp.route("/contests/<contest_id>/audit")
class AuditResource(MethodView):
    @roles_required("organizer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(ChangeSchema))
    def get(self, args, contest_id):
        """Every creation and change of a score, oldest first [organizer]."""
        with runtime.uow() as uow:
            contest = uow.contests.get(contest_id)
            rows, total = views.audit_page(uow.session, contest.id, args["page"], args["per_page"])
        changes = [{**row, "old": decimal_text(row["old_value"]), "new": decimal_text(row["new_value"]),
                "withdrawn": bool(row["withdrawn"])}
                   for row in rows]
        return paged(changes, args["page"], args["per_page"], total)
