"""The course catalogue and the certification programmes built on it."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from banzu_common.errors import Duplicate, NotFound
from banzu_common.occupation_catalogue import require_occupation
from banzu_common.rules import no_such

from banzu_training.domain import CertificationProgramme, Course, ProgrammeProgress, programme_progress
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create_course(uow: TrainingUnitOfWork, fields: dict) -> Course:
    course = Course(**fields)
    require_occupation(uow.occupations, course.occupation)
    if uow.courses.get(course.code) is not None:
        raise Duplicate("course_exists", f"There is already a course {course.code!r}.", "code")
    uow.courses.add(course)
    uow.audit("create", "course", course.code, after=asdict(course))
    return course


def get_course(uow: TrainingUnitOfWork, code: str) -> Course:
    course = uow.courses.get(code)
    if course is None:
        raise NotFound(f"There is no course {code!r}.")
    return course


def change_course(uow: TrainingUnitOfWork, code: str, changes: dict) -> Course:
    """Any field but the code; the whole course is checked again. Attendance already recorded keeps
    the result it had: a new pass mark applies to assessments recorded from then on."""
    current = uow.courses.get_for_update(code)
    if current is None:
        raise NotFound(f"There is no course {code!r}.")
    course = Course(**(asdict(current) | changes | {"code": current.code}))
    if course.occupation != current.occupation:
        require_occupation(uow.occupations, course.occupation)
    uow.courses.save(course)
    uow.audit("change", "course", course.code, asdict(current), asdict(course))
    return course


def list_courses(uow: TrainingUnitOfWork, occupation: str | None, kind: str | None, page: int,
                 per_page: int) -> tuple[list[Course], int]:
    return uow.courses.page(occupation, kind, page, per_page)


def create_programme(uow: TrainingUnitOfWork, fields: dict) -> CertificationProgramme:
    programme = CertificationProgramme(**fields)
    known = uow.courses.existing(programme.courses)
    unknown = {f"courses[{i}]": [no_such("course", code)]
               for i, code in enumerate(programme.courses) if code not in known}
    require_occupation(uow.occupations, programme.occupation, unknown)
    if uow.programmes.get(programme.code) is not None:
        raise Duplicate("program_exists", f"There is already a certification programme {programme.code!r}.",
                        "code")
    uow.programmes.add(programme)
    uow.audit("create", "certification_program", programme.code, after=asdict(programme))
    return programme


def list_programmes(uow: TrainingUnitOfWork, page: int, per_page: int) -> tuple[list[CertificationProgramme], int]:
    return uow.programmes.page(page, per_page)


def get_programme(uow: TrainingUnitOfWork, code: str) -> CertificationProgramme:
    programme = uow.programmes.get(code)
    if programme is None:
        raise NotFound(f"There is no certification programme {code!r}.")
    return programme


@dataclass(frozen=True)
class WorkerProgress:
    employee_no: str
    name: str | None
    progress: ProgrammeProgress


def programme_workers(uow: TrainingUnitOfWork, code: str, page: int, per_page: int,
                      today: date) -> tuple[CertificationProgramme, list[WorkerProgress], int]:
    """Each worker's way to the programme: the workers of its occupation still with the company, and
    anyone else (also who left) who has attended one of its courses or earned it, by employee number."""
    programme = get_programme(uow, code)
    records = defaultdict(list)
    for record in uow.attendance.of_courses(programme.courses):
        records[record.employee_no].append(record)
    earned = uow.certifications.holders(programme.code)
    everyone = sorted(set(uow.workers.of_occupation(programme.occupation, today)) | set(records) | earned)
    shown = everyone[(page - 1) * per_page:page * per_page]
    names = uow.workers.names(shown)
    rows = [WorkerProgress(no, names.get(no), programme_progress(programme, records[no], earned=no in earned))
            for no in shown]
    return programme, rows, len(everyone)
