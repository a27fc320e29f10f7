"""Courses of the catalogue."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, update


from banzu_training.adapters.repositories.base import Repository
from banzu_training.adapters.tables import courses
from banzu_training.domain import Course


class CourseRepository(Repository):
    def add(self, course: Course) -> None:
        self.session.execute(insert(courses).values(
            code=course.code, title=course.title, occupation=course.occupation, hours=course.hours,
            kind=course.kind.value, pass_score=course.pass_score, credential_type=course.credential_type))

    def get(self, code: str) -> Course | None:
        row = self.session.execute(select(courses).where(courses.c.code == code)).first()
        return None if row is None else _course(row)

    def existing(self, codes: Iterable[str]) -> set[str]:
        return set(self.session.scalars(select(courses.c.code).where(courses.c.code.in_(list(codes)))))

    def get_for_update(self, code: str) -> Course | None:
        row = self.session.execute(select(courses).where(courses.c.code == code).with_for_update()).first()
        return None if row is None else _course(row)

    def save(self, course: Course) -> None:
        self.session.execute(update(courses).where(courses.c.code == course.code).values(
            title=course.title, occupation=course.occupation, hours=course.hours, kind=course.kind.value,
            pass_score=course.pass_score, credential_type=course.credential_type))

    def page(self, occupation: str | None, kind: str | None, page: int, per_page: int) -> tuple[list[Course], int]:
        query = select(courses)
        if occupation:
            query = query.where(courses.c.occupation == occupation)
        if kind:
            query = query.where(courses.c.kind == kind)
        rows, total = self._page(query, [courses.c.code], page, per_page)
        return [_course(r) for r in rows], total


def _course(row) -> Course:
    return Course(code=row.code, title=row.title, occupation=row.occupation, hours=row.hours, kind=row.kind,
                  pass_score=row.pass_score, credential_type=row.credential_type)
