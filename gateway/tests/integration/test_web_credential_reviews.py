"""Issue 22, certificates: a certificate recorded years after it was issued can be due for its
periodic review (复审) from the first day. The issue form takes the last review, shows the dates the
certificate would get and warns before recording it; the certificate's page and the public
verification page say in words what 待复审 means."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import pytest

from banzu_common.errors import NotFound

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from banzu_gateway.service_layer import directory
from web_support import Answer, FakeServices, csrf_of, sent_bytes, sign_in_as

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
CREDENTIAL_TYPES = {"items": [{"code": "special_operation", "name_zh": "特种作业操作证",
                               "name_en": "Special operation certificate", "review_months": 36}],
                    "page": 1, "per_page": 500, "total": 1}
FORM = {"employee_no": "E1", "type_code": "special_operation", "number": "SO-1", "issuer": "应急管理局",
        "issued_on": "2020-06-01", "expires_on": "", "last_reviewed_on": "", "idempotency_key": "k-issue"}


def preview(**changes) -> dict:
    """What the API's dry run answers for FORM on 2026-12-07."""
    return {"employee_no": "E1", "holder_name": "王小明", "type_code": "special_operation", "type_name": "特种作业操作证",
            "number": "SO-1", "issuer": "应急管理局", "issued_on": "2020-06-01", "expires_on": "2026-06-01",
            "next_review_on": "2023-06-01", "last_reviewed_on": None, "status": "review_due",
            "review_overdue": True, "days_left": -189, "as_of": "2026-12-07"} | changes


def stored(**changes) -> dict:
    return preview(**changes) | {"id": "c-9", "verification_code": "CODE9", "grade": None, "revoked_on": None,
                                 "revoke_reason": None, "superseded_by": None, "reviews": [], "notices": []} | changes


@dataclass
class IssuingServices(FakeServices):
    """Answers POST /credentials?dry_run=true with `checked` and POST /credentials with `created`, and
    keeps what each call sent."""

    checked: Answer = field(default_factory=lambda: Answer(200, preview()))
    created: Answer = field(default_factory=lambda: Answer(201, stored()))
    sent: list[tuple[str, dict, dict]] = field(default_factory=list)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        if method == "POST" and path.split("?", 1)[0] == "/api/v1/credentials":
            self.calls.append((service, path, headers))
            self.sent.append((path, json.loads(sent_bytes(body) or b"{}"), dict(headers)))
            return self.checked if "dry_run=true" in path else self.created
        return super().request(service, method, path, headers, body, timeout, stream)


@pytest.fixture(autouse=True)
def holder(runtime) -> None:
    """FORM's holder in the directory: the issue form looks the typed holder up before sending."""
    with runtime.uow() as uow:
        try:
            directory.get_worker(uow, "E1")
            return
        except NotFound:
            pass
        try:
            directory.get_team(uow, "T-E1")
        except NotFound:
            directory.create_team(uow, {"code": "T-E1", "name": "特种作业班", "company": "Acme"})
        directory.create_worker(uow, {"employee_no": "E1", "name": "王小明", "team_code": "T-E1",
                                      "occupation": "electrician", "grade": "senior"}, date(2026, 1, 1))
        uow.commit()


@pytest.fixture
def fake(monkeypatch) -> IssuingServices:
    fake = IssuingServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    fake.answer("credentials", "/credential-types", 200, CREDENTIAL_TYPES)
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def post_form(client, data: dict, headers=ZH):
    token = csrf_of(client.get("/credentials/new", headers=headers).get_data(as_text=True))
    return client.post("/credentials/new", data={"csrf_token": token, **data}, headers=headers)


def test_the_issue_form_asks_for_the_last_review_with_a_visible_label(client, fake):
    sign_in_as(client, "hr")
    page = text_of(client.get("/credentials/new", headers=ZH))
    assert '<label for="last_reviewed_on">最近复审日期' in page
    assert 'name="last_reviewed_on" type="date"' in page and "下次复审从该日起算" in page
    assert 'name="step" value="check"' in page and ">检查日期</button>" in page


def test_recording_a_certificate_whose_review_is_overdue_warns_first_and_records_only_when_confirmed(client, fake):
    sign_in_as(client, "hr")
    warned = post_form(client, FORM)
    page = text_of(warned)
    assert warned.status_code == 200, "a warning, not a refusal"
    assert "下次复审日期 2023-06-01 已过：登记后这本证书会立即显示为“待复审”。" in page
    assert "（从发证日期 2020-06-01 起算）" in page and ">仍然登记</button>" in page
    assert '<dd class="holder">王小明 (E1)</dd>' in page, "whose certificate it is, by name, once a person was picked"
    assert 'value="SO-1"' in page and 'value="k-issue"' in page, "the form keeps what was typed and its key"
    assert [path for path, _body, _headers in fake.sent] == ["/api/v1/credentials?dry_run=true"]
    assert "Idempotency-Key" not in fake.sent[0][2], "the check must not use up the form's key"
    assert fake.sent[0][1] == {k: v for k, v in FORM.items() if v and k != "idempotency_key"}

    recorded = post_form(client, FORM | {"review_overdue_confirmed": "true"})
    assert recorded.status_code == 303 and recorded.headers["Location"] == "/credentials/c-9"
    path, body, headers = fake.sent[-1]
    assert path == "/api/v1/credentials" and headers["Idempotency-Key"] == "k-issue" and body["number"] == "SO-1"


def test_with_its_last_review_the_certificate_is_recorded_at_once(client, fake):
    fake.checked = Answer(200, preview(last_reviewed_on="2026-05-02", next_review_on="2029-05-02",
                                       status="expiring", review_overdue=False))
    sign_in_as(client, "hr")
    recorded = post_form(client, FORM | {"last_reviewed_on": "2026-05-02"})
    assert recorded.status_code == 303
    assert [path for path, _b, _h in fake.sent] == ["/api/v1/credentials?dry_run=true", "/api/v1/credentials"]
    assert fake.sent[-1][1]["last_reviewed_on"] == "2026-05-02"


def test_checking_the_dates_shows_them_and_records_nothing(client, fake):
    fake.checked = Answer(200, preview(last_reviewed_on="2026-05-02", next_review_on="2029-05-02",
                                       status="valid", review_overdue=False))
    sign_in_as(client, "hr")
    checked = post_form(client, FORM | {"last_reviewed_on": "2026-05-02", "step": "check"}, headers=EN)
    page = text_of(checked)
    assert checked.status_code == 200 and "With these dates, this certificate:" in page
    assert "2029-05-02 (counted from the last review, 2026-05-02)" in page and "2026-06-01" in page
    assert "has passed" not in page and "Record it anyway" not in page
    assert [path for path, _b, _h in fake.sent] == ["/api/v1/credentials?dry_run=true"]


def test_a_last_review_that_cannot_be_is_refused_beside_the_field_in_words(client, fake):
    fake.checked = Answer(422, {"status": 422, "title": "Invalid input", "detail": "Some fields are invalid.",
                                "errors": {"last_reviewed_on": ["must not be after today"]},
                                "codes": {"last_reviewed_on": [{"code": "in_the_future"}]}},
                          "application/problem+json")
    sign_in_as(client, "hr")
    refused = post_form(client, FORM | {"last_reviewed_on": "2027-01-01"})
    page = text_of(refused)
    assert refused.status_code == 422 and 'id="last_reviewed_on-error">不能晚于今天。' in page
    assert 'value="2027-01-01"' in page and len(fake.sent) == 1, "nothing recorded"


def test_the_certificates_page_says_its_review_is_overdue_and_offers_to_record_one(client, fake):
    fake.answer("credentials", "/credentials/c-9", 200, stored())
    sign_in_as(client, "hr")
    page = text_of(client.get("/credentials/c-9", headers=ZH))
    assert "这本证书应在 2023-06-01 前复审，尚未记录复审。" in page
    assert '<details class="action-panel" open> <summary>记录复审</summary>' in page
    fake.answer("credentials", "/credentials/c-9", 200, stored(last_reviewed_on="2023-05-20",
                                                               next_review_on="2026-05-20", reviews=["2023-05-20"]))
    page = text_of(client.get("/credentials/c-9", headers=EN))
    assert "was due for review by 2026-05-20 (the latest review recorded: 2023-05-20)" in page
    fake.answer("credentials", "/credentials/c-9", 200, stored(status="valid", review_overdue=False))
    assert "尚未记录复审" not in text_of(client.get("/credentials/c-9", headers=ZH))


VERIFIED = {"number": "SO-1", "type": "special_operation", "type_name": "特种作业操作证",
            "type_name_en": "Special operation certificate", "holder": "王*明", "issued_on": "2020-06-01",
            "expires_on": "2027-06-01", "next_review_on": "2025-06-01", "status": "review_due", "as_of": "2026-12-07"}


def test_the_public_verification_page_explains_a_review_due_in_the_readers_language(client, fake):
    fake.answer("credentials", "/verify/SO-1", 200, VERIFIED)
    zh = text_of(client.get("/verify/SO-1?code=abc", headers=ZH))
    assert "待复审：该证书需在 2025-06-01 前复审，尚未记录复审。" in zh and "王*明" in zh
    en = text_of(client.get("/verify/SO-1?code=abc", headers=EN))
    assert "Review due: this certificate had to be reviewed by 2025-06-01, and no review has been recorded." in en
    fake.answer("credentials", "/verify/SO-1", 200, VERIFIED | {"status": "valid", "next_review_on": "2028-06-01"})
    assert "有效：该证书在 2026-12-07 有效。" in text_of(client.get("/verify/SO-1?code=abc", headers=ZH))
