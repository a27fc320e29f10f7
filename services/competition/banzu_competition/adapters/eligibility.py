"""What registration and publication read from the local copies of the directory and of credentials."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_competition.adapters.tables import contestants, credential_copies, directory_workers
from banzu_competition.domain import Contest, CredentialSnapshot, WorkerSnapshot


def worker(session: Session, employee_no: str) -> WorkerSnapshot | None:
    row = session.execute(select(directory_workers).where(directory_workers.c.employee_no == employee_no)).first()
    if row is None:
        return None
    return WorkerSnapshot(row.employee_no, row.name, row.team_code, row.company, row.occupation, row.grade,
                          row.status, row.left_on)


def credentials(session: Session, employee_no: str) -> list[CredentialSnapshot]:
    rows = session.execute(select(credential_copies).where(credential_copies.c.employee_no == employee_no))
    # A credential known only from a revocation, renewal or expiry was issued at some earlier,
    # unreported date: date.min lets its other facts decide.
    return [CredentialSnapshot(row.type_code, row.issued_on or date.min, row.expires_on, None,
                               row.status == "revoked", row.status == "superseded") for row in rows]


def refresh_grades(session: Session, contest: Contest) -> None:
    """Contestants' grades as the directory knows them now, so promotions start from the current grade."""
    current = session.execute(
        select(contestants.c.employee_no, directory_workers.c.grade)
        .join(directory_workers, directory_workers.c.employee_no == contestants.c.employee_no)
        .where(contestants.c.contest_id == contest.id))
    for employee_no, grade in current:
        if employee_no in contest.contestants:
            contest.contestants[employee_no].grade = grade
