"""Badges (Open Badges 3.0, VC-JWT) checked by an independent verifier, openbadgeslib's OB 3.0
verifier (maintained, implements VC-JWT with did:web, key selection by `kid` and W3C Bitstring Status
Lists, and is not this project's code): a valid certificate, a revoked one, an expired one, a tampered
one and one signed with a key rotated out but still published; the claims against the OB 3.0 data
model rules (open_badges_rules.py); and this service's own verification of each."""
from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from urllib.parse import urlsplit

import jsonschema
import pytest
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from banzu_common.badges.keys import load_keys, new_key, retire_key
from banzu_common.messaging.contracts import PromotionEarned, ResultsPublished

from credentials_support import event
from open_badges_rules import ACHIEVEMENT_CREDENTIAL, claim_mapping_errors

PUBLIC_URL = "https://banzu.example.test"
DID = "did:web:banzu.example.test"


@pytest.fixture
def badge_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("BANZU_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("BANZU_BADGE_KEYS_DIR", str(tmp_path / "badge-keys"))
    return tmp_path / "badge-keys"


@pytest.fixture
def internet(client):
    """What a verifier on the internet downloads from https://banzu.example.test, served by the app."""

    def download(url: str, *args, **kwargs) -> bytes:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc == "banzu.example.test", url
        path = "/api/v1/badges/issuer" if parts.path == "/.well-known/did.json" else parts.path
        answer = client.get(path)
        assert answer.status_code == 200, (url, answer.status_code)
        return answer.data

    return download


@pytest.fixture
def certificate(client, token, add_worker, tag):
    hr = token("hr")

    def issue(issued_on: date | None = None, expires_on: date | None = None) -> dict:
        employee_no = f"B{tag}{issue.count}"
        issue.count += 1
        add_worker(employee_no, "王小明", f"T{tag}")
        body = {"employee_no": employee_no, "type_code": "post_qualification", "number": f"BDG-{employee_no}",
                "issuer": "市应急管理局", "issued_on": (issued_on or date.today() - timedelta(days=30)).isoformat()}
        if expires_on:
            body["expires_on"] = expires_on.isoformat()
        answer = client.post("/api/v1/credentials", json=body, headers=hr)
        assert answer.status_code == 201, answer.json
        return answer.json | {"holder_headers": token("worker", employee_no=employee_no)}

    issue.count = 0
    return issue


def badge_of(client, credential: dict) -> str:
    answer = client.get(f"/api/v1/credentials/{credential['id']}/badge", headers=credential["holder_headers"])
    assert answer.status_code == 200, answer.json
    assert answer.content_type == "application/vc+jwt"
    return answer.get_data(as_text=True)


def checked_independently(token_: str, internet) -> object:
    verifier = OB3Verifier.for_issuer_did(DID, download=internet)
    return verifier.verify(token_, check_status=True, verify_status_list=True, download=internet)


def said_here(client, token_: str) -> dict:
    answer = client.post("/api/v1/badges/verifications", json={"badge": token_})
    assert answer.status_code == 200, answer.json
    return answer.json


def claims_of(token_: str) -> dict:
    payload = token_.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_valid_certificates_badge_verifies_and_follows_the_open_badges_data_model(
        client, badge_keys, internet, certificate):
    issued = certificate()
    token_ = badge_of(client, issued)
    credential = checked_independently(token_, internet)
    assert credential.issuer.id == DID
    claims = claims_of(token_)
    jsonschema.validate(claims, ACHIEVEMENT_CREDENTIAL)
    assert claim_mapping_errors(claims) == []
    assert claims["credentialSubject"]["achievement"]["achievementType"] == "Certificate"
    assert {i["identityType"]: i["identityHash"] for i in claims["credentialSubject"]["identifier"]} == {
        "name": "王小明", "ext:employeeNumber": issued["employee_no"]}
    verdict = said_here(client, token_)
    assert verdict["outcome"] == "valid" and verdict["kind"] == "certificate"
    assert verdict["holder"] == {"name": "王小明", "employee_no": issued["employee_no"]}
    assert verdict["achievement"]["name_en"] and verdict["achievement"]["name_zh"] != verdict["achievement"]["name_en"]


def test_revoking_sets_the_bit_in_the_published_list_at_once(client, token, badge_keys, internet, certificate):
    issued = certificate()
    token_ = badge_of(client, issued)
    checked_independently(token_, internet)
    answer = client.post(f"/api/v1/credentials/{issued['id']}/revoke", json={"reason": "forged"}, headers=token("hr"))
    assert answer.status_code == 200
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        checked_independently(token_, internet)
    assert said_here(client, token_)["outcome"] == "revoked"
    again = client.get(f"/api/v1/credentials/{issued['id']}/badge", headers=issued["holder_headers"])
    assert again.status_code == 409 and again.json["reason"] == "credential_revoked"


def test_a_renewed_certificates_old_badge_is_withdrawn(client, token, badge_keys, internet, certificate):
    issued = certificate()
    token_ = badge_of(client, issued)
    answer = client.post(f"/api/v1/credentials/{issued['id']}/renew", headers=token("hr"), json={
        "number": f"{issued['number']}-2", "issued_on": date.today().isoformat()})
    assert answer.status_code == 201, answer.json
    assert said_here(client, token_)["outcome"] == "revoked"
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        checked_independently(token_, internet)


def test_an_expired_certificates_badge_fails_on_its_dates(client, badge_keys, internet, certificate):
    token_ = badge_of(client, certificate(issued_on=date(2020, 1, 1), expires_on=date(2021, 1, 1)))
    assert claims_of(token_)["validUntil"] == "2021-01-01T16:00:00Z"  # the end of the expiry day at the site
    with pytest.raises(OB3VerificationError, match="expired"):
        checked_independently(token_, internet)
    assert said_here(client, token_)["outcome"] == "expired"


def test_one_character_changed_is_tampering(client, badge_keys, internet, certificate):
    issued = certificate()
    header, payload, signature = badge_of(client, issued).split(".")
    claims = claims_of(f"{header}.{payload}.{signature}")
    changed = json.dumps(claims, ensure_ascii=False).replace(issued["employee_no"], issued["employee_no"][:-1] + "9")
    forged = ".".join([header, base64.urlsafe_b64encode(changed.encode()).rstrip(b"=").decode(), signature])
    with pytest.raises(OB3VerificationError, match="Invalid signature"):
        checked_independently(forged, internet)
    assert said_here(client, forged)["outcome"] == "tampered"


def test_a_badge_signed_with_a_retired_key_still_verifies(client, badge_keys, internet, certificate):
    old_token = badge_of(client, certificate())
    first = load_keys(badge_keys).signing.kid
    second = new_key(badge_keys)
    retire_key(badge_keys, first)
    document = client.get("/api/v1/badges/issuer").json
    assert [m["id"] for m in document["verificationMethod"]] == [f"{DID}#{second}", f"{DID}#{first}"]
    new_token = badge_of(client, certificate())
    assert json.loads(base64.urlsafe_b64decode(new_token.split(".")[0] + "==="))["kid"] == f"{DID}#{second}"
    checked_independently(old_token, internet)
    checked_independently(new_token, internet)
    assert said_here(client, old_token)["outcome"] == "valid"
    assert said_here(client, old_token)["key_id"] == f"{DID}#{first}"


def test_a_badge_of_another_issuer_is_foreign_and_a_file_without_one_unreadable(client, badge_keys, certificate,
                                                                                tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("BANZU_BADGE_KEYS_DIR", str(elsewhere))
    monkeypatch.setenv("BANZU_PUBLIC_URL", "https://other.example.test")
    foreign = badge_of(client, certificate())
    monkeypatch.setenv("BANZU_BADGE_KEYS_DIR", str(badge_keys))
    monkeypatch.setenv("BANZU_PUBLIC_URL", PUBLIC_URL)
    assert said_here(client, foreign)["outcome"] == "foreign"
    assert said_here(client, "hello")["outcome"] == "unreadable"


def test_the_svg_badge_carries_the_same_credential(client, badge_keys, internet, certificate):
    issued = certificate()
    answer = client.get(f"/api/v1/credentials/{issued['id']}/badge.svg", headers=issued["holder_headers"])
    assert answer.status_code == 200 and answer.content_type == "image/svg+xml"
    baked = OB3Verifier.extract_token_from_svg(answer.data)
    checked_independently(baked, internet)
    upload = client.post("/api/v1/badges/verifications", data={"file": (__import__("io").BytesIO(answer.data),
                                                                        "badge.svg")},
                         content_type="multipart/form-data")
    assert upload.status_code == 200 and upload.json["outcome"] == "valid"


def test_hostile_and_oversized_uploads_are_refused_or_read_as_nothing(client, badge_keys):
    entity = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    assert said_here(client, entity)["outcome"] == "unreadable"
    import io
    big = client.post("/api/v1/badges/verifications", data={"file": (io.BytesIO(b"a" * (2 * 1024 * 1024 + 1)),
                                                                     "big.jwt")}, content_type="multipart/form-data")
    assert big.status_code == 422 and big.json["codes"]["file"][0]["code"] == "file_too_large"
    empty = client.post("/api/v1/badges/verifications", json={})
    assert empty.status_code == 422


def test_a_worker_may_not_fetch_someone_elses_badge(client, token, badge_keys, certificate):
    issued = certificate()
    answer = client.get(f"/api/v1/credentials/{issued['id']}/badge", headers=token("worker", employee_no="X0"))
    assert answer.status_code == 403


def test_prizes_and_promotions_become_badges(client, token, deliver, add_worker, add_occupation, badge_keys,
                                             internet, tag):
    employee_no = f"P{tag}"
    add_occupation(f"welder{tag.lower()}", "焊工", "Welder")
    add_worker(employee_no, "李四", f"T{tag}", occupation=f"welder{tag.lower()}", grade="intermediate")
    deliver(event(ResultsPublished.TYPE, f"contest-{tag}", {
        "contest_id": f"contest-{tag}", "name": "2026 焊工技能大赛", "occupation": f"welder{tag.lower()}",
        "published_on": "2026-11-20", "results": [
            {"employee_no": employee_no, "team_code": f"T{tag}", "rank": 1, "total": "95.5", "prize": "first"},
            {"employee_no": f"Q{tag}", "team_code": f"T{tag}", "rank": 9, "total": "60", "prize": None}]}))
    deliver(event(PromotionEarned.TYPE, f"promo-{tag}", {
        "promotion_id": f"promo-{tag}", "employee_no": employee_no, "team_code": f"T{tag}",
        "occupation": f"welder{tag.lower()}", "from_grade": "intermediate", "to_grade": "senior", "source": "contest",
        "source_id": f"contest-{tag}", "source_name": "2026 焊工技能大赛", "effective_on": "2026-11-20"}))
    worker = token("worker", employee_no=employee_no)
    prizes = client.get("/api/v1/prizes/me", headers=worker).json["items"]
    assert [(p["contest_id"], p["prize"], p["rank"]) for p in prizes] == [(f"contest-{tag}", "first", 1)]
    prize_token = client.get(f"/api/v1/prizes/{prizes[0]['id']}/badge", headers=worker).get_data(as_text=True)
    prize = checked_independently(prize_token, internet)
    assert prize.achievement.achievement_type == "Award" and "一等奖" in prize.achievement.name
    jsonschema.validate(claims_of(prize_token), ACHIEVEMENT_CREDENTIAL)
    level = [c for c in client.get("/api/v1/credentials/me", headers=worker).json["items"]
             if c["type_code"] == "skill_level"]
    assert len(level) == 1
    level_token = badge_of(client, level[0] | {"holder_headers": worker})
    skill = checked_independently(level_token, internet)
    assert skill.achievement.achievement_type == "Competency"
    assert skill.achievement.name == "焊工 高级工（三级） / Welder — Senior worker"
    assert said_here(client, level_token)["kind"] == "skill_level"
