"""The occupation catalogue (工种): HR keeps each occupation's names; everyone reads them."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs
from banzu_common.rules import Rule
from banzu_common.text_rules import NOT_BLANK, ONE_LINE, WholePattern

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.occupations import CODE, CODE_MESSAGE, NAME_LENGTH
from banzu_gateway.service_layer import occupations

blp = Blueprint("occupations", __name__, description="Occupation catalogue")
NAME = validate.And(validate.Length(max=NAME_LENGTH), ONE_LINE, NOT_BLANK)  # NOT_BLANK: one character at least


class OccupationNameSchema(Schema):
    zh = fields.String(required=True, validate=NAME, metadata={"description": "the Chinese name, e.g. 电工"})
    en = fields.String(required=True, validate=NAME, metadata={"description": "the English name, e.g. Electrician"})


class OccupationRenameSchema(Schema):
    zh = fields.String(validate=NAME)
    en = fields.String(validate=NAME)

    @validates_schema
    def names_something(self, data, **_kwargs):
        if not data:
            raise ValidationError(Rule("required", "give zh, en or both"))


class OccupationSchema(Schema):
    code = fields.String(required=True, validate=WholePattern(f"^{CODE.pattern}$", error=CODE_MESSAGE),
                         metadata={"description": "what records name it by, e.g. electrician; it never changes"})
    name = fields.Nested(OccupationNameSchema, required=True)


class OccupationChangeSchema(Schema):
    name = fields.Nested(OccupationRenameSchema, required=True, metadata={
        "description": "the names to change (zh, en or both; the others stay)", "minProperties": 1})


class OccupationListSchema(Schema):
    items = fields.List(fields.Nested(OccupationSchema), required=True)


@blp.route("/occupations")
class OccupationsResource(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, OccupationListSchema)
    def get(self, _args):
        """The whole occupation catalogue, by code [any]. It is short, so it comes in one answer
        (paging parameters are accepted and change nothing)."""
        with runtime.uow() as uow:
            return {"items": occupations.list_occupations(uow)}

    @roles_required("hr")
    @blp.arguments(OccupationSchema)
    @blp.response(201, OccupationSchema)
    @blp.alt_response(409, description="An occupation with this code is already in the catalogue "
                                       "(reason `occupation_exists`).")
    def post(self, body):
        """Add an occupation to the catalogue [hr]; the services hear of it from its event."""
        with runtime.uow() as uow:
            occupation = occupations.create_occupation(uow, body["code"], body["name"])
            uow.commit()
        return occupation


@blp.route("/occupations/<code>")
class OccupationResource(MethodView):
    @roles_required("hr")
    @blp.arguments(OccupationChangeSchema)
    @blp.response(200, OccupationSchema)
    def patch(self, changes, code):
        """Rename an occupation in Chinese, English or both [hr]; its code stays."""
        with runtime.uow() as uow:
            occupation = occupations.rename_occupation(uow, code, changes["name"])
            uow.commit()
        return occupation
