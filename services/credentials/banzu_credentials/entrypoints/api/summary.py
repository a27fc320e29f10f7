"""The credential summary of many workers at once, for the gateway's team assessments and skill matrices."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import GATEWAY_ROLE, roles_required
from banzu_common.text_rules import ONE_LINE
from banzu_common.web import bulk_json

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api.common import DATE_RANGE
from banzu_credentials.service_layer.summary import credential_summary

blp = Blueprint("credential_summary", __name__, description="Credential summaries for team assessments")
MAX_ASKED = 5_000
STANDINGS = ("valid", "expiring", "review_due", "expired", "missing", "not_required")


class CredentialSummaryQuerySchema(Schema):
    as_of = fields.Date(required=True, validate=DATE_RANGE)
    employee_nos = fields.List(fields.String(validate=validate.And(validate.Length(min=1, max=64), ONE_LINE)),
                               load_default=None,
                               validate=validate.Length(max=MAX_ASKED),
                               metadata={"description": "These workers (default: every worker); numbers the "
                                                        "service has not heard of are left out of the answer."})
    cells = fields.Boolean(load_default=False,
                           metadata={"description": "Also each worker's standing per required credential type."})


class WorkerStandingSchema(Schema):
    employee_no = fields.String()
    applicable = fields.Boolean(metadata={"description": "the occupation has requirements set; when false, "
                                                          "`compliant` is true only because nothing is required"})
    compliant = fields.Boolean(metadata={"description": "holds in force (valid or expiring) every credential type "
                                                        "the occupation requires"})
    cells = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.OneOf(STANDINGS)),
                        metadata={"description": "with cells=true: type code → " + " | ".join(STANDINGS)})


class CredentialSummarySchema(Schema):
    as_of = fields.Date()
    types = fields.List(fields.String(), metadata={"description": "with cells=true: every type some listed "
                                                                  "worker's occupation requires"})
    workers = fields.List(fields.Nested(WorkerStandingSchema))


@blp.route("/credential-summary")
class CredentialSummaryResource(MethodView):
    @roles_required("hr", "trainer", GATEWAY_ROLE)
    @blp.arguments(CredentialSummaryQuerySchema)
    @blp.response(200, CredentialSummarySchema)
    def post(self, query):
        """Per worker, compliant or not on a day and, with `cells`, their standing for each required
        type [hr, trainer]. A read that changes nothing: POST only because the list of workers may
        be long."""
        with runtime.uow() as uow:
            return bulk_json(credential_summary(uow, query["as_of"], query["employee_nos"], query["cells"]))
