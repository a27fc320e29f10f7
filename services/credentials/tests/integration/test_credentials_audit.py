"""The audit trail of the credentials service: every write names who did it and what changed, in the
same transaction; a refused write leaves nothing; an event handler's effect is the system's, with the
event and whose action caused it."""
from __future__ import annotations

from banzu_common.auth import issue_token
from banzu_common.messaging.contracts import CredentialIssued, PromotionEarned

from credentials_support import event, outbox_events

API = "/api/v1"


def as_user(runtime, username: str, *roles: str) -> dict:
    return {"Authorization": f"Bearer {issue_token(runtime.settings.jwt_secret, username, roles, None, 600)}"}


def trail(client, runtime, **filters) -> list[dict]:
    answer = client.get(f"{API}/audit", query_string=filters, headers=as_user(runtime, "auditor", "admin"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_issue_revoke_and_refusals_leave_exactly_their_entries(client, runtime, add_worker, tag):
    add_worker(f"A{tag}", "张三", f"T{tag}")
    hr = as_user(runtime, f"hr-{tag}", "hr")
    body = {"employee_no": f"A{tag}", "type_code": "special_equipment", "number": f"SE-{tag}", "issuer": "Bureau",
            "issued_on": "2024-01-10"}
    issued = client.post(f"{API}/credentials", json=body, headers=hr).get_json()
    [entry] = trail(client, runtime, kind="credential", id=issued["id"])
    assert (entry["actor"], entry["roles"], entry["action"], entry["part"]) == (f"hr-{tag}", ["hr"], "issue",
                                                                              "credentials")
    assert entry["before"] is None and entry["after"]["number"] == f"SE-{tag}"
    assert entry["after"]["expires_on"] == "2028-01-10" and "verification_code" not in entry["after"]
    assert entry["at"].endswith("+00:00") and entry["request_id"]

    # refused writes leave nothing: a taken number (409), a missing reason (422), a revoke twice (409)
    assert client.post(f"{API}/credentials", json=body, headers=hr).status_code == 409
    assert client.post(f"{API}/credentials/{issued['id']}/revoke", json={}, headers=hr).status_code == 422
    assert client.post(f"{API}/credentials/{issued['id']}/revoke", json={"reason": "lost"},
                       headers=as_user(runtime, f"hr2-{tag}", "hr")).status_code == 200
    assert client.post(f"{API}/credentials/{issued['id']}/revoke", json={"reason": "again"}, headers=hr).status_code == 409
    entries = trail(client, runtime, kind="credential", id=issued["id"])
    assert [e["action"] for e in entries] == ["revoke", "issue"], "newest first, one each"
    revoke = entries[0]
    assert revoke["actor"] == f"hr2-{tag}"
    assert revoke["before"] == {"revoked_on": None, "revoke_reason": None}
    assert revoke["after"]["revoke_reason"] == "lost" and set(revoke["after"]) == {"revoked_on", "revoke_reason"}
    assert trail(client, runtime, actor=f"hr2-{tag}") == [revoke]


def test_a_credential_issued_from_an_event_is_the_systems_on_behalf_of_its_cause(client, runtime, deliver,
                                                                                  add_worker, tag):
    add_worker(f"P{tag}", "李四", f"T{tag}")
    promotion = event(PromotionEarned.TYPE, f"p-{tag}", {
        "promotion_id": f"p-{tag}", "employee_no": f"P{tag}", "team_code": f"T{tag}", "occupation": "crane_operator",
        "from_grade": "junior", "to_grade": "intermediate", "source": "contest", "source_id": "c1",
        "source_name": "技能比武", "effective_on": "2026-11-20"})
    promotion = promotion.__class__(**{**promotion.__dict__, "actor": f"organizer-{tag}"})
    assert deliver(promotion) == "done"
    [entry] = trail(client, runtime, kind="credential", actor=f"organizer-{tag}")
    assert (entry["actor"], entry["job"], entry["event_id"], entry["cause"]) == (
        "system", "credentials-consumer", promotion.id, f"organizer-{tag}")
    assert entry["after"]["type_code"] == "skill_level"
    with runtime.sessions() as session:
        issued = [e for e in outbox_events(session, runtime.metadata.tables["outbox"], CredentialIssued.TYPE)
                  if e["data"]["employee_no"] == f"P{tag}"]
    assert [e["actor"] for e in issued] == [f"organizer-{tag}"], "the event it sends names the same cause"


def test_the_trail_is_for_admins_and_hr_only_and_cannot_be_changed(client, runtime):
    assert client.get(f"{API}/audit", headers=as_user(runtime, "w", "worker")).status_code == 403
    assert client.get(f"{API}/audit", headers=as_user(runtime, "h", "hr")).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(f"{API}/audit", headers=as_user(runtime, "a", "admin")).status_code == 405
