"""Recertification cases, one per expiring credential."""
from __future__ import annotations


from sqlalchemy import insert, select, update


from banzu_training.adapters.repositories.base import Repository
from banzu_training.adapters.tables import recertification_cases
from banzu_training.domain import CaseStatus, RecertificationCase


class CaseRepository(Repository):
    def get(self, credential_id: str) -> RecertificationCase | None:
        row = self.session.execute(select(recertification_cases)
                                   .where(recertification_cases.c.credential_id == credential_id)
                                   .with_for_update()).first()
        return None if row is None else _case(row)

    def add(self, case: RecertificationCase) -> None:
        self.session.execute(insert(recertification_cases).values(**_case_values(case)))

    def save(self, case: RecertificationCase) -> None:
        self.session.execute(update(recertification_cases)
                             .where(recertification_cases.c.credential_id == case.credential_id)
                             .values(**_case_values(case)))

    def planned_into(self, session_id: int) -> list[RecertificationCase]:
        rows = self.session.execute(select(recertification_cases)
                                    .where(recertification_cases.c.session_id == session_id)
                                    .order_by(recertification_cases.c.id).with_for_update())
        return [_case(r) for r in rows]

    def unplanned(self, type_code: str) -> list[RecertificationCase]:
        """Open cases of this credential type, the soonest expiry first (most urgent)."""
        rows = self.session.execute(select(recertification_cases).where(
            recertification_cases.c.status == CaseStatus.unplanned.value,
            recertification_cases.c.type_code == type_code)
            .order_by(recertification_cases.c.expires_on, recertification_cases.c.id).with_for_update())
        return [_case(r) for r in rows]

    def page(self, status: str | None, employee_no: str | None, page: int,
             per_page: int) -> tuple[list[RecertificationCase], int]:
        query = select(recertification_cases)
        if status:
            query = query.where(recertification_cases.c.status == status)
        if employee_no:
            query = query.where(recertification_cases.c.employee_no == employee_no)
        rows, total = self._page(query, [recertification_cases.c.expires_on, recertification_cases.c.id],
                                 page, per_page)
        return [_case(r) for r in rows], total


def _case(row) -> RecertificationCase:
    return RecertificationCase(credential_id=row.credential_id, employee_no=row.employee_no,
                               type_code=row.type_code, expires_on=row.expires_on,
                               status=CaseStatus(row.status), session_id=row.session_id)


def _case_values(case: RecertificationCase) -> dict:
    return dict(credential_id=case.credential_id, employee_no=case.employee_no, type_code=case.type_code,
                expires_on=case.expires_on, status=case.status.value, session_id=case.session_id)
