"""A small HTTP client for the end-to-end tests (standard library only)."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        return f"<{self.status} {self.content_type} {self.body[:400]!r}>"


class Client:
    def __init__(self, base: str, token: str | None = None):
        self.base = base.rstrip("/")
        self.token = token

    @classmethod
    def sign_in(cls, base: str, username: str, password: str) -> "Client":
        answer = cls(base).post("/auth/token", {"username": username, "password": password})
        assert answer.status == 200, answer
        return cls(base, answer.json()["access_token"])

    def request(self, method: str, path: str, body=None, params=None, headers=None, raw: bytes | None = None,
                prefix: str = "/api/v1") -> Answer:
        url = self.base + (path if path.startswith("/healthz") or not prefix else prefix + path)
        if params:
            url += "?" + urllib.parse.urlencode(params)
        all_headers = {"Accept": "application/json", **(headers or {})}
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if self.token:
            all_headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return Answer(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body={} if body is None else body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def eventually(check, what: str, timeout: float = 30.0):
    """Polls `check` until it returns something truthy, or fails with the last thing it saw."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
            last = value
        except AssertionError as error:
            last = error
        time.sleep(0.1)
    raise AssertionError(f"{what}: not true after {timeout:.0f} s (last: {last!r})")


def problem(answer: Answer, status: int) -> dict:
    assert answer.status == status, answer
    assert answer.content_type == "application/problem+json", answer
    body = answer.json()
    assert body["status"] == status and body["title"], body
    return body
