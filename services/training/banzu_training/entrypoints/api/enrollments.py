"""Enrollment in sessions: seats while they last, then the waitlist in arrival order."""
from __future__ import annotations

from datetime import datetime, timezone

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from banzu_common.pagination import PageArgs
from banzu_common.auth import require_self_or_roles, roles_required, self_or_roles_required
from banzu_common.pagination import page_of, paged, slice_page

from banzu_training.bootstrap import runtime
from banzu_training.entrypoints.api.common import checked_path_code, code_string
from banzu_training.entrypoints.api.sessions import SessionSchema, present
from banzu_training.service_layer import enrollment

blp = Blueprint("enrollments", __name__, description="Enrollment in sessions")


class EnrolSchema(Schema):
    employee_no = code_string(required=True, metadata={"description": "A worker enrols only themself."})


class EnrollmentSchema(Schema):
    session_id = fields.Integer()
    employee_no = fields.String()
    status = fields.String(metadata={"description": "enrolled or waitlisted"})
    position = fields.Integer(metadata={"description": "1-based place in the waitlist, when waitlisted"})


class RosterRowSchema(EnrollmentSchema):
    name = fields.String(allow_none=True, metadata={"description": "the worker's name, from the directory"})


class WorkerEnrollmentSchema(EnrollmentSchema):
    status = fields.String(metadata={"description": "enrolled, waitlisted, or cancelled (the session was called off)"})
    session = fields.Nested(SessionSchema)


class WorkerEnrollmentFilter(PageArgs):
    upcoming = fields.Boolean(metadata={"description": "true: only sessions that have not started."})


class CancellationSchema(Schema):
    session_id = fields.Integer()
    employee_no = fields.String()
    status = fields.String(metadata={"description": "cancelled"})
    promoted = fields.String(allow_none=True, metadata={"description": "the waitlisted worker who took the seat"})


def _enrollment(session_id: int, employee_no: str, status: str, position: int | None) -> dict:
    answer = {"session_id": session_id, "employee_no": employee_no, "status": status}
    if position is not None:
        answer["position"] = position
    return answer


@blp.route("/sessions/<int:session_id>/enrollments")
class EnrollmentsResource(MethodView):
    @roles_required("trainer", "worker")  # which worker is known once the body is read
    @blp.arguments(EnrolSchema)
    @blp.response(201, EnrollmentSchema)
    @blp.alt_response(409, description="already_enrolled, overlapping_session or session_started")
    @blp.alt_response(422, description="unknown_worker: the employee number is not in the directory")
    def post(self, body, session_id):
        """Enrol a worker [trainer, or a worker for themself]."""
        employee_no = body["employee_no"]
        require_self_or_roles(employee_no, "trainer")
        with runtime.uow() as uow:
            enrolled, position = enrollment.enrol(uow, session_id, employee_no, datetime.now(timezone.utc))
            uow.commit()
        return _enrollment(session_id, enrolled.employee_no, enrolled.status.value, position)

    @roles_required("trainer", "hr")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(RosterRowSchema))
    def get(self, args, session_id):
        """The roster: enrolled workers, then the waitlist in order, with names [trainer, hr]."""
        with runtime.uow() as uow:
            roster = enrollment.roster(uow, session_id)
            names = uow.workers.names(e.employee_no for e in roster.enrollments)
        rows = [_enrollment(session_id, e.employee_no, e.status.value, None) for e in roster.enrolled()]
        rows += [_enrollment(session_id, e.employee_no, e.status.value, place)
                 for place, e in enumerate(roster.waitlist(), start=1)]
        return slice_page([row | {"name": names.get(row["employee_no"])} for row in rows], args)


@blp.route("/sessions/<int:session_id>/enrollments/<employee_no>")
class EnrollmentResource(MethodView):
    @self_or_roles_required("employee_no", "trainer", "hr")
    @blp.response(200, EnrollmentSchema)
    def get(self, session_id, employee_no):
        """One worker's enrollment: enrolled, or waitlisted with the place [trainer, hr, or that worker]; 404 when
        the worker holds none."""
        checked_path_code(employee_no, "enrollment of")
        with runtime.uow() as uow:
            claim, position = enrollment.claim_of(uow, session_id, employee_no)
        return _enrollment(session_id, claim.employee_no, claim.status.value, position)

    @self_or_roles_required("employee_no", "trainer")
    @blp.response(200, CancellationSchema)
    @blp.alt_response(409, description="session_started")
    def delete(self, session_id, employee_no):
        """Cancel an enrollment; the first waitlisted worker takes a freed seat [trainer, or that worker]."""
        checked_path_code(employee_no, "enrollment of")
        with runtime.uow() as uow:
            cancellation = enrollment.cancel(uow, session_id, employee_no, datetime.now(timezone.utc))
            uow.commit()
        promoted = cancellation.promoted
        return {"session_id": session_id, "employee_no": employee_no, "status": "cancelled",
                "promoted": promoted.employee_no if promoted else None}


@blp.route("/workers/<employee_no>/enrollments")
class WorkerEnrollmentsResource(MethodView):
    @self_or_roles_required("employee_no", "trainer", "hr")
    @blp.arguments(WorkerEnrollmentFilter, location="query")
    @blp.response(200, page_of(WorkerEnrollmentSchema))
    def get(self, args, employee_no):
        """A worker's enrollments with their sessions, the earliest first, including those a session's
        cancellation ended [trainer, hr, or that worker]."""
        checked_path_code(employee_no, "worker")
        upcoming_after = datetime.now(timezone.utc) if args.get("upcoming") else None
        with runtime.uow() as uow:
            found, total = enrollment.worker_enrollments(uow, employee_no, upcoming_after, args["page"],
                                                         args["per_page"])
        rows = [_enrollment(e.summary.session.id, employee_no, e.status, e.position) | {"session": present(e.summary)}
                for e in found]
        return paged(rows, args["page"], args["per_page"], total)
