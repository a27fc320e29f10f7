"""Taking attendance: records saved, one event per new or changed record, then certifications."""
from __future__ import annotations

from dataclasses import asdict

from datetime import datetime

from banzu_common.errors import NotFound

from banzu_training.domain import AttendanceMark, AttendanceRecord, AttendanceSheet
from banzu_training.service_layer import certification
from banzu_training.service_layer.enrollment import locked_session
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def record(uow: TrainingUnitOfWork, session_id: int, marks: list[AttendanceMark],
           now: datetime) -> list[AttendanceRecord]:
    """Applies the sheet (all or nothing); returns every record of the session."""
    session = locked_session(uow, session_id)
    course = uow.courses.get(session.course_code)
    stored = uow.attendance.for_session(session.id)
    seated = frozenset(e.employee_no for e in uow.rosters.for_session(session).enrolled())
    sheet = AttendanceSheet(session, course, seated, dict(stored))
    changed = sheet.record(marks, now)
    for new in changed:
        uow.attendance.save(new, replaces=new.employee_no in stored)
        old = stored.get(new.employee_no)
        uow.audit("record", "attendance", f"{session.id}/{new.employee_no}", None if old is None else asdict(old),
                  asdict(new))
    uow.seen(sheet)  # its AttendanceRecorded events leave at commit
    certification.award(uow, {r.employee_no for r in changed}, course.code)
    return sorted(sheet.records.values(), key=lambda r: r.employee_no)



def records_of(uow: TrainingUnitOfWork, session_id: int) -> list[AttendanceRecord]:
    if uow.training_sessions.get(session_id) is None:
        raise NotFound(f"There is no session {session_id}.")
    return sorted(uow.attendance.for_session(session_id).values(), key=lambda r: r.employee_no)
