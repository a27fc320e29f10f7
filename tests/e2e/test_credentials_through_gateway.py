"""Issue 4 through the gateway: domain.md's worked example with the notices of each sweep, the
month-end clamp, a worker seeing only their own, and verification that cannot probe."""
from __future__ import annotations

import uuid

from client import Client, problem
from flows import PASSWORD, created, team, user, worker


def notices(hr: Client, credential_id: str, on: str) -> tuple[dict, list]:
    body = hr.get(f"/credentials/{credential_id}", params={"as_of": on}).json()
    return body, sorted((n["kind"], n.get("threshold")) for n in body["notices"])


def test_worked_example_month_end_and_privacy(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hrc{tag}".lower(), ["hr"])
    crew = team(hr, f"C{tag}", f"Harbour {tag}")
    y, z = worker(hr, f"Y{tag}", crew, "senior"), worker(hr, f"Z{tag}", crew, "senior")
    mine = created(hr, "/credentials", {"employee_no": y, "type_code": "special_equipment", "number": f"SE{tag}",
                                        "issuer": "Bureau", "issued_on": "2022-12-20"}, "Y's credential")
    assert mine["expires_on"] == "2026-12-20"
    for on, expected in (("2026-11-22", [("expiring", 30)]), ("2026-11-22", [("expiring", 30)]),
                         ("2026-12-14", [("expiring", 7), ("expiring", 30)]),
                         ("2026-12-21", [("expired", None), ("expiring", 7), ("expiring", 30)])):
        assert admin.post("/credentials/sweep", params={"as_of": on}).status == 200
        body, sent = notices(hr, mine["id"], on)
        assert [(k, t if k == "expiring" else None) for k, t in sent] == expected, (on, sent)
    assert body["status"] == "expired"

    leap = created(hr, "/credentials", {"employee_no": z, "type_code": "post_qualification", "number": f"PQ{tag}",
                                        "issuer": "Plant", "issued_on": "2020-02-29", "expires_on": "2021-02-28"},
                   "Z's credential")
    assert leap["expires_on"] == "2021-02-28"

    user(admin, banzu, f"wy{tag}".lower(), ["worker"], employee_no=y)
    y_client = Client.sign_in(banzu.url, f"wy{tag}".lower(), PASSWORD)
    assert [c["number"] for c in y_client.get("/credentials/me").json()["items"]] == [f"SE{tag}"]
    assert y_client.get(f"/credentials/{leap['id']}").status in (403, 404)
    problem(y_client.get("/credentials", params={"employee_no": z}), 403)

    public = Client(banzu.url)
    seen = public.get(f"/verify/{mine['number']}", params={"code": mine["verification_code"]}).json()
    assert seen["holder"] != f"Worker {y}" and seen["expires_on"] == "2026-12-20"
    wrong = problem(public.get(f"/verify/{mine['number']}", params={"code": "WRONG123"}), 404)
    unknown = problem(public.get(f"/verify/NOPE{tag}", params={"code": mine["verification_code"]}), 404)
    assert wrong["detail"] == unknown["detail"]
