"""The credential types each occupation requires (持证上岗), configured by admins."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.occupation_catalogue import INVALID_OR_UNKNOWN_OCCUPATION
from banzu_common.text_rules import ONE_LINE

from banzu_credentials.bootstrap import runtime
from banzu_credentials.service_layer.requirements import requirements_of, set_requirements

blp = Blueprint("occupation_requirements", __name__, description="Occupation requirements")


class RequirementsBody(Schema):
    type_codes = fields.List(fields.String(validate=validate.And(validate.Length(max=50), ONE_LINE)), required=True,
                             validate=validate.Length(max=100))


class RequirementsSchema(RequirementsBody):
    occupation = fields.String()


@blp.route("/occupation-requirements/<occupation>")
class RequirementsResource(MethodView):
    @roles_required("hr")
    @blp.response(200, RequirementsSchema)
    def get(self, occupation):
        """The credential types an occupation requires [admin, hr]."""
        with runtime.uow() as uow:
            return requirements_of(uow, occupation)

    @roles_required("admin")
    @blp.arguments(RequirementsBody)
    @blp.response(200, RequirementsSchema)
    @blp.alt_response(422, description=INVALID_OR_UNKNOWN_OCCUPATION + " The occupation in the path is refused on "
                                                                      "`occupation` the same way.")
    def put(self, body, occupation):
        """Replace the credential types an occupation requires [admin]."""
        with runtime.uow() as uow:
            result = set_requirements(uow, occupation, body["type_codes"])
            uow.commit()
        return result
