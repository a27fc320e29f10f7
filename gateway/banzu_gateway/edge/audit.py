"""`GET /audit`: the audit trails of every part, merged newest first (api.md, "Audit").

Each part keeps its own trail in its own database; the gateway reads its own (directory, accounts,
scores) directly and asks each service for its page of entries as the caller, merges by time and
pages the result. Admins read every part, HR the directory and credentials only. A service that does
not answer is named in `unavailable`, never silently missing.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from flask import Response, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from banzu_common.audit import AuditFilter, as_answer, count, query
from banzu_common.audit_api import AuditArgs, AuditEntrySchema, filter_of
from banzu_common.auth import current_principal, roles_required
from banzu_common.errors import Forbidden
from banzu_common.openapi_document import also_sent_as
from banzu_common.pagination import page_of
from banzu_common.skill_ladder import LANGUAGES
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.audit_readers import ALL_PARTS, GATEWAY_PARTS, SERVICE_PARTS, parts_readable_by
from banzu_gateway.edge.gather import UNAVAILABLE, Call, gather, whole
from banzu_gateway.exports.audit_trail import audit_csv

blp = Blueprint("audit", __name__, description="Audit trail")

MOST_MERGED = 5_000  # entries merged for one answer: deep pages and downloads stop here
SERVICE_PAGE = 500  # the most entries a service gives in one page
FORWARDED = ("actor", "kind", "id", "id_prefix", "from", "to")  # the filters each service applies itself


class MergedAuditArgs(AuditArgs):
    part = fields.String(validate=validate.OneOf(ALL_PARTS))
    format = fields.String(validate=validate.OneOf(("json", "csv")), metadata={"description": "csv: a download"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "the CSV for people, in zh or en; without it the CSV is for machines (column names, codes)"})


class MergedAuditPage(page_of(AuditEntrySchema, "MergedAuditPageBase")):
    unavailable = fields.List(fields.String(), metadata={"description": "parts whose trail could not be read"})


def readable_parts(part: str | None) -> tuple[str, ...]:
    allowed = parts_readable_by(current_principal())
    if part is not None and part not in allowed:
        raise Forbidden("forbidden", f"The {part} trail is for admins only.")
    return (part,) if part else allowed


def gateway_entries(parts: tuple[str, ...], wanted: AuditFilter, depth: int) -> tuple[list[dict], int]:
    """The gateway's own entries of `parts`: the newest `depth` of them, and how many match."""
    own = tuple(p for p in parts if p in GATEWAY_PARTS)
    if not own:
        return [], 0
    mine = replace(wanted, parts=own)
    table = runtime.metadata.tables["audit_log"]
    with runtime.engine.connect() as connection:
        rows = connection.execute(query(table, mine).limit(depth)).all()
        total = connection.execute(count(table, mine)).scalar_one()
    return [as_answer(row) for row in rows], total


def service_entries(parts: tuple[str, ...], depth: int, headers: dict) -> tuple[list[dict], int, set[str]]:
    """Each service's newest `depth` entries and how many match, a page at a time (all services asked
    at once, so a deep page costs a service one request after another, never many together); a part
    missing any page is left out whole and named: a list with holes would mislead."""
    wanted = {key: value for key, value in request.args.items() if key in FORWARDED}
    per_page = min(depth, SERVICE_PAGE)
    found: dict[str, list[dict]] = {part: [] for part in parts if part in SERVICE_PARTS}
    totals: dict[str, int] = {}
    unavailable: set[str] = set()
    pending = dict.fromkeys(found, 1)  # the next page to ask each service for
    while pending:
        answers = gather([Call(part, part, f"{API_PREFIX}/audit?" + urlencode(
            wanted | {"page": page, "per_page": per_page}), whole) for part, page in pending.items()], headers)
        for part, page in list(pending.items()):
            answer = answers[part]
            if answer == UNAVAILABLE:
                unavailable.add(part)
                del pending[part]
                continue
            found[part] += answer["items"]
            totals[part] = answer["total"]
            if answer["items"] and page * per_page < min(answer["total"], depth):
                pending[part] = page + 1
            else:
                del pending[part]
    kept = [part for part in found if part not in unavailable]
    return [e for part in kept for e in found[part]], sum(totals[part] for part in kept), unavailable


def merged(args: dict, depth: int) -> tuple[list[dict], int, list[str]]:
    parts = readable_parts(args.get("part"))
    entries, total = gateway_entries(parts, filter_of(args), depth)
    headers = {"Authorization": request.headers["Authorization"], "X-Request-ID": g.request_id,
               "Accept": "application/json"}
    theirs, their_total, unavailable = service_entries(parts, depth, headers)
    entries += theirs
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries, total + their_total, sorted(unavailable)


def as_csv(entries: list[dict], lang: str | None) -> Response:
    response = Response(audit_csv(entries, lang), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


@blp.route("/audit")
class MergedAuditResource(MethodView):
    @roles_required("hr")
    @blp.arguments(MergedAuditArgs, location="query")
    @blp.response(200, MergedAuditPage)
    @also_sent_as(blp, "text/csv", description="`format=csv`: the filtered entries (the newest 5,000) as CSV")
    def get(self, args):
        """Who changed what and when, across every part, newest first [admin; hr: directory and credentials]."""
        if args.get("format") == "csv":
            entries, _total, _unavailable = merged(args, MOST_MERGED)
            return as_csv(entries[:MOST_MERGED], args.get("lang"))
        depth = min(args["page"] * args["per_page"], MOST_MERGED)
        entries, total, unavailable = merged(args, depth)
        start = (args["page"] - 1) * args["per_page"]
        return {"items": entries[start:start + args["per_page"]], "page": args["page"], "per_page": args["per_page"],
                "total": total, "unavailable": unavailable}
