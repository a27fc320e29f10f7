"""The set-based expiry sweep agrees with the domain's `notice_due`, and concurrent sweeps send each
notice once (domain.md "Expiry sweep", quality.md S3)."""
from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.contracts import CredentialExpired, CredentialExpiring

from banzu_credentials.adapters.repository import NO_THRESHOLD
from banzu_credentials.adapters.tables import credential_notices, credentials, metadata
from banzu_credentials.domain import EXPIRED, EXPIRING, Credential, Notice, new_credential_type, notice_due
from banzu_credentials.service_layer.sweep import sweep
from credentials_support import outbox_events

BASE = date(2026, 6, 1)


def add_random_credentials(uow, rng: random.Random, count: int) -> None:
    """Credentials of every type around BASE, some revoked or superseded, some with notices sent."""
    uow.types.add(new_credential_type("no_reminders", "No reminders", validity_months=12))
    types = list(uow.types.all().values())
    rows, notices = [], []
    for index in range(count):
        ctype = rng.choice(types)
        expires_on = None if ctype.validity_months is None else BASE + timedelta(days=rng.randint(-60, 150))
        credential_id = str(uuid.uuid4())
        facts = {"employee_no": f"E{index}", "type_code": ctype.code, "expires_on": expires_on or BASE}
        rows.append({"id": credential_id, "employee_no": f"E{index}", "type_code": ctype.code, "number": f"R{index}",
                     "issuer": "Plant", "issued_on": date(2020, 1, 1), "expires_on": expires_on,
                     "verification_code": "ABCDEFGH", "created_at": BASE,
                     "revoked_on": BASE if rng.random() < 0.08 else None,
                     "superseded_by": "someone" if rng.random() < 0.08 else None})
        for threshold in ctype.reminder_days:
            if rng.random() < 0.2:
                notices.append({"credential_id": credential_id, "kind": EXPIRING, "threshold": threshold,
                                "sent_on": BASE, **facts})
        if expires_on is not None and rng.random() < 0.1:
            notices.append({"credential_id": credential_id, "kind": EXPIRED, "threshold": NO_THRESHOLD,
                            "sent_on": BASE, **facts})
    uow.session.execute(insert(credentials), rows)
    if notices:
        uow.session.execute(insert(credential_notices), notices)


def expected_notices(uow, on: date) -> set[tuple[str, str, int | None]]:
    types = uow.types.all()
    expected = set()
    for credential in uow.credentials.load_rows(uow.session.execute(select(credentials)).all()):
        notice = notice_due(on, expires_on=credential.expires_on,
                            reminder_days=types[credential.type_code].reminder_days,
                            sent=[Notice(n.kind, n.threshold) for n in credential.notices],
                            revoked=credential.revoked, superseded=credential.superseded)
        if notice is not None:
            expected.add((credential.id, notice.kind, notice.threshold))
    return expected


def swept_events(uow, after: int = 0) -> list[dict]:
    """The expiring and expired events in the outbox past position `after`; each must parse with the
    CloudEvents SDK and carry the outbox row's event id."""
    outbox = metadata.tables["outbox"]
    rows = uow.session.execute(outbox.select().where(outbox.c.position > after,
                                                     outbox.c.type.in_([CredentialExpiring.TYPE, CredentialExpired.TYPE]))).all()
    for row in rows:
        envelope = Envelope.from_json(row.body)
        assert (envelope.id, envelope.type, envelope.source) == (row.event_id, row.type, "/banzu/credentials")
    return [e for type_ in (CredentialExpiring.TYPE, CredentialExpired.TYPE)
            for e in outbox_events(uow.session, outbox, type_, after)]


def last_position(uow) -> int:
    return uow.session.scalar(select(func.coalesce(func.max(metadata.tables["outbox"].c.position), 0)))


def test_sweep_sql_matches_notice_due_on_random_data(standalone_uow):
    rng = random.Random(20261122)
    with standalone_uow() as uow:
        add_random_credentials(uow, rng, 600)
        uow.commit()
    on = BASE
    for _ in range(8):
        on += timedelta(days=rng.randint(0, 40))
        with standalone_uow() as uow:
            expected = expected_notices(uow, on)
            before = last_position(uow)
            result = sweep(uow, on)
            uow.commit()
        with standalone_uow() as uow:
            stored = {(n.credential_id, n.kind, None if n.kind == EXPIRED else n.threshold)
                      for n in uow.session.execute(select(credential_notices)
                                                   .where(credential_notices.c.sent_on == on))}
            events = swept_events(uow, before)
            facts = {row.id: row for row in uow.session.execute(select(credentials))}
        assert stored == expected, on
        assert result == {"expiring": sum(1 for _, kind, _ in expected if kind == EXPIRING),
                          "expired": sum(1 for _, kind, _ in expected if kind == EXPIRED)}
        assert {(e["data"]["credential_id"], e["type"].split(".")[3], e["data"].get("threshold"))
                for e in events} == expected
        for e in events:
            row = facts[e["data"]["credential_id"]]
            assert (e["data"]["employee_no"], e["data"]["type_code"], e["data"]["expires_on"]) == (
                row.employee_no, row.type_code, row.expires_on.isoformat())
            if e["type"] == CredentialExpiring.TYPE:
                assert e["data"]["days_left"] == (row.expires_on - on).days
        with standalone_uow() as uow:
            assert sweep(uow, on) == {"expiring": 0, "expired": 0}, "a second run on the same day sends nothing"


def test_concurrent_sweeps_send_each_notice_once(standalone_uow):
    with standalone_uow() as uow:
        ctype = uow.types.get("special_equipment")
        for index in range(3000):
            credential = Credential.issue(credential_id=str(uuid.uuid4()), ctype=ctype, employee_no=f"E{index}",
                                          number=f"C{index}", issuer="Bureau", verification_code="ABCDEFGH",
                                          issued_on=date(2022, 12, 20), expires_on=BASE + timedelta(days=index % 120))
            uow.credentials.add(credential)
        uow.commit()
    start, results, failures = threading.Barrier(2), [], []

    def run():
        try:
            with standalone_uow() as uow:
                start.wait()
                results.append(sweep(uow, BASE))
                uow.commit()
        except Exception as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    with standalone_uow() as uow:
        notices = uow.session.scalar(select(func.count()).select_from(credential_notices))
        events = Counter(e["data"]["credential_id"] for e in swept_events(uow))
    # Expiring on BASE..BASE+90: 91 days of every 120, each credential one notice for its threshold.
    crossing = sum(1 for index in range(3000) if index % 120 <= 90)
    assert notices == crossing == sum(r["expiring"] for r in results) == len(events)
    assert set(events.values()) == {1}
