"""Sessions: scheduled deliveries of a course."""
from __future__ import annotations

from datetime import datetime, timezone

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.pagination import PageArgs
from banzu_common.auth import current_principal, roles_required
from banzu_common.pagination import page_of, paged

from banzu_training.bootstrap import runtime
from banzu_training.domain import Session
from banzu_training.entrypoints.api.common import code_string, name_string
from banzu_training.service_layer import scheduling

blp = Blueprint("sessions", __name__, description="Training sessions")
# Far enough for any timetable, near enough that offsets and date arithmetic cannot overflow.
INSTANTS = validate.Range(min=datetime(1900, 1, 1, tzinfo=timezone.utc),
                          max=datetime(9000, 1, 1, tzinfo=timezone.utc))
DAYS = validate.Range(min=INSTANTS.min.date(), max=INSTANTS.max.date())


class NewSessionSchema(Schema):
    course_code = code_string(required=True)
    trainer = code_string(load_default=None, allow_none=True,
                   metadata={"description": "The trainer's user name; the caller's when omitted."})
    starts_at = fields.AwareDateTime(required=True, validate=INSTANTS)
    ends_at = fields.AwareDateTime(required=True, validate=INSTANTS)
    location = name_string(required=True)
    capacity = fields.Integer(required=True, strict=True)


class SessionSchema(Schema):
    id = fields.Integer()
    course_code = fields.String()
    trainer = fields.String()
    location = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    capacity = fields.Integer()
    enrolled = fields.Integer()
    free_seats = fields.Integer()


class SessionFilter(PageArgs):
    course = code_string()
    from_ = fields.Date(data_key="from", validate=DAYS, metadata={"description": "First local start day."})
    to = fields.Date(validate=DAYS, metadata={"description": "Last local start day."})


def present(session: Session, enrolled: int) -> dict:
    return {"id": session.id, "course_code": session.course_code, "trainer": session.trainer,
            "location": session.location, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "capacity": session.capacity, "enrolled": enrolled,
            "free_seats": max(session.capacity - enrolled, 0)}


@blp.route("/sessions")
class SessionsResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(NewSessionSchema)
    @blp.response(201, SessionSchema)
    @blp.alt_response(409, description="trainer_busy or location_busy: an overlapping session exists")
    def post(self, body):
        """Schedule a session [trainer]; refused when its trainer or location is already booked then."""
        principal = current_principal()
        body["trainer"] = body["trainer"] or principal.username
        with runtime.uow() as uow:
            session = scheduling.create_session(uow, body, datetime.now(timezone.utc))
            enrolled = uow.sessions.enrolled_count(session.id)
            uow.commit()
        return present(session, enrolled)

    @blp.arguments(SessionFilter, location="query")
    @blp.response(200, page_of(SessionSchema))
    def get(self, args):
        """List sessions by course and local start day (`from`/`to` inclusive) [any]."""
        with runtime.uow() as uow:
            found, total = scheduling.list_sessions(uow, args.get("course"), args.get("from_"), args.get("to"),
                                                    args["page"], args["per_page"])
        return paged([present(s, n) for s, n in found], args["page"], args["per_page"], total)
