"""Reading from the services for a page, as the signed-in user (a short-lived bearer token per call)."""
from __future__ import annotations

import json
import logging
from urllib.parse import quote, urlencode

from flask import g
from urllib3.exceptions import HTTPError

from banzu_common.auth import Principal, issue_token
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.proxy import client
from banzu_gateway.web.site import PageError

log = logging.getLogger(__name__)
TOKEN_SECONDS = 60
LONG_LIST = 500


def get(service: str, path: str, user: Principal | None, params: dict | None = None):
    """(status, body) of GET /api/v1{path}: JSON decoded, other content as bytes; unreachable -> 503 page."""
    headers = {"Accept": "application/json", "X-Request-ID": g.get("request_id", "")}
    if user is not None:
        token = issue_token(runtime.settings.jwt_secret, user.username, user.roles, user.employee_no, TOKEN_SECONDS)
        headers["Authorization"] = f"Bearer {token}"
    query = f"?{urlencode(params)}" if params else ""
    try:
        answer = client.request(service, "GET", f"{API_PREFIX}{path}{query}", headers, stream=False)
    except HTTPError as error:
        log.warning("%s unreachable for a page: %s", service, error)
        raise PageError(503, "service_unavailable") from None
    content_type = answer.headers.get("Content-Type", "")
    if "json" in content_type:
        return answer.status, json.loads(answer.data or b"null")
    return answer.status, answer.data


def expect_ok(status: int, body):
    if status == 200:
        return body
    if status == 403:
        raise PageError(403, "forbidden")
    if status in (404, 422):  # 422: an id of the wrong shape, which cannot name anything
        raise PageError(404, "not_found")
    log.warning("a service answered %s to a page: %r", status, body)
    raise PageError(503, "service_unavailable")


def my_credentials(user: Principal) -> list[dict]:
    return expect_ok(*get("credentials", "/credentials/me", user, {"per_page": LONG_LIST}))["items"]


def credential_type_names(user: Principal) -> dict[str, dict[str, str]]:
    """type code -> {"zh": name, "en": name}."""
    items = expect_ok(*get("credentials", "/credential-types", user, {"per_page": LONG_LIST}))["items"]
    return {item["code"]: {"zh": item.get("name_zh") or item.get("name"), "en": item.get("name_en") or item.get("name")}
            for item in items}


def credential_qr(user: Principal, credential_id: str) -> bytes:
    return expect_ok(*get("credentials", f"/credentials/{quote(credential_id, safe='')}/qr.png", user))


def verification(number: str, code: str) -> dict | None:
    """The public view of a certificate, or None for an unknown number or a wrong code alike."""
    status, body = get("credentials", f"/verify/{quote(number, safe='')}", None, {"code": code})
    if status in (404, 422):
        return None
    return expect_ok(status, body)


def contests(user: Principal, page: int, per_page: int) -> dict:
    return expect_ok(*get("competition", "/contests", user, {"page": page, "per_page": per_page}))


def contest(user: Principal, contest_id: str) -> dict:
    return expect_ok(*get("competition", f"/contests/{quote(contest_id, safe='')}", user))


def contest_results(user: Principal, contest_id: str) -> dict | None:
    """The contest and its results; None while they are not published."""
    status, body = get("competition", f"/contests/{quote(contest_id, safe='')}/results", user,
                       {"per_page": LONG_LIST})
    if status == 409:
        return None
    return expect_ok(status, body)
