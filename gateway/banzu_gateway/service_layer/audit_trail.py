"""The audit trails of every part, merged newest first (api.md, "Audit").

Each part keeps its own trail in its own database; the gateway reads its own (directory, accounts,
scores, notifications) directly and asks each service for its entries as the caller. Every source is
read newest first from a position on (`?before=`, then where its last batch ended), and the sources are
merged by position, the one order of the whole trail (banzu_common.audit.Position): a page needs a
page from each source, a download streams every entry holding one batch per source, never the whole.
Admins read every part, HR the directory and credentials only. A service that does not answer is named
in `unavailable`, never silently missing.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from urllib.parse import urlencode

from banzu_common.audit import AuditFilter, Position
from banzu_common.auth import Principal
from banzu_common.errors import Forbidden
from banzu_common.web import API_PREFIX

from banzu_gateway.adapters.audit_log import AuditLog
from banzu_gateway.adapters.gather import UNAVAILABLE, Call, collect, fetch, start
from banzu_gateway.domain.audit_readers import GATEWAY_PARTS, SERVICE_PARTS, parts_readable_by


class PartUnavailable(Exception):
    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


def readable_parts(principal: Principal, part: str | None) -> tuple[str, ...]:
    allowed = parts_readable_by(principal)
    if part is not None and part not in allowed:
        raise Forbidden("forbidden", f"The {part} trail is for admins only.")
    return (part,) if part else allowed


def positioned(body: dict) -> dict:
    """A service's page, its `next` and every entry's position checked readable (else: unavailable)."""
    for entry in body["items"]:
        Position.of_answer(entry)
    if "next" not in body:
        raise KeyError("next")
    return body


class ServiceTrail:
    """One service's matching entries, newest first, asked for a page at a time from where the last
    page ended; the first page of every service is asked for at once (`ask_first`)."""

    def __init__(self, part: str, filters: dict, before: Position | None, size: int, headers: dict):
        self.part, self.filters, self.before, self.size, self.headers = part, filters, before, size, headers
        self.first: dict | None = None

    def call(self, before: Position | None) -> Call:
        query = self.filters | {"per_page": self.size} | ({"before": before.cursor} if before else {})
        return Call(self.part, self.part, f"{API_PREFIX}/audit?" + urlencode(query), positioned)

    def entries(self) -> Iterator[dict]:
        page = self.first
        while True:
            if page is None or page == UNAVAILABLE:
                raise PartUnavailable(self.part)
            yield from page["items"]
            if page["next"] is None or not page["items"]:
                return
            page = fetch(self.call(Position.of_answer(page["items"][-1])), self.headers)


def ask_first(trails: list[ServiceTrail]) -> None:
    answers = collect(start([trail.call(trail.before) for trail in trails], trails[0].headers)) if trails else {}
    for trail in trails:
        trail.first = answers[trail.part]


class MergedTrail:
    """The entries of `parts` matching `wanted` (the services apply `filters`, the query's own text of
    the same filters, themselves), from `before` on, newest first; the services are asked as the
    caller (`headers`), the gateway's own entries come from `own`."""

    def __init__(self, parts: tuple[str, ...], wanted: AuditFilter, filters: dict, before: Position | None,
                 size: int, headers: dict, own: AuditLog):
        self.before = before
        self.size = size
        self.own_log = own
        self.own = replace(wanted, parts=tuple(p for p in parts if p in GATEWAY_PARTS))
        self.services = [ServiceTrail(part, filters, before, size, headers) for part in parts if part in SERVICE_PARTS]
        ask_first(self.services)
        self.unavailable = {trail.part for trail in self.services if trail.first == UNAVAILABLE}

    def readable(self) -> list[ServiceTrail]:
        return [trail for trail in self.services if trail.part not in self.unavailable]

    def total(self) -> int:
        own = self.own_log.total(self.own) if self.own.parts else 0
        return own + sum(trail.first["total"] for trail in self.readable())

    def entries(self) -> Iterator[dict]:
        sources = [trail.entries() for trail in self.readable()]
        if self.own.parts:
            sources.append(self.own_log.entries(self.own, self.before, self.size))
        return heapq.merge(*sources, key=Position.of_answer, reverse=True)

    def page(self, skipped: int, wanted: int) -> list[dict]:
        """Entries `skipped` to `skipped + wanted`; a service failing on a later page of its entries
        is left out whole and named (a list with holes would mislead)."""
        while True:
            try:
                return list(islice(self.entries(), skipped, skipped + wanted))
            except PartUnavailable as failed:
                self.unavailable.add(failed.part)
