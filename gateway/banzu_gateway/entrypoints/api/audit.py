"""`GET /audit`: the audit trails of every part, merged newest first (api.md, "Audit").

Each part keeps its own trail in its own database; the gateway reads its own (directory, accounts,
scores, notifications) directly and asks each service for its entries as the caller. Every source is
read newest first from a position on (`?before=`, then where its last batch ended), and the sources are
merged by position, the one order of the whole trail (banzu_common.audit.Position): a page needs a
page from each source, a download streams every entry holding one batch per source, never the whole.
Admins read every part, HR the directory and credentials only. A service that does not answer is named
in `unavailable`, never silently missing; a download that cannot have every part is refused.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from urllib.parse import urlencode

from flask import Response, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from banzu_common.audit import Position, count, read_all
from banzu_common.audit_api import AuditArgs, AuditPage, filter_of, page_answer, position_before
from banzu_common.auth import current_principal, roles_required
from banzu_common.errors import BanzuError, Forbidden
from banzu_common.openapi_document import also_sent_as
from banzu_common.skill_ladder import LANGUAGES
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.audit_readers import ALL_PARTS, GATEWAY_PARTS, SERVICE_PARTS, parts_readable_by
from banzu_gateway.adapters.gather import UNAVAILABLE, Call, collect, fetch, start
from banzu_gateway.exports.audit_trail import audit_csv
from banzu_gateway.service_layer import occupations

blp = Blueprint("audit", __name__, description="Audit trail")

BATCH = 500  # entries read from a source at once (a service gives at most this many in one page)
FORWARDED = ("actor", "kind", "id", "id_prefix", "from", "to")  # the filters each service applies itself


class MergedAuditArgs(AuditArgs):
    part = fields.String(validate=validate.OneOf(ALL_PARTS))
    format = fields.String(validate=validate.OneOf(("json", "csv")), metadata={
        "description": "csv: a download of every matching entry (older than `before`, when given), streamed"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "the CSV for people, in zh or en; without it the CSV is for machines (column names, codes)"})


class MergedAuditPage(AuditPage):
    unavailable = fields.List(fields.String(), metadata={"description": "parts whose trail could not be read"})


class PartUnavailable(Exception):
    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


class TrailUnavailable(BanzuError):
    """A download that would miss a part's entries (503)."""

    title = "Service Unavailable"
    status = 503


def readable_parts(part: str | None) -> tuple[str, ...]:
    allowed = parts_readable_by(current_principal())
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
    """The readable parts' entries matching the filters, from `before` on, newest first."""

    def __init__(self, args: dict, size: int):
        parts = readable_parts(args.get("part"))
        self.before = position_before(args)
        self.size = size
        self.own = replace(filter_of(args), parts=tuple(p for p in parts if p in GATEWAY_PARTS))
        headers = {"Authorization": request.headers["Authorization"], "X-Request-ID": g.request_id,
                   "Accept": "application/json"}
        filters = {key: value for key, value in request.args.items() if key in FORWARDED}
        self.services = [ServiceTrail(part, filters, self.before, size, headers)
                         for part in parts if part in SERVICE_PARTS]
        ask_first(self.services)
        self.unavailable = {trail.part for trail in self.services if trail.first == UNAVAILABLE}

    def readable(self) -> list[ServiceTrail]:
        return [trail for trail in self.services if trail.part not in self.unavailable]

    def total(self) -> int:
        own = 0
        if self.own.parts:
            with runtime.engine.connect() as connection:
                own = connection.execute(count(runtime.metadata.tables["audit_log"], self.own)).scalar_one()
        return own + sum(trail.first["total"] for trail in self.readable())

    def entries(self) -> Iterator[dict]:
        sources = [trail.entries() for trail in self.readable()]
        if self.own.parts:
            sources.append(read_all(runtime.engine, runtime.metadata.tables["audit_log"], self.own, self.before,
                                    self.size))
        return heapq.merge(*sources, key=Position.of_answer, reverse=True)

    def page(self, skipped: int, wanted: int) -> list[dict]:
        """Entries `skipped` to `skipped + wanted`; a service failing on a later page of its entries
        is left out whole and named (a list with holes would mislead)."""
        while True:
            try:
                return list(islice(self.entries(), skipped, skipped + wanted))
            except PartUnavailable as failed:
                self.unavailable.add(failed.part)


def as_csv(trail: MergedTrail, lang: str | None) -> Response:
    if trail.unavailable:
        parts = ", ".join(sorted(trail.unavailable))
        raise TrailUnavailable("audit_unavailable", f"The trail of {parts} cannot be read just now, and a download "
                                                    "must hold every entry; try again shortly.",
                               unavailable=sorted(trail.unavailable))
    # A service failing later ends the stream unfinished: the client sees a broken download, not a short one.
    with runtime.uow() as uow:
        occupation_names = occupations.names_in(uow, lang)
    response = Response(audit_csv(trail.entries(), lang, occupation_names), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


@blp.route("/audit")
class MergedAuditResource(MethodView):
    @roles_required("hr")
    @blp.arguments(MergedAuditArgs, location="query")
    @blp.response(200, MergedAuditPage)
    @also_sent_as(blp, "text/csv", description="`format=csv`: every matching entry as CSV, newest first, streamed")
    def get(self, args):
        """Who changed what and when, across every part, newest first [admin; hr: directory and credentials]."""
        if args.get("format") == "csv":
            return as_csv(MergedTrail(args, BATCH), args.get("lang"))
        skipped = 0 if args.get("before") else (args["page"] - 1) * args["per_page"]
        # one more than the page, to know whether more follow
        trail = MergedTrail(args, min(skipped + args["per_page"] + 1, BATCH))
        entries = trail.page(skipped, args["per_page"] + 1)
        return page_answer(entries, args, trail.total()) | {"unavailable": sorted(trail.unavailable)}
