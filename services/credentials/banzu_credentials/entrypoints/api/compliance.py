"""Certificate compliance per team (持证上岗率)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs, page_of, slice_page

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api.common import AsOfArgs, as_of
from banzu_credentials.service_layer import queries

blp = Blueprint("compliance", __name__, description="Certificate compliance")


class ComplianceArgs(PageArgs, AsOfArgs):
    team = fields.String(validate=validate.Length(max=40))


class MissingSchema(Schema):
    employee_no = fields.String()
    name = fields.String()
    missing = fields.List(fields.String())


class TeamComplianceSchema(Schema):
    team_code = fields.String()
    workers = fields.Integer(metadata={"description": "the team's members"})
    applicable = fields.Integer(metadata={"description": "members whose occupation has requirements set; the "
                                                         "others are not applicable (never counted compliant)"})
    compliant = fields.Integer(metadata={"description": "applicable members holding in force (valid or expiring) "
                                                        "every credential type their occupation requires"})
    rate = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "compliant / applicable in percent, rounded half-up to 2 decimals; null when no member's "
                       "occupation has requirements (not configured) or the team has no members"})
    missing = fields.List(fields.Nested(MissingSchema), metadata={
        "description": "applicable members lacking a required type, with the types they lack"})
    unconfigured = fields.List(fields.String(), metadata={
        "description": "occupation codes of members whose occupation has no requirements set, sorted"})


@blp.route("/compliance")
class ComplianceResource(MethodView):
    @roles_required("hr")
    @blp.arguments(ComplianceArgs, location="query")
    @blp.response(200, page_of(TeamComplianceSchema))
    def get(self, args):
        """Per team: workers, how many have requirements (applicable) and hold every credential their
        occupation requires (compliant), the rate compliant / applicable, who is missing what, and which
        members' occupations have no requirements set (unconfigured) [hr]."""
        with runtime.uow() as uow:
            report = queries.compliance(uow, args.get("team"), as_of(args))
        return slice_page(report, args)
