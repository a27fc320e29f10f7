"""`GET /api/v1/audit`: a part's own audit trail, read with the filters of api.md ("Audit"). The
gateway's `/audit` merges every part's; each part serves its own so its database stays its own.
Entries are never changed or removed through the API (retention: `audit-archive`).

Pages go two ways: `?before=<cursor>` (the `next` of the page before) reads the entries older than
where that page ended, however deep, at the cost of one indexed read; `?page=` counts from the newest
entry (it works to the end too, and every answer names its `next`, so a client can switch)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from banzu_common.audit import AuditFilter, Position, as_answer, count, query
from banzu_common.auth import roles_required
from banzu_common.pagination import PageArgs, page_of
from banzu_common.rules import Rule

TEXT = validate.Length(min=1, max=120)
CURSOR_HELP = ("opaque text: the `next` of the page before. The entries older than where that page ended, "
               "with the same or other filters; without it the newest.")


def is_cursor(text: str) -> None:
    try:
        Position.of_cursor(text)
    except ValueError as error:
        raise ValidationError(Rule("not_a_cursor", "Not a cursor of this trail: take `next` from the page before.")) from error


def position_before(args: dict) -> Position | None:
    return Position.of_cursor(args["before"]) if args.get("before") else None


class AuditArgs(PageArgs):
    before = fields.String(validate=[validate.Length(min=1, max=400), is_cursor],
                           metadata={"description": CURSOR_HELP})
    part = fields.String(validate=validate.Length(min=1, max=40))
    actor = fields.String(validate=validate.Length(min=1, max=80),
                          metadata={"description": "who acted, or whose action an event handler carried out"})
    kind = fields.String(validate=validate.Length(min=1, max=40), metadata={"description": "e.g. credential"})
    id = fields.String(validate=TEXT, metadata={"description": "the thing's id"})
    id_prefix = fields.String(validate=TEXT, metadata={
        "description": "ids that begin with this text: `12/` for the enrolments and attendance of session 12 "
                       "(composite ids join their parts with `/`)"})
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")

    @validates_schema
    def check_range(self, data, **_kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(Rule("before_start", "must not be before 'from'", start="from"), "to")
        if data.get("before") and data.get("page", 1) > 1:
            raise ValidationError(Rule("cursor_and_page", "A page after a cursor is its `next`; give `before` or "
                                                     "`page`, not both."), "page")


class AuditEntrySchema(Schema):
    at = fields.String(metadata={"description": "ISO 8601 instant with offset"})
    number = fields.Integer(metadata={"description": "the entry's number in its part's trail (unique there, rising "
                                                     "as entries are written); orders entries of one instant"})
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


class AuditPage(page_of(AuditEntrySchema, "AuditPageBase")):
    page = fields.Integer(metadata={"description": "the page counted from the newest entry; absent after `before`"})
    next = fields.String(allow_none=True, metadata={
        "description": "opaque cursor: `?before=` it (with the same filters) for the next, older page; null when "
                       "this page holds the oldest matching entry"})


def page_answer(entries: list[dict], args: dict, total: int) -> dict:
    """`entries` holds one more than a page when more follow (that one is not sent, only said)."""
    shown = entries[:args["per_page"]]
    more = len(entries) > args["per_page"]
    answer = {"items": shown, "per_page": args["per_page"], "total": total,
              "next": Position.of_answer(shown[-1]).cursor if more else None}
    return answer if args.get("before") else answer | {"page": args["page"]}


def filter_of(args: dict) -> AuditFilter:
    return AuditFilter(part=args.get("part"), actor=args.get("actor"), kind=args.get("kind"), thing_id=args.get("id"),
                       id_prefix=args.get("id_prefix"), date_from=args.get("date_from"), date_to=args.get("date_to"))


def audit_blueprint(runtime, readers: tuple[str, ...] = ()) -> Blueprint:
    """The part's audit endpoint; `readers` are the roles besides admin that may read it."""
    blp = Blueprint("audit_trail", __name__, description="Audit trail")

    @blp.route("/audit")
    class AuditResource(MethodView):
        @roles_required(*readers)  # admin always may; checked before the query is read
        @blp.arguments(AuditArgs, location="query")
        @blp.response(200, AuditPage)
        def get(self, args):
            """Who changed what and when in this part, newest first [admin, and the readers of this part]."""
            wanted = filter_of(args)
            table = runtime.metadata.tables["audit_log"]
            skipped = 0 if args.get("before") else (args["page"] - 1) * args["per_page"]
            with runtime.engine.connect() as connection:
                total = connection.execute(count(table, wanted)).scalar_one()
                rows = connection.execute(query(table, wanted, position_before(args)).offset(skipped)
                                          .limit(args["per_page"] + 1)).all()
            return page_answer([as_answer(row) for row in rows], args, total)

    return blp
