"""The gateway's audit trail: directory and account changes attributed with what changed, nothing
for a refused change, and events applied to the team scores as the system's on behalf of their cause;
`/audit` merges the parts a reader may see."""
from __future__ import annotations

from dataclasses import replace

from banzu_common.auth import issue_token

from gateway_support import promotion

API = "/api/v1"


def as_user(runtime, username: str, *roles: str) -> dict:
    return {"Authorization": f"Bearer {issue_token(runtime.settings.jwt_secret, username, roles, None, 600)}"}


def own_trail(client, runtime, **filters) -> list[dict]:
    """The gateway's own parts only (the services are not running in these tests)."""
    answer = client.get(f"{API}/audit", query_string=filters, headers=as_user(runtime, "auditor", "admin"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_directory_writes_are_entries_of_their_actor_and_refusals_leave_none(client, runtime, tag):
    hr = as_user(runtime, f"hr-{tag}", "hr")
    assert client.post(f"{API}/teams", json={"code": f"T{tag}", "name": "一班", "company": "Acme"},
                       headers=hr).status_code == 201
    worker = {"employee_no": f"E{tag}", "name": "王五", "team_code": f"T{tag}", "occupation": "electrician",
              "grade": "junior"}
    assert client.post(f"{API}/workers", json=worker, headers=hr).status_code == 201
    assert client.post(f"{API}/workers", json=worker, headers=hr).status_code == 409
    assert client.patch(f"{API}/workers/E{tag}", json={"grade": "grandmaster"}, headers=hr).status_code == 422
    assert client.patch(f"{API}/workers/E{tag}", json={"grade": "intermediate"}, headers=hr).status_code == 200
    entries = own_trail(client, runtime, part="directory", kind="worker", id=f"E{tag}")
    assert [(e["action"], e["actor"], e["roles"]) for e in entries] == [
        ("change", f"hr-{tag}", ["hr"]), ("create", f"hr-{tag}", ["hr"])]
    assert (entries[0]["before"], entries[0]["after"]) == ({"grade": "junior"}, {"grade": "intermediate"})
    [team] = own_trail(client, runtime, kind="team", id=f"T{tag}")
    assert team["after"]["name"] == "一班"


def test_a_new_password_is_in_the_trail_without_any_secret(client, runtime, tag):
    admin = as_user(runtime, f"adm-{tag}", "admin")
    assert client.post(f"{API}/users", json={"username": f"u{tag}".lower(), "password": "Passw0rd-long",
                                             "roles": ["trainer"]}, headers=admin).status_code == 201
    assert client.patch(f"{API}/users/u{tag}".lower(), json={"password": "An0ther-long-pass"},
                        headers=admin).status_code == 200
    entries = own_trail(client, runtime, part="accounts", id=f"u{tag}".lower())
    assert [e["action"] for e in entries] == ["change", "create"]
    text = str(entries)
    assert "Passw0rd-long" not in text and "An0ther-long-pass" not in text and "password_hash" not in text
    assert entries[0]["after"] == {"password_reset": True}


def test_a_promotion_applied_to_the_scores_is_the_systems_on_behalf_of_its_cause(client, runtime, deliver,
                                                                                 add_team, tag):
    add_team(f"P{tag}", (f"W{tag}", "赵六", "junior"))
    event = replace(promotion(f"W{tag}", f"P{tag}", "junior", "intermediate", "2026-05-01"),
                    actor=f"organizer-{tag}")
    assert deliver(event) == ["done"]
    [applied] = own_trail(client, runtime, part="scores", actor=f"organizer-{tag}")
    assert (applied["actor"], applied["job"], applied["event_id"], applied["action"], applied["kind"]) == (
        "system", "gateway-consumer", event.id, "apply", "promotion")
    grade = own_trail(client, runtime, kind="worker", id=f"W{tag}")[0]
    assert (grade["actor"], grade["cause"], grade["after"]) == ("system", f"organizer-{tag}", {"grade": "intermediate"})


def test_readers_of_the_merged_trail(client, runtime):
    assert client.get(f"{API}/audit", headers=as_user(runtime, "w", "worker")).status_code == 403
    assert client.get(f"{API}/audit", query_string={"part": "accounts"},
                      headers=as_user(runtime, "h", "hr")).status_code == 403
    answer = client.get(f"{API}/audit", query_string={"part": "directory"}, headers=as_user(runtime, "h", "hr"))
    assert answer.status_code == 200 and answer.get_json()["unavailable"] == []
    csv_answer = client.get(f"{API}/audit", query_string={"part": "directory", "format": "csv"},
                            headers=as_user(runtime, "h", "hr"))
    assert csv_answer.content_type.startswith("text/csv")
    assert csv_answer.get_data(as_text=True).lstrip("\ufeff").startswith("at,part,actor,roles")
