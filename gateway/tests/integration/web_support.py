"""Helpers for the web page tests: a signed-in session, the page's CSRF token, and fake services."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qs

from banzu_common.audit import Position
from banzu_common.rule_codes import codes_of

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
        if isinstance(self.body, bytes):
            return self.body
        body = self.body
        if isinstance(body, dict) and body.get("errors") and "codes" not in body:
            body = body | {"codes": codes_of(body["errors"])}  # as every service's problem() names the rules
        return json.dumps(body).encode()

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


def sent_bytes(body) -> bytes | None:
    """A body the pass-through sent, as bytes: it streams a request's body (R16), tests read it whole."""
    return body.read() if hasattr(body, "read") else body


def trail_entry(part: str, kind: str, thing_id: str, at: datetime, **fields) -> dict:
    """An audit entry as a service's `GET /audit` gives it."""
    return {"at": at.isoformat(), "part": part, "actor": "somebody", "roles": ["hr"], "job": None, "event_id": None,
            "cause": None, "action": "issue", "kind": kind, "id": thing_id, "before": None, "after": {"n": 1},
            "request_id": "r-1"} | fields


@dataclass
class TrailServices(FakeServices):
    """Fake services that also serve `GET /audit` as the services do: their entries (newest first by
    position, numbered in the order given when they have no number) filtered by kind, id and id_prefix,
    a page as asked (older than `before`, or by `page`); a service in `down` does not answer, nor does
    one asked for a page in `failing_pages` (counted from its newest matching entry)."""

    trails: dict[str, list[dict]] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    failing_pages: set[tuple[str, int]] = field(default_factory=set)  # (service, page) answered 503
    asked: list[tuple[str, dict]] = field(default_factory=list)

    def fill(self, service: str, count: int, newest: datetime, **fields) -> None:
        self.trails[service] = [trail_entry(service, "credential", f"{service}-{n}", newest - timedelta(seconds=n),
                                            **({"after": {"n": n}} | fields)) for n in range(count)]

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        where, _, query_text = path.partition("?")
        if where != "/api/v1/audit":
            return super().request(service, method, path, headers, body, timeout, stream)
        query = {key: values[0] for key, values in parse_qs(query_text).items()}
        self.asked.append((service, query))
        trail = self.trails.get(service, [])
        numbered = sorted(({"number": len(trail) - n} | e for n, e in enumerate(trail)), key=Position.of_answer,
                          reverse=True)
        rows = [e for e in numbered if query.get("kind", e["kind"]) == e["kind"]
                and query.get("id", e["id"]) == e["id"] and e["id"].startswith(query.get("id_prefix", ""))]
        per_page = int(query.get("per_page", 50))
        before = Position.of_cursor(query["before"]) if "before" in query else None
        newer = sum(1 for e in rows if before and Position.of_answer(e) >= before)
        page = int(query["page"]) if "page" in query else 1 + newer // per_page
        if service in self.down or (service, page) in self.failing_pages:
            return Answer(503, {"status": 503})
        start = newer if before else (page - 1) * per_page
        shown = rows[start:start + per_page]
        more = start + per_page < len(rows)
        return Answer(200, {"items": shown, "per_page": per_page, "total": len(rows),
                            "next": Position.of_answer(shown[-1]).cursor if more and shown else None}
                      | ({} if before else {"page": page}))
