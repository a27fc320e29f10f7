"""Credential types: the defaults seeded at install, and the ones admins add."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs, page_of, slice_page
from banzu_common.text_rules import ONE_LINE_PATTERN

from banzu_credentials.bootstrap import runtime
from banzu_credentials.domain import CredentialType
from banzu_credentials.domain.credential_types import CODE_PATTERN, MAX_MONTHS, MAX_NAME_LENGTH, MAX_REMINDER_DAYS
from banzu_credentials.service_layer import credentials

blp = Blueprint("credential_types", __name__, description="Credential types")


# The domain checks every field (all broken ones at once); these limits are its own, for the document.
NAME = {"type": "string", "maxLength": MAX_NAME_LENGTH, "pattern": r"^\s*\S", "allOf": [{"pattern": ONE_LINE_PATTERN}]}
MONTHS = {"minimum": 1, "maximum": MAX_MONTHS}


class NewCredentialTypeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(max=50),
                         metadata={"pattern": f"^{CODE_PATTERN.pattern}$"})
    name = fields.Raw(required=True, metadata={"description": "One name, or {zh, en}.", "oneOf": [
        NAME, {"type": "object", "properties": {"zh": NAME, "en": NAME}, "minProperties": 1,
               "additionalProperties": False}]})
    validity_months = fields.Integer(load_default=None, allow_none=True, strict=True, metadata=MONTHS)
    review_months = fields.Integer(load_default=None, allow_none=True, strict=True, metadata=MONTHS)
    reminder_days = fields.List(fields.Integer(strict=True, metadata={"minimum": 1, "maximum": MAX_REMINDER_DAYS}),
                                load_default=list, validate=validate.Length(max=20),
                                metadata={"uniqueItems": True, "description": "only for a type that expires"})


class CredentialTypeSchema(Schema):
    code = fields.String()
    name = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    validity_months = fields.Integer(allow_none=True)
    review_months = fields.Integer(allow_none=True)
    reminder_days = fields.List(fields.Integer())


def type_view(ctype: CredentialType) -> dict:
    return {"code": ctype.code, "name": ctype.name_zh, "name_zh": ctype.name_zh, "name_en": ctype.name_en,
            "validity_months": ctype.validity_months, "review_months": ctype.review_months,
            "reminder_days": list(ctype.reminder_days)}


@blp.route("/credential-types")
class CredentialTypesResource(MethodView):
    @roles_required("admin")
    @blp.arguments(NewCredentialTypeSchema)
    @blp.response(201, CredentialTypeSchema)
    def post(self, body):
        """Add a credential type [admin]."""
        with runtime.uow() as uow:
            ctype = credentials.create_type(uow, body)
            uow.commit()
        return type_view(ctype)

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(CredentialTypeSchema))
    def get(self, args):
        """List credential types [any]."""
        with runtime.uow() as uow:
            types = uow.types.all()
        return slice_page([type_view(t) for t in types.values()], args)
