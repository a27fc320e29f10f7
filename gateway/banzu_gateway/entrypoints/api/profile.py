"""A worker's profile: the directory record plus their credentials, training and contest results,
fetched from the services in parallel (`gather`: a service that does not answer leaves its part
"unavailable" and the rest still comes back)."""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.auth import Principal, current_principal, self_or_roles_required
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.adapters.gather import Call, gather, items, whole
from banzu_gateway.entrypoints.api.directory import WorkerSchema
from banzu_gateway.service_layer import directory

blp = Blueprint("profile", __name__, description="Worker profiles")


def profile_parts(principal: Principal, employee_no: str, year: int) -> list[Call]:
    no = quote(employee_no, safe="")
    credentials = (f"{API_PREFIX}/credentials?employee_no={no}&per_page=500" if principal.has("hr")
                   else f"{API_PREFIX}/credentials/me?per_page=500")
    return [
        Call("credentials", "credentials", credentials, items),
        Call("training", "training", f"{API_PREFIX}/workers/{no}/training?year={year}", whole),
        Call("contests", "competition", f"{API_PREFIX}/workers/{no}/contest-results", items),
    ]


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
        principal = current_principal()
        with runtime.uow() as uow:
            worker = directory.get_worker(uow, employee_no)
        headers = {"Authorization": request.headers["Authorization"], "X-Request-ID": g.request_id,
                   "Accept": "application/json"}
        year = date.today().year
        return {"worker": worker, "year": year} | gather(profile_parts(principal, employee_no, year), headers)
