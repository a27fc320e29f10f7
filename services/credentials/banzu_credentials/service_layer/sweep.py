"""The expiry sweep: every notice due on a date, recorded and published once."""
from __future__ import annotations

from datetime import date

from banzu_common.context import correlation_id
from banzu_common.errors import Conflict
from banzu_common.messaging.contracts import CredentialExpired, CredentialExpiring

from banzu_credentials import domain
from banzu_credentials.adapters.sweep import insert_due_notices, insert_due_notices_and_events
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def check_sweep_day(on: date, today: date, demo: bool) -> None:
    """A sweep writes permanent `expired` notices and their penalties dated `on`: a later day than
    today would date them in the future. Only a demonstration system moves its clock forward."""
    if on > today and not demo:
        raise Conflict("future_date", f"{on.isoformat()} is after today ({today.isoformat()}); a sweep for a later "
                       "day can only be previewed (dry_run=true).")


def sweep(uow: CredentialsUnitOfWork, on: date) -> dict[str, int]:
    """Inserts the due notices set-based with their events; returns how many `expiring` and
    `expired` notices this run sent. On PostgreSQL one statement also writes the events (built in
    SQL from the contracts' fields); on SQLite the notices come back and their events are recorded."""
    if uow.session.get_bind().dialect.name == "postgresql":
        sent = insert_due_notices_and_events(uow.session, on, uow.outbox.source, correlation_id.get(),
                                             uow.outbox.table)
        return _audited(uow, on, {"expiring": sent[CredentialExpiring.TYPE], "expired": sent[CredentialExpired.TYPE]})
    notices = insert_due_notices(uow.session, on)
    for notice in notices:
        names = {"number": notice.number, "type_name_zh": notice.type_name_zh, "type_name_en": notice.type_name_en}
        if notice.kind == domain.EXPIRED:
            uow.record(domain.CredentialExpired(notice.credential_id, notice.employee_no, notice.type_code,
                                                notice.expires_on, **names))
        else:
            uow.record(domain.CredentialExpiring(notice.credential_id, notice.employee_no, notice.type_code,
                                                 notice.expires_on, (notice.expires_on - on).days, notice.threshold,
                                                 **names))
    expired = sum(1 for n in notices if n.kind == domain.EXPIRED)
    return _audited(uow, on, {"expiring": len(notices) - expired, "expired": expired})


def _audited(uow: CredentialsUnitOfWork, on: date, sent: dict[str, int]) -> dict[str, int]:
    """One entry per run: the notices it sent carry its day (`sent_on`), and tens of thousands of
    entries would cost the sweep as much as the notices themselves."""
    if sent["expiring"] or sent["expired"]:
        uow.audit("sweep", "expiry_sweep", on.isoformat(), after=sent)
    return sent
