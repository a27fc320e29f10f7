"""Recertification from credentials events: one case per credential, planned into a refresher."""
from __future__ import annotations

from datetime import date, timedelta

from banzu_common.messaging.contracts import CredentialExpiring, CredentialIssued, CredentialRevoked

from banzu_training.adapters.tables import credential_copies as credentials
from training_support import course_body, deliver, envelope, later, session_body


def expiring(credential_id, employee_no, type_code, expires_on, threshold):
    return envelope(CredentialExpiring.TYPE, {
        "credential_id": credential_id, "employee_no": employee_no, "type_code": type_code,
        "expires_on": expires_on.isoformat(), "days_left": 30, "threshold": threshold}, "/banzu/credentials")


def cases(client, auth, employee_no):
    answer = client.get(f"/api/v1/recertifications?employee_no={employee_no}", headers=auth("hr"))
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def refresher(client, trainer, code, type_code):
    body = course_body(code, kind="refresher", credential_type=type_code)
    assert client.post("/api/v1/courses", json=body, headers=trainer).status_code == 201


def test_expiring_reminder_plans_one_case(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    worker = directory.worker(f"W{tag}", directory.team(f"T{tag}"))
    type_code = f"se_{tag.lower()}"
    refresher(client, trainer, f"R{tag}", type_code)
    soon = client.post("/api/v1/sessions", json=session_body(f"R{tag}", later(days=5)), headers=trainer).json
    client.post("/api/v1/sessions", json=session_body(f"R{tag}", later(days=40), location="Late room"),
                headers=trainer)
    expires_on = (later(days=30)).date()
    reminder = expiring(f"cred-{tag}", worker, type_code, expires_on, 30)

    assert [d.outcome for d in deliver(runtime, reminder)] == ["done"]
    assert [d.outcome for d in deliver(runtime, reminder)] == ["done"], "a redelivery is acknowledged"
    found = cases(client, auth, worker)
    assert found == [{"employee_no": worker, "name": f"Worker {worker}", "credential_id": f"cred-{tag}",
                      "type_code": type_code, "expires_on": expires_on.isoformat(), "status": "planned", "session_id": soon["id"]}]
    roster = client.get(f"/api/v1/sessions/{soon['id']}/enrollments", headers=trainer).json["items"]
    assert [(r["employee_no"], r["status"]) for r in roster] == [(worker, "enrolled")]

    deliver(runtime, expiring(f"cred-{tag}", worker, type_code, expires_on, 7))
    assert len(cases(client, auth, worker)) == 1, "a later reminder adds no case"
    with runtime.engine.connect() as connection:
        copy = connection.execute(credentials.select().where(credentials.c.credential_id == f"cred-{tag}")).one()
    assert (copy.status, copy.expires_on) == ("expiring", expires_on)


def test_unplanned_case_is_planned_when_a_refresher_appears(runtime, client, auth, directory, tag):
    trainer = auth("trainer")
    worker = directory.worker(f"W{tag}", directory.team(f"T{tag}"))
    type_code = f"so_{tag.lower()}"
    refresher(client, trainer, f"R{tag}", type_code)
    expires_on = later(days=20).date()
    client.post("/api/v1/sessions", json=session_body(f"R{tag}", later(days=25)), headers=trainer)
    deliver(runtime, expiring(f"cred-{tag}", worker, type_code, expires_on, 30))
    [case] = cases(client, auth, worker)
    assert case["status"] == "unplanned" and "session_id" not in case, "the only session starts after the expiry"

    created = client.post("/api/v1/sessions", json=session_body(f"R{tag}", later(days=10), location="Early room"),
                          headers=trainer).json
    [case] = cases(client, auth, worker)
    assert (case["status"], case["session_id"]) == ("planned", created["id"])
    assert created["enrolled"] == 1
    unplanned = client.get("/api/v1/recertifications?status=unplanned", headers=trainer).json["items"]
    assert all(c["credential_id"] != f"cred-{tag}" for c in unplanned)


def test_credential_copy_keeps_the_newest_state(runtime, directory, tag):
    worker = directory.worker(f"W{tag}", directory.team(f"T{tag}"))
    base = {"credential_id": f"cred-{tag}", "employee_no": worker, "type_code": "special_equipment"}
    deliver(runtime, envelope(CredentialRevoked.TYPE, {**base, "reason": "fraud"}))
    deliver(runtime, envelope(CredentialIssued.TYPE, {**base, "number": f"N{tag}", "issued_on": "2024-01-01",
                                                  "expires_on": "2028-01-01"}))
    with runtime.engine.connect() as connection:
        copy = connection.execute(credentials.select().where(credentials.c.credential_id == f"cred-{tag}")).one()
    assert (copy.status, copy.number, copy.issued_on) == ("revoked", f"N{tag}", date(2024, 1, 1)), \
        "a late `issued` fills in facts but does not undo the revocation"
    assert copy.expires_on - copy.issued_on == timedelta(days=1461)
