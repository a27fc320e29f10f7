"""POST /credential-summary: each worker compliant or not on a day and, for skill matrices, their
standing per required type (valid, expiring, review_due, expired, missing, not_required)."""
from __future__ import annotations

from banzu_common.auth import GATEWAY_ROLE

API = "/api/v1"
URL = f"{API}/credential-summary"


def issue(client, hr, employee_no, type_code, number, issued_on, **more) -> str:
    answer = client.post(f"{API}/credentials", headers=hr, json={
        "employee_no": employee_no, "type_code": type_code, "number": number, "issuer": "Bureau",
        "issued_on": issued_on, **more})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_standing_per_required_type_on_the_day(client, token, add_worker, add_occupation, tag):
    admin, hr = token("admin"), token("hr")
    fitter, clerk = add_occupation(f"fitter_{tag.lower()}"), add_occupation(f"clerk_{tag.lower()}")
    team = f"K{tag}"
    a, b, c, d = (f"{letter}{tag}" for letter in "ABCD")
    for employee_no, occupation in ((a, fitter), (b, fitter), (c, clerk), (d, clerk)):
        add_worker(employee_no, f"Worker {employee_no}", team, occupation=occupation)
    assert client.put(f"{API}/occupation-requirements/{fitter}", headers=admin,
                      json={"type_codes": ["special_operation", "post_qualification"]}).status_code == 200
    assert client.put(f"{API}/occupation-requirements/{clerk}", headers=admin,
                      json={"type_codes": ["special_operation"]}).status_code == 200
    # A: special operation overdue for review; an expired post qualification and a later valid one.
    issue(client, hr, a, "special_operation", f"SO-A{tag}", "2021-06-01")
    issue(client, hr, a, "post_qualification", f"PQ-A1{tag}", "2023-01-01")
    issue(client, hr, a, "post_qualification", f"PQ-A2{tag}", "2025-06-01")
    # B: a revoked special operation and one issued after the day; a post qualification 19 days from expiry.
    revoked = issue(client, hr, b, "special_operation", f"SO-B1{tag}", "2022-01-01")
    assert client.post(f"{API}/credentials/{revoked}/revoke", headers=hr, json={"reason": "fraud"}).status_code == 200
    issue(client, hr, b, "special_operation", f"SO-B2{tag}", "2026-01-01")
    issue(client, hr, b, "post_qualification", f"PQ-B{tag}", "2023-11-20")
    # C: an expired special operation; post qualification is not required of a clerk.
    issue(client, hr, c, "special_operation", f"SO-C{tag}", "2019-01-01", expires_on="2025-01-01")
    issue(client, hr, d, "special_operation", f"SO-D{tag}", "2025-01-01")

    answer = client.post(URL, headers=hr, json={"as_of": "2025-11-01", "employee_nos": [a, b, c, f"NOBODY{tag}"],
                                                "cells": True})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"as_of": "2025-11-01", "types": ["post_qualification", "special_operation"], "workers": [
        {"employee_no": a, "applicable": True, "compliant": False, "cells": {"post_qualification": "valid", "special_operation": "review_due"}},
        {"employee_no": b, "applicable": True, "compliant": False, "cells": {"post_qualification": "expiring", "special_operation": "missing"}},
        {"employee_no": c, "applicable": True, "compliant": False,
         "cells": {"post_qualification": "not_required", "special_operation": "expired"}},
    ]}, "a number the service has not heard of is left out"

    earlier = client.post(URL, headers=token("trainer"), json={"as_of": "2025-05-01", "employee_nos": [a],
                                                               "cells": True}).get_json()
    assert earlier["workers"][0]["cells"]["post_qualification"] == "expired", "the valid one was not issued yet"

    compliant = client.post(URL, headers=token(GATEWAY_ROLE), json={"as_of": "2025-11-01", "employee_nos": [d]})
    assert compliant.get_json() == {"as_of": "2025-11-01",
                                    "workers": [{"employee_no": d, "applicable": True, "compliant": True}]}
    everyone = client.post(URL, headers=hr, json={"as_of": "2025-11-01"}).get_json()
    listed = {row["employee_no"]: row["compliant"] for row in everyone["workers"]}
    assert {no: listed[no] for no in (a, b, c, d)} == {a: False, b: False, c: False, d: True}


def test_roles_are_checked_before_the_body_and_the_body_is_checked(client, token):
    for headers in (token("worker", employee_no="E1"), token("organizer"), token("judge")):
        answer = client.post(URL, headers=headers, json={"as_of": 5})
        assert answer.status_code == 403 and answer.content_type == "application/problem+json"
    assert client.post(URL, json={"as_of": "2026-01-01"}).status_code == 401
    wrong = client.post(URL, headers=token("hr"), json={"as_of": "yesterday", "employee_nos": [""], "cells": "x"})
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"as_of", "employee_nos.0", "cells"}


def test_a_worker_whose_occupation_has_no_requirements_is_not_applicable(client, token, add_worker, tag):
    """Nothing is required of them, so `compliant` says nothing about them: `applicable` says so."""
    welder = f"W{tag}"
    add_worker(welder, "焊工甲", f"K{tag}", occupation=f"welder_{tag.lower()}")
    answer = client.post(URL, headers=token("hr"), json={"as_of": "2025-11-01", "employee_nos": [welder],
                                                         "cells": True})
    assert answer.get_json() == {"as_of": "2025-11-01", "types": [], "workers": [
        {"employee_no": welder, "applicable": False, "compliant": True, "cells": {}}]}
