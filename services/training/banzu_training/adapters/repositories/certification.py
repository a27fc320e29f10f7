"""Certification programmes and the certifications workers earned."""
from __future__ import annotations


from sqlalchemy import Select, func, insert, select


from banzu_training.adapters.repositories.base import Repository
from banzu_training.adapters.tables import certification_program_courses, certification_programs, certifications
from banzu_training.domain import CertificationEarned, CertificationProgramme


class ProgrammeRepository(Repository):
    def add(self, programme: CertificationProgramme) -> None:
        self.session.execute(insert(certification_programs).values(
            code=programme.code, name=programme.name, occupation=programme.occupation,
            grade=programme.grade.code, min_hours=programme.min_hours, credential_type=programme.credential_type))
        self.session.execute(insert(certification_program_courses), [
            {"program_code": programme.code, "course_code": code, "position": i}
            for i, code in enumerate(programme.courses)])

    def get(self, code: str) -> CertificationProgramme | None:
        found = self._load(select(certification_programs).where(certification_programs.c.code == code))
        return found[0] if found else None

    def all(self) -> list[CertificationProgramme]:
        return self._load(select(certification_programs))

    def requiring(self, course_code: str) -> list[CertificationProgramme]:
        """The programmes whose progress a record of this course can change."""
        return self._load(select(certification_programs).where(certification_programs.c.code.in_(
            select(certification_program_courses.c.program_code)
            .where(certification_program_courses.c.course_code == course_code))))

    def page(self, page: int, per_page: int) -> tuple[list[CertificationProgramme], int]:
        total = self.session.scalar(select(func.count()).select_from(certification_programs))
        query = (select(certification_programs).order_by(certification_programs.c.code)
                 .offset((page - 1) * per_page).limit(per_page))
        return self._load(query), total

    def _load(self, query: Select) -> list[CertificationProgramme]:
        rows = self.session.execute(query).all()
        codes: dict[str, list[str]] = {r.code: [] for r in rows}
        for link in self.session.execute(
                select(certification_program_courses)
                .where(certification_program_courses.c.program_code.in_(list(codes)))
                .order_by(certification_program_courses.c.position)):
            codes[link.program_code].append(link.course_code)
        return [CertificationProgramme(code=r.code, name=r.name, occupation=r.occupation, grade=r.grade,
                                       courses=codes[r.code], min_hours=r.min_hours,
                                       credential_type=r.credential_type)
                for r in sorted(rows, key=lambda r: r.code)]


class CertificationRepository(Repository):
    def add(self, earned: CertificationEarned) -> None:
        self.session.execute(insert(certifications).values(
            certification_id=earned.certification_id, program_code=earned.program_code,
            employee_no=earned.employee_no, grade=earned.grade, earned_on=earned.earned_on))

    def of_worker(self, employee_no: str) -> list:
        return self.session.execute(select(certifications).where(certifications.c.employee_no == employee_no)
                                    .order_by(certifications.c.earned_on, certifications.c.program_code)).all()

    def earned_codes(self, employee_no: str) -> set[str]:
        return {row.program_code for row in self.of_worker(employee_no)}

    def holders(self, program_code: str) -> set[str]:
        return set(self.session.scalars(select(certifications.c.employee_no)
                                        .where(certifications.c.program_code == program_code)))
