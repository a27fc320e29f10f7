"""The expiry sweep on demand (the scheduler runs the same every day)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import roles_required

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api.common import AsOfArgs, as_of
from banzu_credentials.service_layer.sweep import sweep

blp = Blueprint("sweep", __name__, description="Expiry sweep")


class SweepResultSchema(Schema):
    expiring = fields.Integer()
    expired = fields.Integer()


@blp.route("/credentials/sweep")
class SweepResource(MethodView):
    @roles_required("admin")
    @blp.arguments(AsOfArgs, location="query")
    @blp.response(200, SweepResultSchema)
    def post(self, args):
        """Send the expiry notices due on as_of (default today) [admin]; running it again sends nothing."""
        with runtime.uow() as uow:
            result = sweep(uow, as_of(args))
            uow.commit()
        return result
