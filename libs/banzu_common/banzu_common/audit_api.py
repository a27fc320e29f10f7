"""`GET /api/v1/audit`: a part's own audit trail, read with the filters of api.md ("Audit"). The
gateway's `/audit` merges every part's; each part serves its own so its database stays its own.
Entries are never changed or removed through the API (retention: `audit-archive`)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from banzu_common.audit import AuditFilter, as_answer, count, query
from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs, page_of, paged

TEXT = validate.Length(min=1, max=120)


class AuditArgs(PageArgs):
    part = fields.String(validate=validate.Length(min=1, max=40))
    actor = fields.String(validate=validate.Length(min=1, max=80),
                          metadata={"description": "who acted, or whose action an event handler carried out"})
    kind = fields.String(validate=validate.Length(min=1, max=40), metadata={"description": "e.g. credential"})
    id = fields.String(validate=TEXT, metadata={"description": "the thing's id"})
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")

    @validates_schema
    def check_range(self, data, **_kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("must not be before 'from'", "to")


class AuditEntrySchema(Schema):
    at = fields.String(metadata={"description": "ISO 8601 instant with offset"})
    part = fields.String()
    actor = fields.String(metadata={"description": "a user name, or `system`"})
    roles = fields.List(fields.String())
    job = fields.String(allow_none=True, metadata={"description": "what the system ran"})
    event_id = fields.String(allow_none=True, metadata={"description": "the event a handler applied"})
    cause = fields.String(allow_none=True, metadata={"description": "whose action caused that event"})
    action = fields.String()
    kind = fields.String()
    id = fields.String()
    before = fields.Dict(allow_none=True, metadata={"description": "the changed fields before"})
    after = fields.Dict(allow_none=True, metadata={"description": "the changed fields after"})
    request_id = fields.String(allow_none=True)


def filter_of(args: dict) -> AuditFilter:
    return AuditFilter(args.get("part"), args.get("actor"), args.get("kind"), args.get("id"), args.get("date_from"),
                       args.get("date_to"))


def audit_blueprint(runtime, readers: tuple[str, ...] = ()) -> Blueprint:
    """The part's audit endpoint; `readers` are the roles besides admin that may read it."""
    blp = Blueprint("audit_trail", __name__, description="Audit trail")

    @blp.route("/audit")
    class AuditResource(MethodView):
        @roles_required(*readers)  # admin always may; checked before the query is read
        @blp.arguments(AuditArgs, location="query")
        @blp.response(200, page_of(AuditEntrySchema, "AuditPage"))
        def get(self, args):
            """Who changed what and when in this part, newest first [admin, and the readers of this part]."""
            wanted = filter_of(args)
            table = runtime.metadata.tables["audit_log"]
            with runtime.engine.connect() as connection:
                total = connection.execute(count(table, wanted)).scalar_one()
                rows = connection.execute(query(table, wanted).offset((args["page"] - 1) * args["per_page"])
                                          .limit(args["per_page"])).all()
            return paged([as_answer(row) for row in rows], args["page"], args["per_page"], total)

    return blp
