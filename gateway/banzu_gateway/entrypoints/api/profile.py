"""`GET /workers/{employee_no}/profile`: a worker with what the services hold of them
(service_layer/profile.py)."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import current_principal, self_or_roles_required

from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.api.directory import WorkerSchema
from banzu_gateway.entrypoints.api.service_headers import as_caller
from banzu_gateway.service_layer.profile import profile

blp = Blueprint("profile", __name__, description="Worker profiles")


class ProfileSchema(Schema):
    worker = fields.Nested(WorkerSchema)
    year = fields.Integer()
    credentials = fields.Raw(metadata={"description": 'credentials with status and days_left, or "unavailable"'})
    training = fields.Raw(metadata={"description": 'training hours of the year and certifications, or "unavailable"'})
    contests = fields.Raw(metadata={"description": 'contest results, or "unavailable"'})


@blp.route("/workers/<employee_no>/profile")
class ProfileResource(MethodView):
    @self_or_roles_required("employee_no", "hr")
    @blp.response(200, ProfileSchema)
    def get(self, employee_no):
        """A worker with their credentials, training this year and contest results [hr, or that worker]."""
        return profile(runtime.uow(), current_principal(), employee_no, date.today().year, as_caller())
