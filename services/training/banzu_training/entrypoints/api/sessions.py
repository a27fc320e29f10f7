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
from banzu_training.domain.sessions import MAX_CAPACITY
from banzu_training.entrypoints.api.common import REASON, code_string, count_in, name_string, two_places
from banzu_training.service_layer import scheduling
from banzu_training.service_layer.scheduling import SessionQuery, SessionSummary

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
    capacity = count_in(1, MAX_CAPACITY, required=True)


class SessionChangeSchema(Schema):
    starts_at = fields.AwareDateTime(validate=INSTANTS)
    ends_at = fields.AwareDateTime(validate=INSTANTS)
    location = name_string()
    capacity = count_in(1, MAX_CAPACITY, metadata={
        "description": "A raised capacity seats the waitlist in order; below the seats taken it is refused."})


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
    waitlisted = fields.Integer()
    attendance_recorded = fields.Integer(metadata={"description": "attendance records taken so far"})
    credited_hours = two_places(metadata={"description": "what a present worker is credited when no hours are "
                                                         "given: the length rounded to the nearest half hour"})
    status = fields.String(metadata={"description": "scheduled or cancelled"})
    cancelled_at = fields.DateTime(allow_none=True)
    cancellation_reason = fields.String(allow_none=True)
    cancelled_by = fields.String(allow_none=True)


class ChangedSessionSchema(SessionSchema):
    enrolled_from_waitlist = fields.List(fields.String(), metadata={
        "description": "employee numbers seated from the waitlist by a raised capacity, in waitlist order"})


class EndedEnrollmentSchema(Schema):
    employee_no = fields.String()
    status = fields.String(metadata={"description": "what the worker held: enrolled or waitlisted"})


class CancelledSessionSchema(SessionSchema):
    cancelled_enrollments = fields.List(fields.Nested(EndedEnrollmentSchema))


class CancelSchema(Schema):
    reason = fields.String(required=True, validate=REASON)


class SessionFilter(PageArgs):
    course = code_string()
    trainer = code_string()
    occupation = code_string(metadata={"description": "Sessions of courses for this occupation."})
    from_ = fields.Date(data_key="from", validate=DAYS, metadata={"description": "First local start day."})
    to = fields.Date(validate=DAYS, metadata={"description": "Last local start day."})
    upcoming = fields.Boolean(metadata={"description": "true: only sessions not cancelled that have not started."})
    needs_attendance = fields.Boolean(metadata={
        "description": "true: only sessions started, not cancelled, with a seated worker whose attendance is "
                       "not recorded yet."})


def present(summary: SessionSummary) -> dict:
    session = summary.session
    return {"id": session.id, "course_code": session.course_code, "trainer": session.trainer,
            "location": session.location, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "capacity": session.capacity, "enrolled": summary.enrolled,
            "free_seats": max(session.capacity - summary.enrolled, 0), "waitlisted": summary.waitlisted,
            "attendance_recorded": summary.recorded, "credited_hours": session.credited_hours(),
            "status": "cancelled" if session.cancelled else "scheduled", "cancelled_at": session.cancelled_at,
            "cancellation_reason": session.cancellation_reason, "cancelled_by": session.cancelled_by}


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
            summary = scheduling.session_summary(uow, session.id)
            uow.commit()
        return present(summary)

    @blp.arguments(SessionFilter, location="query")
    @blp.response(200, page_of(SessionSchema))
    def get(self, args):
        """List sessions by course, trainer, occupation, local start day (`from`/`to` inclusive), upcoming
        or needing attendance, the earliest first [any]."""
        now = datetime.now(timezone.utc)
        query = SessionQuery(course=args.get("course"), trainer=args.get("trainer"), occupation=args.get("occupation"),
                             first_day=args.get("from_"), last_day=args.get("to"),
                             upcoming_after=now if args.get("upcoming") else None,
                             unrecorded_at=now if args.get("needs_attendance") else None)
        with runtime.uow() as uow:
            found, total = scheduling.list_sessions(uow, query, args["page"], args["per_page"])
        return paged([present(s) for s in found], args["page"], args["per_page"], total)


@blp.route("/sessions/<int:session_id>")
class SessionResource(MethodView):
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """One session with its seats taken, waitlist, attendance count and, if called off, why [any]."""
        with runtime.uow() as uow:
            summary = scheduling.session_summary(uow, session_id)
        return present(summary)

    @roles_required("trainer")
    @blp.arguments(SessionChangeSchema)
    @blp.response(200, ChangedSessionSchema)
    @blp.alt_response(409, description="session_started, session_cancelled, capacity_below_enrolled (with "
                                       "`enrolled`, the seats taken), trainer_busy or location_busy (the new time "
                                       "or place overlaps another session)")
    def patch(self, changes, session_id):
        """Change a session's time, location or capacity before it starts [trainer]. A raised capacity seats the
        waitlist in order; a new time or place is told to everyone enrolled or waitlisted."""
        with runtime.uow() as uow:
            session, seated = scheduling.change_session(uow, session_id, changes, datetime.now(timezone.utc))
            summary = scheduling.session_summary(uow, session.id)
            uow.commit()
        return present(summary) | {"enrolled_from_waitlist": [e.employee_no for e in seated]}


@blp.route("/sessions/<int:session_id>/cancel")
class SessionCancelResource(MethodView):
    @roles_required("trainer")
    @blp.arguments(CancelSchema)
    @blp.response(200, CancelledSessionSchema)
    @blp.alt_response(409, description="session_started, or session_cancelled (already)")
    def post(self, body, session_id):
        """Call off a session that has not started [trainer]: every enrollment and waitlist place ends, and
        the cancellation, its reason and the people it concerned are kept so they can be told."""
        with runtime.uow() as uow:
            session, dropped = scheduling.cancel_session(uow, session_id, body["reason"], current_principal().username,
                                                         datetime.now(timezone.utc))
            summary = scheduling.session_summary(uow, session.id)
            uow.commit()
        return present(summary) | {"cancelled_enrollments": [
            {"employee_no": e.employee_no, "status": e.status.value} for e in dropped]}
