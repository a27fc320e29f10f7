"""Attendance and assessment scores of a session."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required

from banzu_training.bootstrap import runtime
from banzu_training.domain import AttendanceMark
from banzu_training.domain.attendance import MAX_CREDITED_HOURS
from banzu_training.entrypoints.api.common import code_string, number_in, two_places
from banzu_training.service_layer import attendance

blp = Blueprint("attendance", __name__, description="Attendance and assessment scores")


class MarkSchema(Schema):
    employee_no = code_string(required=True)
    present = fields.Boolean(required=True)
    hours = number_in(Decimal(0), MAX_CREDITED_HOURS, load_default=None, allow_none=True,
                      metadata={"description": "Credited hours; the session's length to the half hour when omitted."})
    score = number_in(Decimal(0), Decimal(100), load_default=None, allow_none=True)


class SheetSchema(Schema):
    records = fields.List(fields.Nested(MarkSchema), required=True, validate=validate.Length(max=10_000))


class RecordSchema(Schema):
    employee_no = fields.String()
    present = fields.Boolean()
    hours = two_places()
    score = two_places(allow_none=True)
    completed = fields.Boolean()
    on = fields.Date()


class AttendanceSchema(Schema):
    session_id = fields.Integer()
    records = fields.List(fields.Nested(RecordSchema))


@blp.route("/sessions/<int:session_id>/attendance")
class AttendanceResource(MethodView):
    @roles_required("trainer", "hr")
    @blp.response(200, AttendanceSchema)
    def get(self, session_id):
        """The session's attendance records so far, by employee number [trainer, hr]."""
        with runtime.uow() as uow:
            records = attendance.records_of(uow, session_id)
        return {"session_id": session_id, "records": records}

    @roles_required("trainer")
    @blp.arguments(SheetSchema)
    @blp.response(200, AttendanceSchema)
    @blp.alt_response(409, description="session_not_started, or not_enrolled (with employee_nos)")
    def post(self, body, session_id):
        """Record attendance and scores; a worker recorded again is replaced [trainer]."""
        marks = [AttendanceMark(**mark) for mark in body["records"]]
        with runtime.uow() as uow:
            records = attendance.record(uow, session_id, marks, datetime.now(timezone.utc))
            uow.commit()
        return {"session_id": session_id, "records": records}
