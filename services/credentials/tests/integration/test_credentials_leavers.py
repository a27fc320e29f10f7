"""A worker who left the company (the directory's event with status left): from the day they left they
count in no team's compliance or credential summary and get no new certificate, reminder or penalty;
on the days before they counted as then, and their certificates stay readable (history). On this
run's PostgreSQL database and on a new SQLite file."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pika
import pytest
from sqlalchemy import insert

from banzu_common.db import make_engine, migrate, session_factory
from banzu_common.messaging.consumer import Delivery, EventConsumer
from banzu_common.messaging.contracts import OccupationUpserted, PromotionEarned, TeamUpserted, WorkerUpserted
from banzu_common.messaging.outbox import Outbox

from banzu_credentials.adapters.tables import credential_notices, metadata, workers
from banzu_credentials.bootstrap import runtime as service_runtime
from banzu_credentials.domain import Credential
from banzu_credentials.entrypoints.consumer import HANDLERS
from banzu_credentials.service_layer.sweep import sweep
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork
from credentials_support import event

API = "/api/v1"
LEFT_ON = "2026-06-01"


@pytest.fixture(params=["postgresql", "sqlite"])
def part(request, runtime, app, deliver, tmp_path):
    """(test client, deliver) of this run's PostgreSQL database or of a new SQLite file."""
    if request.param == "postgresql":
        yield app.test_client(), deliver
        return
    from banzu_credentials.entrypoints.wsgi import build_app
    with service_runtime.using_database(f"sqlite:///{tmp_path / 'credentials.db'}") as sqlite_runtime:
        consumer = EventConsumer(sqlite_runtime.settings, sqlite_runtime.sessions,
                                 metadata.tables["processed_events"], HANDLERS)

        def apply(envelope):
            delivery = Delivery(1, pika.BasicProperties(message_id=envelope.id, type=envelope.type, headers={}),
                                envelope.to_json())
            consumer.apply([delivery])
            return delivery.outcome

        yield build_app().test_client(), apply


def worker_event(employee_no: str, team: str, occupation: str, **leaving) -> object:
    return event(WorkerUpserted.TYPE, employee_no, {
        "employee_no": employee_no, "name": f"Worker {employee_no}", "team_code": team, "company": "Harbour",
        "occupation": occupation, "grade": "senior", **leaving})


@pytest.fixture
def crew(part, token, tag):
    """Team T: A holds the required certificate, B holds it and left on 2026-06-01, C holds nothing."""
    client, deliver = part
    occupation, team = f"rigger_{tag.lower()}", f"T{tag}"
    deliver(event(OccupationUpserted.TYPE, occupation, {"code": occupation, "name_zh": "起重工", "name_en": "Rigger"}))
    deliver(event(TeamUpserted.TYPE, team, {"code": team, "name": "Crew", "company": "Harbour", "workshop": None}))
    a, b, c = (f"{letter}{tag}" for letter in "ABC")
    for employee_no in (a, b, c):
        assert deliver(worker_event(employee_no, team, occupation)) == "done"
    assert client.put(f"{API}/occupation-requirements/{occupation}", headers=token("admin"),
                      json={"type_codes": ["special_operation"]}).status_code == 200
    hr = token("hr")
    for employee_no in (a, b):
        answer = client.post(f"{API}/credentials", headers=hr, json={
            "employee_no": employee_no, "type_code": "special_operation", "number": f"SO-{employee_no}",
            "issuer": "Bureau", "issued_on": "2025-01-10"})
        assert answer.status_code == 201, answer.get_json()
    assert deliver(worker_event(b, team, occupation, status="left", left_on=LEFT_ON)) == "done"
    return {"client": client, "deliver": deliver, "team": team, "a": a, "b": b, "c": c, "hr": hr}


def test_a_leaver_counts_in_compliance_and_summary_until_the_day_before(crew, token):
    client, hr, team = crew["client"], crew["hr"], crew["team"]
    before = client.get(f"{API}/compliance", headers=hr, query_string={"team": team, "as_of": "2026-05-31"}).get_json()["items"]
    assert [(t["workers"], t["applicable"], t["compliant"]) for t in before] == [(3, 3, 2)]
    after = client.get(f"{API}/compliance", headers=hr, query_string={"team": team, "as_of": LEFT_ON}).get_json()["items"]
    assert [(t["workers"], t["applicable"], t["compliant"]) for t in after] == [(2, 2, 1)]
    assert [m["employee_no"] for m in after[0]["missing"]] == [crew["c"]]

    asked = [crew["a"], crew["b"], crew["c"]]
    summary = client.post(f"{API}/credential-summary", headers=hr, json={"as_of": LEFT_ON, "employee_nos": asked})
    assert [w["employee_no"] for w in summary.get_json()["workers"]] == [crew["a"], crew["c"]]
    earlier = client.post(f"{API}/credential-summary", headers=hr, json={"as_of": "2026-05-31", "employee_nos": asked})
    assert [w["employee_no"] for w in earlier.get_json()["workers"]] == asked
    everyone = client.post(f"{API}/credential-summary", headers=hr, json={"as_of": LEFT_ON}).get_json()["workers"]
    assert crew["b"] not in {w["employee_no"] for w in everyone}

    team_list = client.get(f"{API}/credentials", headers=hr, query_string={"team": team}).get_json()["items"]
    assert [c["employee_no"] for c in team_list] == [crew["a"]], "no longer in the team's list"
    theirs = client.get(f"{API}/credentials", headers=hr, query_string={"employee_no": crew["b"]}).get_json()
    assert [c["number"] for c in theirs["items"]] == [f"SO-{crew['b']}"], "their certificates stay (history)"


def test_no_new_certificate_from_the_day_they_left(crew):
    client, hr, b = crew["client"], crew["hr"], crew["b"]
    new = {"employee_no": b, "type_code": "post_qualification", "issuer": "Bureau"}
    refused = client.post(f"{API}/credentials", headers=hr, json=new | {"number": f"PQ-{b}", "issued_on": LEFT_ON})
    assert refused.status_code == 409, refused.get_json()
    assert (refused.get_json()["reason"], refused.get_json()["left_on"]) == ("worker_left", LEFT_ON)
    checked = client.post(f"{API}/credentials", headers=hr, query_string={"dry_run": "true"},
                          json=new | {"number": f"PQ2-{b}", "issued_on": "2026-06-02"})
    assert checked.status_code == 409, "a check before recording says so too"
    history = client.post(f"{API}/credentials", headers=hr, json=new | {"number": f"PQ0-{b}", "issued_on": "2026-05-01"})
    assert history.status_code == 201, "one issued before they left is history and may still be recorded"

    held = client.get(f"{API}/credentials", headers=hr, query_string={"employee_no": b, "type": "special_operation"})
    renewal = client.post(f"{API}/credentials/{held.get_json()['items'][0]['id']}/renew", headers=hr,
                          json={"number": f"SO2-{b}", "issued_on": "2026-07-01"})
    assert renewal.status_code == 409 and renewal.get_json()["reason"] == "worker_left"

    rows = ("employee_no,type_code,number,issuer,issued_on,expires_on\n"
            f"{b},post_qualification,PQ3-{b},Bureau,2026-06-15,\n"
            f"{crew['a']},post_qualification,PQ-{crew['a']},Bureau,2026-06-15,\n")
    report = client.post(f"{API}/credentials/import", headers=hr, query_string={"partial": "true"},
                         data={"file": (io.BytesIO(rows.encode()), "credentials.csv")},
                         content_type="multipart/form-data").get_json()
    assert report["errors"] == [{"row": 2, "field": "employee_no", "message": "has left the company"}]
    assert report["created"] == 1

    promoted = event(PromotionEarned.TYPE, b, {
        "promotion_id": f"P-{b}", "employee_no": b, "team_code": crew["team"], "occupation": "rigger",
        "from_grade": "senior", "to_grade": "technician", "source": "contest", "source_id": "C1",
        "source_name": "Rigging contest", "effective_on": "2026-07-01"})
    assert crew["deliver"](promoted) == "done"
    numbers = [c["number"] for c in client.get(f"{API}/credentials", headers=hr,
                                               query_string={"employee_no": b}).get_json()["items"]]
    assert f"SKL-P-{b}" not in numbers, "no skill-level certificate for a promotion after they left"


@pytest.fixture(params=["postgresql", "sqlite"])
def fresh_uow(request, migrated_database, tmp_path):
    url = migrated_database() if request.param == "postgresql" else f"sqlite:///{tmp_path / 'sweep.db'}"
    if request.param == "sqlite":
        migrate(service_runtime.migrations_dir, url)
    engine = make_engine(url)
    outbox = Outbox(metadata.tables["outbox"], "/banzu/credentials")
    yield lambda: CredentialsUnitOfWork(session_factory(engine), outbox)
    engine.dispose()


def test_the_sweep_sends_no_expiry_for_a_leaver_s_certificate(fresh_uow):
    with fresh_uow() as uow:
        ctype = uow.types.get("special_equipment")
        for employee_no, status, left_on in (("E1", "active", None), ("E2", "left", date(2026, 5, 1))):
            uow.session.execute(insert(workers).values(
                employee_no=employee_no, name=employee_no, team_code="T1", company="Harbour", occupation="welder",
                grade="senior", changed_at=datetime(2026, 1, 1, tzinfo=timezone.utc), status=status, left_on=left_on))
            uow.credentials.add(Credential.issue(
                credential_id=f"c-{employee_no}", ctype=ctype, employee_no=employee_no, number=f"SE-{employee_no}",
                issuer="Bureau", issued_on=date(2022, 6, 1), verification_code="ABCDEFGH"), grade=None)
        uow.commit()
    with fresh_uow() as uow:
        assert sweep(uow, date(2026, 7, 1)) == {"expiring": 0, "expired": 1}
        uow.commit()
        noticed = uow.session.execute(credential_notices.select()).all()
    assert [(n.credential_id, n.kind) for n in noticed] == [("c-E1", "expired")], "nothing for the leaver's"
