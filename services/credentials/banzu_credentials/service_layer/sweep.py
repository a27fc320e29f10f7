"""The expiry sweep: every notice due on a date, recorded and published once."""
from __future__ import annotations

from datetime import date

from banzu_common.context import correlation_id
from banzu_common.messaging.catalogue import CREDENTIAL_EXPIRED, CREDENTIAL_EXPIRING
from banzu_common.messaging.envelope import Envelope

from banzu_credentials.adapters.sweep import insert_due_notices, insert_due_notices_and_events
from banzu_credentials.domain import EXPIRED
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def sweep(uow: CredentialsUnitOfWork, on: date) -> dict[str, int]:
    """Inserts the due notices set-based with their events (built in SQL on PostgreSQL, in Python
    on SQLite); returns how many `expiring` and `expired` notices this run sent."""
    source, correlation = uow.outbox.source, correlation_id.get()
    if uow.session.get_bind().dialect.name == "postgresql":
        sent = insert_due_notices_and_events(uow.session, on, source, correlation, uow.outbox.table)
        return {"expiring": sent[CREDENTIAL_EXPIRING], "expired": sent[CREDENTIAL_EXPIRED]}
    notices = insert_due_notices(uow.session, on)
    envelopes = []
    for notice in notices:
        data = {"credential_id": notice.credential_id, "employee_no": notice.employee_no,
                "type_code": notice.type_code, "expires_on": notice.expires_on}
        if notice.kind == EXPIRED:
            envelopes.append(Envelope.new(CREDENTIAL_EXPIRED, source, notice.credential_id, data, correlation))
        else:
            data |= {"days_left": (notice.expires_on - on).days, "threshold": notice.threshold}
            envelopes.append(Envelope.new(CREDENTIAL_EXPIRING, source, notice.credential_id, data, correlation))
    uow.outbox.add_all(uow.session, envelopes)
    expired = sum(1 for n in notices if n.kind == EXPIRED)
    return {"expiring": len(notices) - expired, "expired": expired}
