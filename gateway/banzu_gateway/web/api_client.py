"""The public API as the signed-in user: every page reads and writes through this one client.

Calls run in process through the gateway's own WSGI stack (pass-through to the services included),
so a page meets exactly the rules, refusals, idempotency and audit of the public API, and a busy
gateway cannot deadlock waiting for a free worker to answer its own request.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from flask import Response, current_app, g, request
from werkzeug.datastructures import FileStorage, Headers
from werkzeug.test import EnvironBuilder, encode_multipart, run_wsgi_app

from banzu_common.auth import Principal, issue_token
from banzu_common.web import API_PREFIX

from banzu_gateway.web.page_error import PageError

log = logging.getLogger(__name__)
TOKEN_SECONDS = 120
LONG_LIST = 500
BOUNDARY_SAFE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    headers: Headers
    content: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_json(self) -> bool:
        return "json" in self.headers.get("Content-Type", "")

    def json(self) -> Any:
        return json.loads(self.content or b"null")

    @property
    def problem(self) -> dict:
        """The problem details of a refusal ({} when the answer is not one)."""
        if self.ok or not self.is_json:
            return {}
        body = self.json()
        return body if isinstance(body, dict) else {}


def path(template: str, *values) -> str:
    """`path("/contests/{}/judges", contest_id)`: every value quoted as one path segment."""
    return template.format(*(quote(str(value), safe="") for value in values))


class PublicApi:
    def __init__(self, user: Principal | None, bearer: str | None = None):
        self.user = user
        self.bearer = bearer  # a token the API gave (at sign-in), instead of one made for `user`

    def call(self, method: str, api_path: str, *, params: dict | None = None, body: Any = None,
             files: dict | None = None, idempotency_key: str | None = None,
             accept: str = "application/json") -> ApiAnswer:
        headers = {"Accept": accept, "X-Request-ID": g.get("request_id", "")}
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        elif self.user is not None:
            token = issue_token(current_app.extensions["banzu"]["settings"].jwt_secret, self.user.username,
                                self.user.roles, self.user.employee_no, TOKEN_SECONDS, self.user.version,
                                self.user.must_change_password)
            headers["Authorization"] = f"Bearer {token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        query = urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")}, doseq=True)
        content: dict = {"json": body} if files is None and body is not None else {}
        if files is not None:
            content["data"], content["content_type"] = multipart(body or {}, files, idempotency_key)
        builder = EnvironBuilder(
            path=API_PREFIX + api_path, method=method, query_string=query, headers=headers,
            environ_base={"REMOTE_ADDR": request.remote_addr or "127.0.0.1"}, **content)
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        environ["RAW_URI"] = API_PREFIX + api_path  # as written, percent-encoding kept, as a server passes it
        app = current_app._get_current_object()
        with app.app_context():  # a fresh `g`: the API request must not see or change the page's
            app_iter, status, answer_headers = run_wsgi_app(app.wsgi_app, environ, buffered=True)
            try:
                content = b"".join(app_iter)
            finally:
                getattr(app_iter, "close", lambda: None)()
        answer = ApiAnswer(int(status.split(" ", 1)[0]), Headers(answer_headers), content)
        if answer.status == 401 and self.user is not None and self.bearer is None:
            # The account was deactivated or changed since this session began: sign in again.
            raise PageError(401, "sign_in_again")
        return answer

    def get(self, api_path: str, params: dict | None = None, **kwargs) -> ApiAnswer:
        return self.call("GET", api_path, params=params, **kwargs)

    def post(self, api_path: str, body: Any = None, **kwargs) -> ApiAnswer:
        return self.call("POST", api_path, body=body, **kwargs)

    def put(self, api_path: str, body: Any = None, **kwargs) -> ApiAnswer:
        return self.call("PUT", api_path, body=body, **kwargs)

    def patch(self, api_path: str, body: Any = None, **kwargs) -> ApiAnswer:
        return self.call("PATCH", api_path, body=body, **kwargs)

    def delete(self, api_path: str, **kwargs) -> ApiAnswer:
        return self.call("DELETE", api_path, **kwargs)

    def read(self, api_path: str, params: dict | None = None) -> Any:
        """The JSON of a GET that must succeed; otherwise the matching error page."""
        return expect_ok(self.get(api_path, params))

    def read_all(self, api_path: str, params: dict | None = None) -> list:
        """Every item of a (short) list: one page of the largest size the API allows."""
        return self.read(api_path, {**(params or {}), "per_page": LONG_LIST})["items"]


def multipart(fields: dict, files: dict, key: str | None) -> tuple[bytes, str]:
    """A multipart/form-data body; `files` values are (stream, filename) pairs. Its boundary follows
    the idempotency key, so a resent upload is byte for byte the first one (the API's idempotency
    check compares bodies) and gets the first answer back."""
    values = {**fields, **{name: FileStorage(stream=value[0], filename=value[1]) if isinstance(value, tuple) else value
                           for name, value in files.items()}}
    fixed = key is not None and BOUNDARY_SAFE.fullmatch(key)
    boundary, data = encode_multipart(values, boundary=f"banzu-upload-{key}" if fixed else None)
    return data, f"multipart/form-data; boundary={boundary}"


def expect_ok(answer: ApiAnswer) -> Any:
    """The answer's JSON (or bytes); a refusal becomes the error page a reader should see."""
    if answer.ok:
        return answer.json() if answer.is_json else answer.content
    if answer.status == 403:
        raise PageError(403, "forbidden")
    if answer.status in (404, 422):  # 422: an id of the wrong shape, which cannot name anything
        raise PageError(404, "not_found")
    if answer.status == 401:
        raise PageError(401, "sign_in_again")
    log.warning("the API answered %s to a page: %r", answer.status, answer.content[:500])
    raise PageError(503, "service_unavailable")


def relayed_file(answer: ApiAnswer) -> Response:
    """A file the API sent (a CSV or XLSX download), passed on to the browser as it came."""
    content = expect_ok(answer)
    response = Response(content, content_type=answer.headers["Content-Type"])
    response.headers["Content-Disposition"] = answer.headers.get("Content-Disposition", "attachment")
    return response


def api() -> PublicApi:
    """The client for the user of this page request (anonymous on public pages)."""
    return PublicApi(g.get("user"))
