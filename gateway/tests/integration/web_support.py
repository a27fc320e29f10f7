"""Helpers for the web page tests: a signed-in session, the page's CSRF token, and fake services."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in_as(client, *roles: str, employee_no: str | None = None, username: str = "someone") -> None:
    """A signed-in session without the password check (the sign-in itself has its own tests)."""
    with client.session_transaction() as session:
        session["user"] = {"username": username, "roles": sorted(roles), "employee_no": employee_no}
        session["csrf"] = "known-csrf-token"


def csrf_of(page_html: str) -> str:
    match = CSRF_FIELD.search(page_html)
    assert match, "the page has a form with a CSRF token"
    return match[1]


@dataclass
class Answer:
    status: int
    body: object
    content_type: str = "application/json"

    @property
    def headers(self) -> dict:
        return {"Content-Type": self.content_type}

    @property
    def data(self) -> bytes:
        return self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()

    reason = ""

    def stream(self, _size):
        yield self.data

    def release_conn(self) -> None:
        pass


@dataclass
class FakeServices:
    """Stands in for the pass-through's pooled service client: answers by (service, path without query)."""

    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    calls: list[tuple[str, str, dict]] = field(default_factory=list)

    def answer(self, service: str, path: str, status: int, body, content_type: str = "application/json"):
        self.answers[(service, "/api/v1" + path)] = Answer(status, body, content_type)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        self.calls.append((service, path, headers))
        return self.answers.get((service, path.split("?", 1)[0]), Answer(404, {"status": 404}))
