"""Attendance records of training sessions."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import insert, select, update


from banzu_training.adapters.repositories.base import Repository
from banzu_training.adapters.tables import attendance_records
from banzu_training.domain import AttendanceRecord


class AttendanceRepository(Repository):
    def for_session(self, session_id: int) -> dict[str, AttendanceRecord]:
        rows = self.session.execute(select(attendance_records).where(attendance_records.c.session_id == session_id))
        return {r.employee_no: _record(r) for r in rows}

    def save(self, record: AttendanceRecord, replaces: bool) -> None:
        values = dict(course_code=record.course_code, present=record.present, hours=record.hours,
                      score=record.score, completed=record.completed, on=record.on)
        if replaces:
            self.session.execute(update(attendance_records).where(
                attendance_records.c.session_id == record.session_id,
                attendance_records.c.employee_no == record.employee_no).values(**values))
        else:
            self.session.execute(insert(attendance_records).values(
                session_id=record.session_id, employee_no=record.employee_no, **values))

    def of_courses(self, course_codes: Iterable[str]) -> list[AttendanceRecord]:
        query = select(attendance_records).where(attendance_records.c.course_code.in_(list(course_codes)))
        return [_record(r) for r in self.session.execute(query)]

    def of_workers(self, employee_nos: Iterable[str], year: int | None = None) -> list[AttendanceRecord]:
        query = select(attendance_records).where(attendance_records.c.employee_no.in_(list(employee_nos)))
        if year is not None:
            query = query.where(attendance_records.c.on.between(date(year, 1, 1), date(year, 12, 31)))
        return [_record(r) for r in self.session.execute(query)]


def _record(row) -> AttendanceRecord:
    return AttendanceRecord(session_id=row.session_id, course_code=row.course_code, employee_no=row.employee_no,
                            present=row.present, hours=row.hours, score=row.score, completed=row.completed,
                            on=row.on)
