"""The course catalogue and the certification programmes built on it."""
from __future__ import annotations

from banzu_common.errors import Conflict, Invalid

from banzu_training.domain import CertificationProgramme, Course
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create_course(uow: TrainingUnitOfWork, fields: dict) -> Course:
    course = Course(**fields)
    if uow.courses.get(course.code) is not None:
        raise Conflict("course_exists", f"There is already a course {course.code!r}.")
    uow.courses.add(course)
    return course


def list_courses(uow: TrainingUnitOfWork, occupation: str | None, kind: str | None, page: int,
                 per_page: int) -> tuple[list[Course], int]:
    return uow.courses.page(occupation, kind, page, per_page)


def create_programme(uow: TrainingUnitOfWork, fields: dict) -> CertificationProgramme:
    programme = CertificationProgramme(**fields)
    known = uow.courses.existing(programme.courses)
    unknown = {f"courses[{i}]": [f"There is no course {code!r}."]
               for i, code in enumerate(programme.courses) if code not in known}
    if unknown:
        raise Invalid(unknown)
    if uow.programmes.get(programme.code) is not None:
        raise Conflict("program_exists", f"There is already a certification programme {programme.code!r}.")
    uow.programmes.add(programme)
    return programme


def list_programmes(uow: TrainingUnitOfWork, page: int, per_page: int) -> tuple[list[CertificationProgramme], int]:
    return uow.programmes.page(page, per_page)
