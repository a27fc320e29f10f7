"""Issue 4 through the gateway: domain.md's worked example with the notices of each sweep, the
month-end clamp, a worker seeing only their own, and verification that cannot probe; and a worker's
portable badge checked by an independent verifier until HR revokes it."""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

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


def test_a_badge_from_the_gateway_checks_with_an_independent_verifier_until_hr_revokes_it(banzu, admin):
    """Open Badges 3.0 through the running system: the worker's badge, the DID document at
    /.well-known/did.json and the status list, all from the gateway, checked by openbadgeslib; HR's
    revocation is in the published list as soon as it is answered."""
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hrb{tag}".lower(), ["hr"])
    crew = team(hr, f"B{tag}", f"Harbour {tag}")
    holder = worker(hr, f"B{tag}", crew, "senior")
    certificate = created(hr, "/credentials", {"employee_no": holder, "type_code": "special_equipment",
                                               "number": f"SEB{tag}", "issuer": "Bureau",
                                               "issued_on": "2026-01-05"}, "the certificate")
    user(admin, banzu, f"wb{tag}".lower(), ["worker"], employee_no=holder)
    mine = Client.sign_in(banzu.url, f"wb{tag}".lower(), PASSWORD)
    badge = mine.get(f"/credentials/{certificate['id']}/badge", headers={"Accept": "application/vc+jwt"})
    assert badge.status == 200 and badge.content_type == "application/vc+jwt", badge
    token = badge.body.decode()
    did = "did:web:" + urlsplit(banzu.url).netloc.replace(":", "%3A")
    fetched = []

    def download(url: str, *args, **kwargs) -> bytes:
        """A verifier's HTTPS fetch, served by the running system's gateway at its own address."""
        parts = urlsplit(url)
        assert parts.netloc == urlsplit(banzu.url).netloc, url
        answer = Client(banzu.url).request("GET", parts.path, prefix="", headers={"Accept": "*/*"})
        assert answer.status == 200, (url, answer)
        fetched.append(parts.path)
        return answer.body

    def check():
        verifier = OB3Verifier.for_issuer_did(did, download=download)
        return verifier.verify(token, check_status=True, verify_status_list=True, download=download)

    assert check().issuer.id == did
    assert fetched[0] == "/.well-known/did.json" and fetched[-1].startswith("/api/v1/badges/status-lists/")
    assert hr.post(f"/credentials/{certificate['id']}/revoke", {"reason": "withdrawn by the bureau"}).status == 200
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        check()
