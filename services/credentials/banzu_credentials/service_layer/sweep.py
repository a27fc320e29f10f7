"""The expiry sweep: every notice due on a date, recorded and published once."""
from __future__ import annotations

from datetime import date

from banzu_common.errors import Conflict

from banzu_credentials import domain
from banzu_credentials.adapters.sweep import insert_due_notices
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def check_sweep_day(on: date, today: date, demo: bool) -> None:
    """A sweep writes permanent `expired` notices and their penalties dated `on`: a later day than
    today would date them in the future. Only a demonstration system moves its clock forward."""
    if on > today and not demo:
        raise Conflict("future_date", f"{on.isoformat()} is after today ({today.isoformat()}); a sweep for a later "
                       "day can only be previewed (dry_run=true).")


def sweep(uow: CredentialsUnitOfWork, on: date) -> dict[str, int]:
    """Inserts the due notices set-based and records their events, which the unit of work writes
    to the outbox at commit like any other; returns how many `expiring` and `expired` notices this
    run sent."""
    types = uow.types.all()
    sent = insert_due_notices(uow.session, on, types)
    uow.record(*(domain.notice_event(s.notice, on, credential_id=s.credential_id, employee_no=s.employee_no,
                                     ctype=types[s.type_code], number=s.number, expires_on=s.expires_on)
                 for s in sent))
    expired = sum(1 for s in sent if s.notice.kind == domain.EXPIRED)
    return _audited(uow, on, {"expiring": len(sent) - expired, "expired": expired})


def _audited(uow: CredentialsUnitOfWork, on: date, sent: dict[str, int]) -> dict[str, int]:
    """One entry per run: the notices it sent carry its day (`sent_on`), and tens of thousands of
    entries would cost the sweep as much as the notices themselves."""
    if sent["expiring"] or sent["expired"]:
        uow.audit("sweep", "expiry_sweep", on.isoformat(), after=sent)
    return sent
