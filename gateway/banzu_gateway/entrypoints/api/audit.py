"""`GET /audit`: the audit trails of every part, merged newest first (api.md, "Audit";
service_layer/audit_trail.py), as pages or a streamed CSV. A service that does not answer is named in
`unavailable`, never silently missing; a download that cannot have every part is refused.
"""
from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from banzu_common.audit_api import AuditArgs, AuditPage, filter_of, page_answer, position_before
from banzu_common.auth import current_principal, roles_required
from banzu_common.errors import BanzuError
from banzu_common.openapi_document import also_sent_as
from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway.adapters.audit_log import AuditLog
from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.audit_readers import ALL_PARTS
from banzu_gateway.entrypoints.api.service_headers import as_caller
from banzu_gateway.exports.audit_trail import audit_csv
from banzu_gateway.service_layer import occupations
from banzu_gateway.service_layer.audit_trail import MergedTrail, readable_parts

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
    parts = fields.List(fields.String(validate=validate.OneOf(ALL_PARTS)), metadata={
        "description": "the parts whose trail the caller may read (admin: all; hr: directory and credentials); "
                       "`part` takes one of them"})


class TrailUnavailable(BanzuError):
    """A download that would miss a part's entries (503)."""

    title = "Service Unavailable"
    status = 503


def merged_trail(args: dict, size: int) -> MergedTrail:
    """The trail the caller may read, with the filters of the query; the services are asked as the caller."""
    filters = {key: value for key, value in request.args.items() if key in FORWARDED}
    return MergedTrail(readable_parts(current_principal(), args.get("part")), filter_of(args), filters,
                       position_before(args), size, as_caller(),
                       AuditLog(runtime.engine, runtime.metadata.tables["audit_log"]))


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
            return as_csv(merged_trail(args, BATCH), args.get("lang"))
        skipped = 0 if args.get("before") else (args["page"] - 1) * args["per_page"]
        # one more than the page, to know whether more follow
        trail = merged_trail(args, min(skipped + args["per_page"] + 1, BATCH))
        entries = trail.page(skipped, args["per_page"] + 1)
        return page_answer(entries, args, trail.total()) | {
            "unavailable": sorted(trail.unavailable), "parts": list(readable_parts(current_principal(), None))}
