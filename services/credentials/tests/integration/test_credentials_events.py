"""Consumed events through the real EventConsumer.apply: directory copies keep the newer state, and
certifications and promotions issue one credential each, however often they arrive (events.md)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from banzu_common.messaging.contracts import CertificationEarned, CredentialIssued, PromotionEarned, WorkerUpserted

from banzu_credentials.adapters.tables import credentials, metadata, workers
from credentials_support import event, outbox_events


def worker_event(employee_no: str, name: str, time: datetime):
    return event(WorkerUpserted.TYPE, employee_no, {"employee_no": employee_no, "name": name, "team_code": "T1",
                                                "company": "Harbour", "occupation": "welder", "grade": "senior"}, time)


def test_an_older_worker_change_arriving_late_is_ignored(deliver, runtime, tag):
    now = datetime.now(timezone.utc)
    deliver(worker_event(f"W{tag}", "New name", now))
    deliver(worker_event(f"W{tag}", "Old name", now - timedelta(minutes=5)))
    with runtime.sessions() as session:
        assert session.scalar(select(workers.c.name).where(workers.c.employee_no == f"W{tag}")) == "New name"
    deliver(worker_event(f"W{tag}", "Newest name", now + timedelta(minutes=5)))
    with runtime.sessions() as session:
        assert session.scalar(select(workers.c.name).where(workers.c.employee_no == f"W{tag}")) == "Newest name"


def issued_for(runtime, employee_no: str) -> tuple[list, list]:
    with runtime.sessions() as session:
        rows = session.execute(select(credentials).where(credentials.c.employee_no == employee_no)).all()
        events = [e["data"] for e in outbox_events(session, metadata.tables["outbox"], CredentialIssued.TYPE)
                  if e["data"]["employee_no"] == employee_no]
    return rows, events


def test_certification_issues_one_credential_even_when_delivered_twice(deliver, runtime, tag):
    earned = event(CertificationEarned.TYPE, f"cert-{tag}", {
        "certification_id": f"c{tag}", "employee_no": f"E{tag}", "program_code": "CP1", "occupation": "electrician",
        "grade": "intermediate", "credential_type": "post_qualification", "earned_on": "2026-03-01"})
    assert deliver(earned) == "done"
    assert deliver(earned) == "done"  # a redelivery of the same event id
    republished = event(earned.type, earned.subject, earned.data)  # the same fact under a new event id
    assert deliver(republished) == "done"
    rows, events = issued_for(runtime, f"E{tag}")
    assert [(r.number, r.type_code, r.issued_on.isoformat(), r.expires_on.isoformat()) for r in rows] == [
        (f"CERT-c{tag}", "post_qualification", "2026-03-01", "2028-03-01")]
    assert len(events) == 1 and events[0]["number"] == f"CERT-c{tag}"


def test_promotion_issues_one_skill_level_credential_at_the_new_grade(deliver, runtime, tag):
    promoted = event(PromotionEarned.TYPE, f"p{tag}", {
        "promotion_id": f"p{tag}", "employee_no": f"P{tag}", "team_code": "T1", "occupation": "welder",
        "from_grade": "senior", "to_grade": "technician", "source": "contest", "source_id": "k1",
        "source_name": "Provincial welding contest", "effective_on": "2026-11-22"})
    for _ in range(2):
        assert deliver(promoted) == "done"
    rows, events = issued_for(runtime, f"P{tag}")
    assert [(r.number, r.type_code, r.grade, r.issuer, r.expires_on) for r in rows] == [
        (f"SKL-p{tag}", "skill_level", "technician", "Provincial welding contest", None)]
    assert len(events) == 1 and events[0]["expires_on"] is None


def test_a_broken_event_is_retried_not_applied(deliver, runtime, tag):
    broken = event(CertificationEarned.TYPE, "x", {"certification_id": f"b{tag}", "employee_no": f"B{tag}"})
    assert deliver(broken) == "retry"
    assert issued_for(runtime, f"B{tag}") == ([], [])
