"""Public certificate verification by number and printed code (what the QR code opens)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api.common import AsOfArgs, as_of
from banzu_credentials.service_layer import queries

blp = Blueprint("verification", __name__, description="Public certificate verification")


class VerifyArgs(AsOfArgs):
    code = fields.String(load_default=None, validate=validate.Length(max=64))


class VerifiedSchema(Schema):
    number = fields.String()
    type = fields.String()
    type_name = fields.String()
    type_name_en = fields.String()
    holder = fields.String(allow_none=True)
    issued_on = fields.Date()
    expires_on = fields.Date(allow_none=True)
    next_review_on = fields.Date(allow_none=True, metadata={
        "description": "when the periodic review is (or was) due, for types with one; status review_due means "
                       "it is past and no review is recorded since"})
    status = fields.String()
    as_of = fields.Date()


@blp.route("/verify/<number>")
class VerifyResource(MethodView):
    @blp.arguments(VerifyArgs, location="query")
    @blp.response(200, VerifiedSchema)
    @blp.doc(security=[])
    def get(self, args, number):
        """Verify a certificate [public]; an unknown number and a wrong code get the same 404."""
        with runtime.uow() as uow:
            return queries.verify(uow, number, args["code"], as_of(args))
