"""Training's audit trail: who scheduled, enrolled, cancelled and recorded what, before and after;
a refused write leaves nothing; an event handler's effect is the system's, naming the event."""
from __future__ import annotations

from datetime import date

from banzu_common.messaging.contracts import PromotionEarned

from training_support import course_body, deliver, envelope, later, session_body

API = "/api/v1"


def trail(client, auth, **filters) -> list[dict]:
    answer = client.get(f"{API}/audit", query_string=filters, headers=auth("admin", username="auditor"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_enrolments_and_a_cancellation_are_attributed_with_what_changed(client, auth, directory, tag):
    team = directory.team(f"T{tag}")
    first, second = directory.worker(f"A{tag}", team), directory.worker(f"B{tag}", team)
    trainer = auth("trainer", username=f"trainer-{tag}")
    assert client.post(f"{API}/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    session = client.post(f"{API}/sessions", json=session_body(f"C{tag}", later(days=3), capacity=1),
                          headers=trainer).get_json()
    [created] = trail(client, auth, kind="session", id=str(session["id"]))
    assert created["actor"] == f"trainer-{tag}" and created["after"]["capacity"] == 1

    for who in (first, second):
        worker = auth("worker", employee_no=who, username=f"w-{who}")
        assert client.post(f"{API}/sessions/{session['id']}/enrollments", json={"employee_no": who},
                           headers=worker).status_code == 201
    refused = client.post(f"{API}/sessions/{session['id']}/enrollments", json={"employee_no": first},
                          headers=trainer)
    assert refused.status_code == 409
    assert client.delete(f"{API}/sessions/{session['id']}/enrollments/{first}", headers=trainer).status_code == 200
    mine = trail(client, auth, kind="enrollment", id=f"{session['id']}/{first}")
    assert [(e["action"], e["actor"]) for e in mine] == [("cancel", f"trainer-{tag}"), ("enrol", f"w-{first}")]
    assert mine[1]["after"] == {"status": "enrolled", "position": None}
    moved_up = trail(client, auth, kind="enrollment", id=f"{session['id']}/{second}")
    assert [(e["action"], e["before"], e["after"]) for e in moved_up] == [
        ("enrol_from_waitlist", {"status": "waitlisted"}, {"status": "enrolled"}),
        ("enrol", None, {"status": "waitlisted", "position": 1})]


def test_a_mentorship_achieved_through_a_promotion_event_is_the_systems_with_the_event(client, auth, runtime,
                                                                                       directory, tag):
    team = directory.team(f"T{tag}")
    mentor, apprentice = directory.worker(f"M{tag}", team, "technician"), directory.worker(f"P{tag}", team)
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": "welder", "goal_grade": "intermediate",
            "starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    created = client.post(f"{API}/mentorships", json=body, headers=auth("trainer", username=f"t-{tag}")).get_json()
    promotion = envelope(PromotionEarned.TYPE, {
        "promotion_id": f"p-{tag}", "employee_no": apprentice, "team_code": team, "occupation": "welder",
        "from_grade": "junior", "to_grade": "intermediate", "source": "certification", "source_id": "CP",
        "source_name": "Welding", "effective_on": date(2026, 3, 1).isoformat()})
    assert [d.outcome for d in deliver(runtime, promotion)] == ["done"]
    achieved, made = trail(client, auth, kind="mentorship", id=str(created["id"]))
    assert (made["action"], made["actor"]) == ("create", f"t-{tag}")
    assert (achieved["action"], achieved["actor"], achieved["job"], achieved["event_id"]) == (
        "achieve", "system", "training-consumer", promotion.id)
    assert achieved["after"] == {"status": "achieved", "achieved_on": "2026-03-01"}


def test_only_admins_read_the_training_trail(client, auth):
    assert client.get(f"{API}/audit", headers=auth("trainer")).status_code == 403
    assert client.get(f"{API}/audit", headers=auth("hr")).status_code == 403
