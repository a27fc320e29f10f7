"""Errors name their rule (api.md 1.2): beside every message of `errors`, `codes` says the rule with its
values, so that clients and the pages say it in their own language."""
from __future__ import annotations

API = "/api/v1"


def test_a_refused_credential_names_the_rules_it_breaks(client, token, add_worker, tag):
    hr = token("hr")
    add_worker(f"Y{tag}", "张三丰", f"T{tag}")
    body = {"employee_no": f"Y{tag}", "type_code": "post_qualification", "number": f"N{tag}", "issuer": "Plant",
            "issued_on": "2026-01-10"}
    missing = client.post(f"{API}/credentials", json={k: v for k, v in body.items() if k != "issuer"}, headers=hr)
    assert missing.status_code == 422 and missing.get_json()["codes"]["issuer"] == [{"code": "required"}]
    early = client.post(f"{API}/credentials", json={**body, "expires_on": "2020-01-01"}, headers=hr).get_json()
    assert early["errors"]["expires_on"] == ["must not be before issued_on"]
    assert early["codes"]["expires_on"] == [{"code": "before_start", "start": "issued_on"}]
    assert client.post(f"{API}/credentials", json=body, headers=hr).status_code == 201
    taken = client.post(f"{API}/credentials", json=body, headers=hr)
    assert taken.status_code == 409 and taken.get_json()["reason"] == "number_taken"
    assert taken.get_json()["codes"] == {"number": [{"code": "duplicate", "field": "number"}]}


def test_a_type_out_of_range_and_an_unknown_occupation_name_their_rules(client, token, tag):
    admin = token("admin")
    bad_type = client.post(f"{API}/credential-types", headers=admin,
                           json={"code": f"t_{tag.lower()}", "name": "Type", "validity_months": 12, "reminder_days": [0]})
    assert bad_type.status_code == 422
    assert bad_type.get_json()["codes"]["reminder_days"][0]["code"] == "out_of_range"
    unknown = client.put(f"{API}/occupation-requirements/painter_{tag.lower()}", headers=admin,
                         json={"type_codes": ["special_operation"]}).get_json()
    assert unknown["codes"] == {"occupation": [{"code": "unknown_occupation"}]}
