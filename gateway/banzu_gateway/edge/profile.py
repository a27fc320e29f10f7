"""A worker's profile: the directory record plus their credentials, training and contest results,
fetched from the services in parallel. A service that does not answer in time, or fails, leaves its
part "unavailable" and the rest still comes back."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import urllib3
from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from urllib3.exceptions import HTTPError

from banzu_common.auth import Principal, current_principal, self_or_roles_required
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.api.directory import WorkerSchema
from banzu_gateway.adapters.service_client import client
from banzu_gateway.service_layer import directory

log = logging.getLogger(__name__)
blp = Blueprint("profile", __name__, description="Worker profiles")

UNAVAILABLE = "unavailable"
# Short: a profile page must not hang on one slow service.
_TIMEOUT = urllib3.Timeout(connect=0.5, read=2.0)
_DEADLINE_SECONDS = 3.0
_CALLS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="profile")


@dataclass(frozen=True)
class Part:
    """One part of the profile: which service to ask, where, and what of its answer to keep."""

    name: str
    service: str
    path: str
    keep: Callable[[Any], Any]


def _items(body: dict) -> list:
    return body["items"]


def _whole(body: dict) -> dict:
    return body


def profile_parts(principal: Principal, employee_no: str, year: int) -> list[Part]:
    no = quote(employee_no, safe="")
    credentials = (f"{API_PREFIX}/credentials?employee_no={no}&per_page=500" if principal.has("hr")
                   else f"{API_PREFIX}/credentials/me?per_page=500")
    return [
        Part("credentials", "credentials", credentials, _items),
        Part("training", "training", f"{API_PREFIX}/workers/{no}/training?year={year}", _whole),
        Part("contests", "competition", f"{API_PREFIX}/workers/{no}/contest-results", _items),
    ]


def fetch(part: Part, headers: dict) -> Any:
    try:
        answer = client.request(part.service, "GET", part.path, headers, timeout=_TIMEOUT, stream=False)
    except HTTPError as error:
        log.warning("profile: %s unreachable for %s: %s", part.service, part.name, error)
        return UNAVAILABLE
    if answer.status != 200:
        log.warning("profile: %s answered %s for %s", part.service, answer.status, part.name)
        return UNAVAILABLE
    try:
        return part.keep(json.loads(answer.data))
    except (ValueError, KeyError, TypeError):
        log.warning("profile: %s sent an unreadable answer for %s", part.service, part.name)
        return UNAVAILABLE


def fetch_all(parts: list[Part], headers: dict) -> dict[str, Any]:
    futures = {part.name: _CALLS.submit(fetch, part, headers) for part in parts}
    wait(futures.values(), timeout=_DEADLINE_SECONDS)
    return {name: future.result() if future.done() else UNAVAILABLE for name, future in futures.items()}


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
        return {"worker": worker, "year": year} | fetch_all(profile_parts(principal, employee_no, year), headers)
