"""The expiry sweep on demand (the scheduler runs the same every day)."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import roles_required

from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api.common import AsOfArgs, as_of
from banzu_credentials.service_layer.sweep import check_sweep_day, sweep

blp = Blueprint("sweep", __name__, description="Expiry sweep")


class SweepArgs(AsOfArgs):
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "Only count the notices the sweep would send on as_of (any day): nothing is written."})


class SweepResultSchema(Schema):
    expiring = fields.Integer()
    expired = fields.Integer()
    dry_run = fields.Boolean(metadata={"description": "True when nothing was written."})


@blp.route("/credentials/sweep")
class SweepResource(MethodView):
    @roles_required("admin")
    @blp.arguments(SweepArgs, location="query")
    @blp.response(200, SweepResultSchema)
    @blp.alt_response(409, description="as_of is after today (reason future_date), outside a demonstration system")
    def post(self, args):
        """Send the expiry notices due on as_of (default today, never a later day outside a demonstration
        system) [admin]; running it again sends nothing. With dry_run=true, count them and write nothing."""
        on, dry_run = as_of(args), args["dry_run"]
        if not dry_run:
            check_sweep_day(on, date.today(), runtime.settings.demo)
        with runtime.uow() as uow:
            result = sweep(uow, on)
            if not dry_run:  # a dry run's notices are rolled back with the unit of work
                uow.commit()
        return {**result, "dry_run": dry_run}
