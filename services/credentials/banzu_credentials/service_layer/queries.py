"""What the API reads: credentials with their status on a date, public verification, compliance."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal, select

from banzu_common.errors import NotFound
from banzu_common.leaving import present_on

from banzu_credentials.adapters.tables import credentials, teams, workers
from banzu_credentials.domain import (Credential, CredentialStatus, CredentialType, TeamWorker, mask_name,
                                      team_compliance)
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

# One answer for an unknown number and for a wrong code, so numbers cannot be probed.
NOT_VERIFIED = "No certificate matches this number and verification code."


def credential_view(credential: Credential, ctype: CredentialType, on: date, grade: str | None = None,
                    holder_name: str | None = None) -> dict:
    status = credential.status_on(on, ctype)
    return {
        "id": credential.id, "employee_no": credential.employee_no, "holder_name": holder_name,
        "type_code": credential.type_code,
        "type_name": ctype.name_zh, "number": credential.number, "issuer": credential.issuer,
        "issued_on": credential.issued_on, "expires_on": credential.expires_on,
        "next_review_on": credential.next_review_on, "verification_code": credential.verification_code,
        "grade": grade, "revoked_on": credential.revoked_on, "revoke_reason": credential.revoke_reason,
        "superseded_by": credential.superseded_by, "status": status.value,
        "days_left": credential.days_left(on), "as_of": on,
        "reviews": [r.reviewed_on for r in credential.reviews], "last_reviewed_on": credential.last_reviewed_on,
        # Said on its own, not left to the status: a certificate recorded late can be due for review
        # at once, and whoever records it must be told (domain.md 1.2, "Numbers that explain themselves").
        "review_overdue": status is CredentialStatus.REVIEW_DUE,
        "notices": [{"kind": n.kind, "threshold": n.threshold, "on": n.on} for n in credential.notices],
    }


def status_expression(types: dict[str, CredentialType], on: date):
    """The domain's `status_on` as SQL, so lists can filter and page on status in the database."""
    expiring_from = [and_(credentials.c.type_code == code,
                          credentials.c.expires_on <= on + timedelta(days=max(t.reminder_days)))
                     for code, t in types.items() if t.reminder_days]
    whens = [
        (credentials.c.revoked_on.is_not(None), literal(CredentialStatus.REVOKED.value)),
        (credentials.c.superseded_by.is_not(None), literal(CredentialStatus.SUPERSEDED.value)),
        (credentials.c.expires_on < on, literal(CredentialStatus.EXPIRED.value)),
        (credentials.c.next_review_on < on, literal(CredentialStatus.REVIEW_DUE.value)),
        *[(condition, literal(CredentialStatus.EXPIRING.value)) for condition in expiring_from],
    ]
    return case(*whens, else_=literal(CredentialStatus.VALID.value))


def list_credentials(uow: CredentialsUnitOfWork, filters: dict, on: date, page: int, per_page: int
                     ) -> tuple[list[dict], int]:
    types = uow.types.all()
    query = select(credentials)
    if filters.get("employee_no"):
        query = query.where(credentials.c.employee_no == filters["employee_no"])
    if filters.get("type"):
        query = query.where(credentials.c.type_code == filters["type"])
    if filters.get("team"):
        members = select(workers.c.employee_no).where(workers.c.team_code == filters["team"], present_on(workers, on))
        query = query.where(credentials.c.employee_no.in_(members))
    if filters.get("status"):
        query = query.where(status_expression(types, on) == filters["status"])
    if filters.get("expiring_within") is not None:
        query = query.where(credentials.c.revoked_on.is_(None), credentials.c.superseded_by.is_(None),
                            credentials.c.expires_on >= on,
                            credentials.c.expires_on <= on + timedelta(days=filters["expiring_within"]))
    total = uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = uow.session.execute(query.order_by(credentials.c.employee_no, credentials.c.issued_on, credentials.c.id)
                               .offset((page - 1) * per_page).limit(per_page)).all()
    loaded = uow.credentials.load_rows(rows)
    names = _holder_names(uow, {row.employee_no for row in rows})
    return [credential_view(c, types[c.type_code], on, row.grade, names.get(c.employee_no))
            for c, row in zip(loaded, rows)], total


def _holder_names(uow: CredentialsUnitOfWork, employee_nos: set[str]) -> dict[str, str]:
    """Names from the local copy of the directory (none for a worker not heard of yet)."""
    if not employee_nos:
        return {}
    return dict(uow.session.execute(select(workers.c.employee_no, workers.c.name)
                                    .where(workers.c.employee_no.in_(employee_nos))).all())


def get_credential(uow: CredentialsUnitOfWork, credential_id: str, on: date) -> dict:
    row = uow.session.execute(select(credentials).where(credentials.c.id == credential_id)).first()
    if row is None:
        raise NotFound(f"There is no credential {credential_id!r}.")
    credential = uow.credentials.load_rows([row])[0]
    return credential_view(credential, uow.types.get(credential.type_code), on, row.grade,
                           _holder_names(uow, {row.employee_no}).get(row.employee_no))


def preview(uow: CredentialsUnitOfWork, credential: Credential, on: date) -> dict:
    """A credential checked but not stored (`credentials.checked_issue`), as it would read on `on`."""
    return credential_view(credential, uow.types.get(credential.type_code), on,
                           holder_name=_holder_names(uow, {credential.employee_no}).get(credential.employee_no))


def verify(uow: CredentialsUnitOfWork, number: str, code: str | None, on: date) -> dict:
    credential = uow.credentials.by_number(number)
    if credential is None or not credential.verify(code):
        raise NotFound(NOT_VERIFIED, reason="not_verified")
    ctype = uow.types.get(credential.type_code)
    holder = uow.session.scalar(select(workers.c.name).where(workers.c.employee_no == credential.employee_no))
    return {"number": credential.number, "type": ctype.code, "type_name": ctype.name_zh,
            "type_name_en": ctype.name_en, "holder": mask_name(holder) if holder else None,
            "issued_on": credential.issued_on, "expires_on": credential.expires_on,
            # The date a review_due status is about (the certificate's, not its holder's).
            "next_review_on": credential.next_review_on,
            "status": credential.status_on(on, ctype).value, "as_of": on}


def compliance(uow: CredentialsUnitOfWork, team: str | None, on: date) -> list[dict]:
    """Per team: workers, those with requirements (applicable), compliant, rate, who is missing which
    types (holding in force on `on`), and the members' occupations without requirements. A worker who
    left the company on or before `on` is no member."""
    session = uow.session
    if team is not None and session.scalar(select(teams.c.code).where(teams.c.code == team)) is None:
        raise NotFound(f"There is no team {team!r}.")
    codes = [team] if team is not None else list(session.scalars(select(teams.c.code).order_by(teams.c.code)))
    requirements = uow.requirements.all()
    types = uow.types.all()
    report = []
    for code in codes:
        members = [TeamWorker(w.employee_no, w.name, w.occupation)
                   for w in session.execute(select(workers).where(workers.c.team_code == code,
                                                                  present_on(workers, on)))]
        holdings = _holdings(uow, [m.employee_no for m in members], types, on)
        result = team_compliance(code, members, requirements, holdings)
        report.append({"team_code": code, "workers": result.workers, "applicable": result.applicable,
                       "compliant": result.compliant, "rate": result.rate,
                       "missing": [{"employee_no": m.employee_no, "name": m.name, "missing": list(m.missing)}
                                   for m in result.missing],
                       "unconfigured": list(result.unconfigured)})
    return report


def _holdings(uow: CredentialsUnitOfWork, employee_nos: list[str], types, on: date):
    if not employee_nos:
        return []
    # A credential issued after the day was not held on it.
    rows = uow.session.execute(select(credentials).where(credentials.c.employee_no.in_(employee_nos),
                                                         credentials.c.issued_on <= on)).all()
    return [(c.employee_no, c.type_code, c.status_on(on, types[c.type_code]))
            for c in uow.credentials.load_rows(rows)]

