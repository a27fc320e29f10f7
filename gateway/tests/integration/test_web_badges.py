"""Open Badges on the pages, with the credentials service stood in for: the DID document at the site's
root, a holder's badge files (certificates and prizes), and the public /verify page (a chosen file or a
pasted credential sent to `POST /badges/verifications`, the outcome said in words in either language)."""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from banzu_gateway.entrypoints.routes import owner_of
from banzu_gateway.web.views.badges import first_day, last_day
from web_support import Answer, FakeServices, csrf_of, sent_bytes, sign_in_as

ZH, EN = {"Accept-Language": "zh-CN"}, {"Accept-Language": "en"}
DID = {"@context": ["https://www.w3.org/ns/did/v1"], "id": "did:web:banzu.example",
       "verificationMethod": [{"id": "did:web:banzu.example#key-1", "type": "JsonWebKey",
                               "controller": "did:web:banzu.example",
                               "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "abc"}}]}
JWT = b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl"


def checked(outcome: str = "valid", **changes) -> dict:
    """An answer of `POST /badges/verifications`."""
    return {"outcome": outcome, "checked_at": "2026-03-01T01:30:00Z", "kind": "certificate",
            "achievement": {"name_zh": "特种设备作业人员证", "name_en": "Special equipment operator certificate",
                            "achievement_type": "Certificate"},
            "holder": {"name": "王小明", "employee_no": "E1001"},
            "issuer": {"id": "did:web:banzu.example", "name": "Acme Power"},
            "valid_from": "2025-11-20T16:00:00Z", "valid_until": "2027-04-05T16:00:00Z",
            "key_id": "did:web:banzu.example#key-1"} | changes


@dataclass
class FileAnswer(Answer):
    disposition: str | None = None
    more: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict:
        return {"Content-Type": self.content_type} | ({"Content-Disposition": self.disposition}
                                                      if self.disposition else {}) | self.more


@dataclass
class BadgeServices(FakeServices):
    """Keeps what each call sent, with its headers."""

    sent: list[tuple[str, str, dict, bytes | None]] = field(default_factory=list)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        self.sent.append((method, path, headers, sent_bytes(body)))
        return super().request(service, method, path, headers, body, timeout, stream)

    def file(self, path: str, content: bytes, content_type: str, disposition: str | None = None, **more: str):
        self.answers[("credentials", "/api/v1" + path)] = FileAnswer(200, content, content_type, disposition,
                                                                     {k.replace("_", "-"): v for k, v in more.items()})

    def last(self, path: str) -> tuple[str, str, dict, bytes | None]:
        return next(call for call in reversed(self.sent) if call[1].split("?", 1)[0] == "/api/v1" + path)


@pytest.fixture
def fake(monkeypatch) -> BadgeServices:
    fake = BadgeServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_badges_and_prizes_belong_to_the_credentials_service():
    for public_path in ("badges/issuer", "badges/status-lists/1", "badges/verifications", "prizes", "prizes/me",
                        "prizes/p1/badge.svg"):
        assert owner_of(public_path) == "credentials", public_path


def test_the_issuer_document_comes_back_unchanged_at_the_sites_root(client, fake):
    raw = json.dumps(DID, indent=1).encode()
    fake.answer("credentials", "/badges/issuer", 200, raw, "application/did+json")
    for where in ("/.well-known/did.json", "/did.json"):
        answer = client.get(where)
        assert answer.status_code == 200 and answer.content_type == "application/did+json"
        assert answer.data == raw, "byte for byte what the credentials service published"
        assert "Authorization" not in fake.last("/badges/issuer")[2], "nobody signs in to read it"


def test_the_issuer_document_says_when_it_cannot_be_had(client, fake):
    fake.answer("credentials", "/badges/issuer", 503, {"status": 503, "title": "Service Unavailable"},
                "application/problem+json")
    answer = client.get("/.well-known/did.json")
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"


def test_the_badge_api_is_public_and_forwarded(client, fake):
    fake.answer("credentials", "/badges/verifications", 200, checked())
    answer = client.post("/api/v1/badges/verifications", json={"badge": JWT.decode()})
    assert answer.status_code == 200 and answer.get_json()["outcome"] == "valid"
    fake.answer("credentials", "/badges/status-lists/1", 200, JWT, "application/vc+jwt")
    assert client.get("/api/v1/badges/status-lists/1").data == JWT


def test_a_worker_sees_badge_downloads_beside_each_certificate(client, fake):
    credential = {"id": "id-1", "type_code": "special_equipment", "type_name": "特种设备作业人员证", "number": "SE-1",
                  "issuer": "省应急管理厅", "issued_on": "2025-11-21", "expires_on": "2027-04-05",
                  "next_review_on": None, "verification_code": "c1", "status": "valid", "days_left": 400}
    fake.answer("credentials", "/credentials/me", 200, {"items": [credential], "page": 1, "per_page": 500, "total": 1})
    fake.answer("credentials", "/credential-types", 200, {"items": []})
    sign_in_as(client, "worker", employee_no="E1001")
    html = client.get("/me/certificates", headers=ZH).get_data(as_text=True)
    assert 'href="/me/certificates/id-1/badge.jwt"' in html and 'href="/me/certificates/id-1/badge.svg"' in html
    assert "下载可验证凭证（.jwt）" in html and "Open Badges 3.0" in html and 'href="/verify"' in html
    english = client.get("/me/certificates", headers=EN).get_data(as_text=True)
    assert "Download the verifiable credential (.jwt)" in english and "Badge image (.svg)" in english


@pytest.mark.parametrize(("extension", "api_path", "media_type"), [
    ("jwt", "/credentials/id-1/badge", "application/vc+jwt"),
    ("svg", "/credentials/id-1/badge.svg", "image/svg+xml"),
])
def test_a_certificates_badge_downloads_as_its_holder(client, fake, extension, api_path, media_type):
    content = JWT if extension == "jwt" else b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    fake.file(api_path, content, media_type, f'attachment; filename="SE-1.{extension}"')
    sign_in_as(client, "worker", employee_no="E1001")
    answer = client.get(f"/me/certificates/id-1/badge.{extension}")
    assert answer.status_code == 200 and answer.data == content and answer.content_type == media_type
    assert answer.headers["Content-Disposition"] == f'attachment; filename="SE-1.{extension}"'
    _method, _path, headers, _body = fake.last(api_path)
    assert headers["Authorization"].startswith("Bearer ") and headers["Accept"] == media_type


def test_a_badge_without_a_file_name_still_downloads_as_a_file(client, fake):
    fake.file("/prizes/p1/badge", JWT, "application/vc+jwt")
    sign_in_as(client, "worker", employee_no="E1001")
    answer = client.get("/me/prizes/p1/badge.jwt")
    assert answer.status_code == 200 and answer.headers["Content-Disposition"] == 'attachment; filename="badge.jwt"'


def test_badge_downloads_need_a_sign_in_and_the_holders_own(client, fake):
    assert client.get("/me/certificates/id-1/badge.jwt").status_code == 302
    fake.answer("credentials", "/credentials/id-2/badge", 403, {"status": 403})
    fake.answer("credentials", "/prizes/p9/badge.svg", 404, {"status": 404})
    sign_in_as(client, "worker", employee_no="E1001")
    assert client.get("/me/certificates/id-2/badge.jwt").status_code == 403
    assert client.get("/me/prizes/p9/badge.svg").status_code == 404
    assert client.get("/me/certificates/id-1/badge.pdf").status_code == 404


def test_the_workers_page_offers_a_prizes_badges_beside_its_result(client, fake, add_team, tag):
    worker = f"P{tag}"
    add_team(f"T{tag}", (worker, "李强", "senior"))
    fake.answer("credentials", "/credentials/me", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    fake.answer("training", f"/workers/{worker}/training", 200, {"hours": "0.00", "plan": None})
    fake.answer("competition", f"/workers/{worker}/contest-results", 200, {"items": [
        {"contest_id": "c1", "contest_name": "电工技能竞赛", "rank": 1, "prize": "first", "promotion": None},
        {"contest_id": "c2", "contest_name": "焊工技能竞赛", "rank": 9, "prize": None, "promotion": None}]})
    fake.answer("training", "/mentorships", 200, {"items": [], "page": 1, "per_page": 20, "total": 0})
    fake.answer("credentials", "/prizes/me", 200, {"items": [
        {"id": "p1", "contest_id": "c1", "contest_name": "电工技能竞赛", "occupation": "electrician", "rank": 1,
         "prize": "first", "awarded_on": "2026-03-01", "employee_no": worker}], "page": 1, "per_page": 500, "total": 1})
    sign_in_as(client, "worker", employee_no=worker)
    html = client.get("/me", headers=ZH).get_data(as_text=True)
    assert html.count('href="/me/prizes/p1/badge.jwt"') == 1 and 'href="/me/prizes/p1/badge.svg"' in html
    assert "获奖徽章：" in html and html.count("prize-badges") == 1, "only the result with a prize"

    fake.answer("credentials", "/prizes/me", 503, {"status": 503})
    without = client.get("/me", headers=ZH)
    assert without.status_code == 200 and "电工技能竞赛" in without.get_data(as_text=True)
    assert "/me/prizes/" not in without.get_data(as_text=True), "no links when the prizes cannot be read"


def test_the_verify_page_is_a_form_anyone_can_use_without_script(client, fake):
    answer = client.get("/verify", headers=ZH)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "/sign-in" not in answer.headers.get("Location", "")
    assert 'enctype="multipart/form-data"' in html and 'method="post" action="/verify"' in html
    assert 'type="file"' in html and 'name="file"' in html and '<textarea id="badge" name="badge"' in html
    assert 'name="csrf_token"' in html and "<script" not in html
    assert "徽章验证" in html and 'for="file"' in html and 'for="badge"' in html


def post_badge(client, headers=ZH, **data):
    form = client.get("/verify", headers=headers).get_data(as_text=True)
    return client.post("/verify", data={"csrf_token": csrf_of(form), **data}, headers=headers,
                       content_type="multipart/form-data")


def test_a_chosen_file_is_sent_as_a_file_and_the_outcome_read_in_words(client, fake):
    fake.answer("credentials", "/badges/verifications", 200, checked())
    answer = post_badge(client, file=(io.BytesIO(JWT), "SE-1.jwt"))
    assert answer.status_code == 303 and answer.headers["Location"] == "/verify#result"
    _method, _path, headers, body = fake.last("/badges/verifications")
    assert headers["Content-Type"].startswith("multipart/form-data") and "Authorization" not in headers
    assert b'name="file"; filename="SE-1.jwt"' in body and JWT in body
    page = client.get("/verify", headers=ZH)
    html, words = page.get_data(as_text=True), text_of(page)
    assert 'data-outcome="valid"' in html and 'class="verified badge-result tone-ok"' in html
    for expected in ("验证结果 有效", "由本系统签发", "特种设备作业人员证", "证书", "王小明", "工号 E1001", "Acme Power",
                     "生效时间 2025-11-21", "有效期至 2027-04-05", "验证时间 2026-03-01 09:30"):
        assert expected in words, expected
    assert 'data-outcome' not in client.get("/verify", headers=ZH).get_data(as_text=True), "shown once"


def test_a_pasted_credential_is_sent_as_json(client, fake):
    fake.answer("credentials", "/badges/verifications", 200, checked("revoked"))
    answer = post_badge(client, headers=EN, badge=f"  {JWT.decode()}\n")
    assert answer.status_code == 303
    _method, _path, headers, body = fake.last("/badges/verifications")
    assert headers["Content-Type"] == "application/json" and json.loads(body) == {"badge": JWT.decode()}
    words = text_of(client.get("/verify", headers=EN))
    assert "Result Revoked" in words and "the issuer has revoked this badge" in words
    assert "Special equipment operator certificate" in words and "employee no. E1001" in words


@pytest.mark.parametrize(("outcome", "tone", "zh", "en"), [
    ("valid", "ok", "有效", "Valid"), ("revoked", "bad", "已撤销", "Revoked"), ("expired", "bad", "已过期", "Expired"),
    ("not_yet_valid", "warn", "尚未生效", "Not yet valid"),
    ("foreign", "warn", "非本系统签发", "Not issued by this system"),
    ("tampered", "bad", "签发后被改动", "Changed after it was issued"),
    ("unreadable", "muted", "不是徽章", "Not a badge"),
])
def test_every_outcome_is_said_in_words_and_colour(client, fake, outcome, tone, zh, en):
    unreadable = outcome == "unreadable"
    fake.answer("credentials", "/badges/verifications", 200, checked(outcome) if not unreadable else checked(
        outcome, kind=None, achievement=None, holder=None, issuer=None, valid_from=None, valid_until=None,
        key_id=None))
    for headers, words in ((ZH, zh), (EN, en)):
        post_badge(client, headers=headers, badge="something")
        html = client.get("/verify", headers=headers).get_data(as_text=True)
        assert f'class="verified badge-result tone-{tone}"' in html
        assert f'<span class="badge tone-{tone}">{words}</span>' in html
        assert 'class="outcome-explained"' in html
        assert ("王小明" in html) is not unreadable
        assert ('class="unverified-note"' in html) is (outcome in ("tampered", "foreign")), \
            "what a badge whose signature proves nothing says of itself is marked as its own claim"


def test_the_dates_fill_the_expired_and_not_yet_valid_sentences(client, fake):
    fake.answer("credentials", "/badges/verifications", 200, checked("expired"))
    post_badge(client, badge="x")
    assert "签名无误，但有效期已于 2027-04-05 结束。" in text_of(client.get("/verify", headers=ZH))
    fake.answer("credentials", "/badges/verifications", 200, checked("not_yet_valid"))
    post_badge(client, headers=EN, badge="x")
    assert "it is valid only from 2025-11-21." in text_of(client.get("/verify", headers=EN))


def test_an_empty_form_is_refused_in_words_without_asking_the_api(client, fake):
    answer = post_badge(client, badge="   ")
    assert answer.status_code == 422 and "请选择或拖入一个徽章文件，或粘贴凭证文本。" in answer.get_data(as_text=True)
    assert not [call for call in fake.sent if "badges" in call[1]]


def test_the_apis_refusals_are_said_in_the_pages_language(client, fake):
    fake.answer("credentials", "/badges/verifications", 413, {
        "type": "urn:banzu:problem:payload_too_large", "title": "Content Too Large", "status": 413,
        "detail": "The badge is larger than 2 MiB.", "reason": "payload_too_large"}, "application/problem+json")
    big = post_badge(client, file=(io.BytesIO(b"x" * 10), "big.png"))
    assert big.status_code == 413 and "文件太大：徽章文件不能超过 2 MB。" in big.get_data(as_text=True)
    fake.answer("credentials", "/badges/verifications", 422, {
        "type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "Invalid input.",
        "errors": {"badge": ["Field may not be null."]}}, "application/problem+json")
    refused = post_badge(client, badge="x" * 10)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="badge-error"' in html and "此项必填。" in html
    assert ">xxxxxxxxxx</textarea>" in html, "what was pasted stays in the form"


def test_the_form_needs_its_csrf_token(client, fake):
    assert client.post("/verify", data={"badge": "x"}).status_code == 400


def test_the_qr_codes_page_and_the_badge_page_link_each_other(client, fake):
    fake.answer("credentials", "/verify/N-1", 404, {"status": 404})
    assert 'href="/verify"' in client.get("/verify/N-1?code=x", headers=ZH).get_data(as_text=True)


def test_a_badges_dates_read_as_days_when_they_are_the_sites_midnights_else_as_instants(monkeypatch):
    monkeypatch.setenv("BANZU_TIMEZONE", "Asia/Shanghai")
    assert first_day("2025-11-20T16:00:00Z") == "2025-11-21", "valid from the issue day"
    assert last_day("2027-04-05T16:00:00Z") == "2027-04-05", "valid through the expiry day"
    assert first_day("2025-11-21T01:02:03Z") == "2025-11-21 09:02"
    assert last_day("2027-04-05T10:00:00+00:00") == "2027-04-05 18:00"
    assert first_day(None) is None and last_day("not a date") == "not a date"


def test_a_revoked_certificate_offers_no_badge_and_its_address_says_why(client, fake):
    credential = {"id": "id-9", "type_code": "special_equipment", "type_name": "特种设备作业人员证", "number": "SE-9",
                  "issuer": "省应急管理厅", "issued_on": "2025-11-21", "expires_on": None, "next_review_on": None,
                  "verification_code": "c9", "status": "revoked", "days_left": None}
    fake.answer("credentials", "/credentials/me", 200, {"items": [credential], "page": 1, "per_page": 500, "total": 1})
    fake.answer("credentials", "/credential-types", 200, {"items": []})
    fake.answer("credentials", "/credentials/id-9/badge", 409, {
        "type": "urn:banzu:problem:credential_revoked", "title": "Conflict", "status": 409,
        "detail": "Certificate SE-9 is revoked: it gets no badge.", "reason": "credential_revoked"},
        "application/problem+json")
    sign_in_as(client, "worker", employee_no="E1001")
    html = client.get("/me/certificates", headers=ZH).get_data(as_text=True)
    assert "/me/certificates/id-9/badge" not in html and "已吊销或已换发的证书不再提供徽章" in html
    refused = client.get("/me/certificates/id-9/badge.jwt", headers=ZH)
    assert refused.status_code == 409 and "这张证书已被吊销或已换发新证，不再提供徽章。" in refused.get_data(as_text=True)


def test_a_badge_past_the_apis_limit_is_said_in_megabytes(client, fake):
    fake.answer("credentials", "/badges/verifications", 422, {
        "type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "Invalid input.",
        "errors": {"file": ["must be at most 2 MiB"]},
        "codes": {"file": [{"code": "file_too_large", "limit": 2 * 1024 * 1024}]}}, "application/problem+json")
    refused = post_badge(client, file=(io.BytesIO(b"x" * 10), "big.png"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="file-error"' in html and "文件不能超过 2 MB。" in html


def test_the_issuer_document_keeps_the_services_cache_time(client, fake):
    fake.file("/badges/issuer", json.dumps(DID).encode(), "application/did+json", Cache_Control="public, max-age=300")
    assert client.get("/.well-known/did.json").headers["Cache-Control"] == "public, max-age=300"
    fake.file("/badges/issuer", json.dumps(DID).encode(), "application/did+json")
    assert client.get("/did.json").headers["Cache-Control"] == "no-store", "unless the service says otherwise"
