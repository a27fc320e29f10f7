"""`GET /audit`: the audit trails of every part, merged newest first (api.md, "Audit").

Each part keeps its own trail in its own database; the gateway reads its own (directory, accounts,
scores) directly and asks each service for its page of entries as the caller, merges by time and
pages the result. Admins read every part, HR the directory and credentials only. A service that does
not answer is named in `unavailable`, never silently missing.
"""
from __future__ import annotations

import csv
import io
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
from banzu_common.pagination import page_of
from banzu_common.web import API_PREFIX

from banzu_gateway.bootstrap import runtime
from banzu_gateway.edge.gather import UNAVAILABLE, Call, gather, whole

blp = Blueprint("audit", __name__, description="Audit trail")

GATEWAY_PARTS = ("directory", "accounts", "scores")
SERVICE_PARTS = ("competition", "training", "credentials")
HR_PARTS = ("directory", "credentials")
MOST_MERGED = 5_000  # entries merged for one answer: deep pages and downloads stop here
CSV_COLUMNS = ("at", "part", "actor", "roles", "job", "event_id", "cause", "action", "kind", "id", "before", "after",
               "request_id")


class MergedAuditArgs(AuditArgs):
    part = fields.String(validate=validate.OneOf(GATEWAY_PARTS + SERVICE_PARTS))
    format = fields.String(validate=validate.OneOf(("json", "csv")), metadata={"description": "csv: a download"})


class MergedAuditPage(page_of(AuditEntrySchema, "MergedAuditPageBase")):
    unavailable = fields.List(fields.String(), metadata={"description": "parts whose trail could not be read"})


def readable_parts(part: str | None) -> tuple[str, ...]:
    allowed = GATEWAY_PARTS + SERVICE_PARTS if current_principal().has("admin") else HR_PARTS
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


def service_calls(parts: tuple[str, ...], depth: int) -> list[Call]:
    wanted = {key: value for key, value in request.args.items() if key in ("actor", "kind", "id", "from", "to")}
    return [Call(part, part, f"{API_PREFIX}/audit?{urlencode(wanted | {'per_page': min(depth, 500)})}", whole)
            for part in parts if part in SERVICE_PARTS]


def merged(args: dict, depth: int) -> tuple[list[dict], int, list[str]]:
    parts = readable_parts(args.get("part"))
    wanted = filter_of(args)
    entries, total = gateway_entries(parts, wanted, depth)
    headers = {"Authorization": request.headers["Authorization"], "X-Request-ID": g.request_id,
               "Accept": "application/json"}
    unavailable = []
    for part, answer in gather(service_calls(parts, depth), headers).items():
        if answer == UNAVAILABLE:
            unavailable.append(part)
            continue
        entries += answer["items"]
        total += answer["total"]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries, total, sorted(unavailable)


def as_csv(entries: list[dict]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([" ".join(e[c]) if c == "roles" else ("" if e.get(c) is None else e[c]) for c in CSV_COLUMNS])
    response = Response("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


@blp.route("/audit")
class MergedAuditResource(MethodView):
    @roles_required("hr")
    @blp.arguments(MergedAuditArgs, location="query")
    @blp.response(200, MergedAuditPage)
    @blp.alt_response(200, description="`format=csv`: the filtered entries (the newest 5,000) as CSV",
                      content_type="text/csv", success=True)
    def get(self, args):
        """Who changed what and when, across every part, newest first [admin; hr: directory and credentials]."""
        if args.get("format") == "csv":
            entries, _total, _unavailable = merged(args, MOST_MERGED)
            return as_csv(entries[:MOST_MERGED])
        depth = min(args["page"] * args["per_page"], MOST_MERGED)
        entries, total, unavailable = merged(args, depth)
        start = (args["page"] - 1) * args["per_page"]
        return {"items": entries[start:start + args["per_page"]], "page": args["page"], "per_page": args["per_page"],
                "total": total, "unavailable": unavailable}
