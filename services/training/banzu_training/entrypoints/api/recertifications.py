"""Recertification cases: credentials about to expire, planned into a refresher session or not yet."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.pagination import PageArgs
from banzu_common.auth import roles_required
from banzu_common.pagination import page_of, paged

from banzu_training.bootstrap import runtime
from banzu_training.domain import CaseStatus
from banzu_training.entrypoints.api.common import code_string
from banzu_training.service_layer import recertification

blp = Blueprint("recertifications", __name__, description="Recertification cases")


class CaseFilter(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in CaseStatus]))
    employee_no = code_string()


class CaseSchema(Schema):
    employee_no = fields.String()
    credential_id = fields.String()
    type_code = fields.String()
    expires_on = fields.Date()
    status = fields.String()
    session_id = fields.Integer(metadata={"description": "The refresher session, when planned."})


def _case(case) -> dict:
    answer = {"employee_no": case.employee_no, "credential_id": case.credential_id, "type_code": case.type_code,
              "expires_on": case.expires_on, "status": case.status.value}
    if case.session_id is not None:
        answer["session_id"] = case.session_id
    return answer


@blp.route("/recertifications")
class RecertificationsResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.arguments(CaseFilter, location="query")
    @blp.response(200, page_of(CaseSchema))
    def get(self, args):
        """Planned and unplanned recertification cases, the soonest expiry first [trainer, hr]."""
        with runtime.uow() as uow:
            found, total = recertification.list_cases(uow, args.get("status"), args.get("employee_no"),
                                                      args["page"], args["per_page"])
        return paged([_case(c) for c in found], args["page"], args["per_page"], total)
