"""Recertification cases: credentials about to expire, planned into a refresher session or not yet."""
from __future__ import annotations

from datetime import datetime, timezone

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.errors import NotFound
from banzu_common.pagination import PageArgs, page_of, paged

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
    name = fields.String(allow_none=True, metadata={"description": "the worker's name, from the directory"})
    credential_id = fields.String()
    type_code = fields.String()
    expires_on = fields.Date()
    status = fields.String()
    session_id = fields.Integer(metadata={"description": "The refresher session, when planned."})


def _case(case, names: dict[str, str]) -> dict:
    answer = {"employee_no": case.employee_no, "name": names.get(case.employee_no), "credential_id": case.credential_id, "type_code": case.type_code,
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
            names = uow.workers.names({c.employee_no for c in found})
        return paged([_case(c, names) for c in found], args["page"], args["per_page"], total)


class PlanCaseSchema(Schema):
    session_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


@blp.route("/recertifications/<credential_id>/plan")
class PlanCaseResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(PlanCaseSchema)
    @blp.response(200, CaseSchema)
    @blp.alt_response(409, description="case_planned, not_a_refresher, session_started, session_cancelled, "
                                       "starts_after_expiry, session_full, overlapping_session")
    def post(self, body, credential_id):
        """Enrol an unplanned case's worker in a refresher session of the trainer's choice: the session's course
        renews the credential's type, it has a free seat and starts before the expiry day [trainer]."""
        if len(credential_id) > 80:
            raise NotFound(f"There is no recertification case for credential {credential_id!r}.")
        with runtime.uow() as uow:
            case = recertification.plan_case(uow, credential_id, body["session_id"], datetime.now(timezone.utc))
            names = uow.workers.names([case.employee_no])
            uow.commit()
        return _case(case, names)
