"""The compliance pages (issue 22): a team whose occupations have no certificate requirements says
"no requirements set" instead of 100 %, names each such occupation with a link to where its
requirements are set; a configured team shows its true rate and how it was computed; admins tick an
occupation's required types on a page, HR reads them."""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from banzu_gateway.web.views import compliance as compliance_views
from web_support import FakeServices, csrf_of, sent_bytes, sign_in_as

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
CREDENTIAL_TYPES = {"items": [
    {"code": "special_operation", "name_zh": "特种作业操作证", "name_en": "Special operation certificate"},
    {"code": "post_qualification", "name_zh": "上岗证", "name_en": "Post qualification certificate"}],
    "page": 1, "per_page": 500, "total": 2}
OCCUPATIONS = {"welder": {"zh": "焊工", "en": "Welder"}, "electrician": {"zh": "电工", "en": "Electrician"}}


@dataclass
class RequirementServices(FakeServices):
    """Fake services whose occupation requirements are kept: a PUT replaces them, as the API does."""

    requirements: dict[str, list[str]] = field(default_factory=dict)
    put_bodies: list[dict] = field(default_factory=list)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        prefix = "/api/v1/occupation-requirements/"
        if not path.startswith(prefix):
            return super().request(service, method, path, headers, body, timeout, stream)
        occupation = path.removeprefix(prefix)
        if method == "PUT":
            sent = json.loads(sent_bytes(body))
            self.put_bodies.append(sent)
            unknown = [code for code in sent["type_codes"] if code not in ("special_operation", "post_qualification")]
            if unknown:
                self.answer("credentials", "/refused", 422, {
                    "status": 422, "title": "Unprocessable Entity",
                    "errors": {"type_codes": [f"{code!r} is not a known credential type" for code in unknown]},
                    "codes": {"type_codes": [{"code": "unknown_credential_type", "value": code} for code in unknown]}})
                return super().request(service, "GET", "/api/v1/refused", headers)
            self.requirements[occupation] = sorted(set(sent["type_codes"]))
        self.answer("credentials", "/kept", 200, {"occupation": occupation,
                                                   "type_codes": self.requirements.get(occupation, [])})
        return super().request(service, "GET", "/api/v1/kept", headers)


@pytest.fixture
def fake(monkeypatch) -> RequirementServices:
    fake = RequirementServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    monkeypatch.setattr(compliance_views, "occupation_label",
                        lambda code: OCCUPATIONS.get(code, {}).get(compliance_views.g.lang, code))
    fake.answer("credentials", "/credential-types", 200, CREDENTIAL_TYPES)
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def welders_team(team: str) -> dict:
    """WD-03 of the issue: five welders, no requirement for welders."""
    return {"team_code": team, "workers": 5, "applicable": 0, "compliant": 0, "rate": None, "missing": [],
            "unconfigured": ["welder"]}


def mixed_team(team: str) -> dict:
    """Four electricians (requirements set, one certified) and a welder (none set)."""
    return {"team_code": team, "workers": 5, "applicable": 4, "compliant": 1, "rate": "25.00",
            "missing": [{"employee_no": f"E{n}", "name": f"电工{n}", "missing": ["special_operation"]} for n in (2, 3, 4)],
            "unconfigured": ["welder"]}


def compliance_report(fake, *rows) -> None:
    fake.answer("credentials", "/compliance", 200, {"items": list(rows), "page": 1, "per_page": 500,
                                                    "total": len(rows)})


def test_a_team_without_requirements_says_not_configured_and_links_to_setting_them(client, fake):
    compliance_report(fake, welders_team("WD-03"), mixed_team("EL-01"))
    sign_in_as(client, "hr")
    answer = client.get("/compliance", headers=ZH)
    assert answer.status_code == 200
    page = text_of(answer)
    welders = re.search(r'<tr data-team="WD-03".*?</tr>', page)[0]
    assert "未设置持证要求" in welders and "100" not in welders and "%" not in welders
    mixed = re.search(r'<tr data-team="EL-01".*?</tr>', page)[0]
    assert '<span class="rate">25.00 %</span>' in mixed and "1 / 4 人" in mixed
    assert "1 人的工种未设置持证要求，不计入。" in mixed
    assert "持证齐全人数 / 有持证要求的人数" in page, "the rate says how it is computed"
    assert page.count("焊工（welder）尚未设置持证要求") == 1, "each occupation named once"
    assert 'href="/occupations/welder/requirements"' in page
    assert "涉及班组：WD-03、EL-01" in page
    assert 'data-employee="E2"' in page and "特种作业操作证" in page, "what is missing per worker"

    english = text_of(client.get("/compliance", headers=EN))
    assert "Welder (welder) has no certificate requirements set" in english and "No requirements set" in english


def test_nobody_missing_does_not_claim_everyone_is_certified_when_occupations_are_unconfigured(client, fake):
    compliance_report(fake, welders_team("WD-03"))
    sign_in_as(client, "hr")
    page = text_of(client.get("/compliance", headers=ZH))
    assert "所有人员均持证齐全" not in page and "有持证要求的人员均持证齐全" in page


def test_the_team_page_shows_compliance_the_same_way(client, fake, tag):
    sign_in_as(client, "hr")
    team = f"WD{tag}"
    token = csrf_of(client.get("/teams/new", headers=ZH).get_data(as_text=True))
    created = client.post("/teams/new", data={"csrf_token": token, "code": team, "name": "焊接班", "company": "Acme",
                                              "idempotency_key": uuid.uuid4().hex}, headers=ZH)
    assert created.status_code == 303
    compliance_report(fake, welders_team(team))
    page = text_of(client.get(f"/teams/{team}", headers=ZH))
    tile = re.search(r'<section class="tile compliance-tile".*?</section>', page)[0]
    assert "未设置持证要求" in tile and "%" not in tile
    assert "本班组成员的工种均未设置持证要求" in tile
    assert "焊工（welder）尚未设置持证要求" in tile and 'href="/occupations/welder/requirements"' in tile

    compliance_report(fake, mixed_team(team))
    tile = re.search(r'<section class="tile compliance-tile".*?</section>',
                     text_of(client.get(f"/teams/{team}", headers=ZH)))[0]
    assert "25.00 %" in tile and "1 / 4 人" in tile and "持证齐全人数 / 有持证要求的人数" in tile
    assert "1 人的工种未设置持证要求，不计入。" in tile and "焊工（welder）尚未设置持证要求" in tile


def test_an_admin_ticks_the_required_types_and_hr_reads_them(client, fake):
    sign_in_as(client, "admin")
    url = "/occupations/welder/requirements"
    form = client.get(url, headers=ZH)
    page = text_of(form)
    assert form.status_code == 200 and "焊工（welder）的持证要求" in page and "尚未设置持证要求" in page
    assert 'name="type_codes" type="checkbox" value="special_operation"' in page and "特种作业操作证" in page
    saved = client.post(url, data={"csrf_token": csrf_of(form.get_data(as_text=True)),
                                   "type_codes": ["special_operation"]}, headers=ZH)
    assert saved.status_code == 303 and saved.headers["Location"] == url
    assert fake.put_bodies == [{"type_codes": ["special_operation"]}]
    after = text_of(client.get(url, headers=ZH))
    assert "持证要求已保存。" in after
    assert 'value="special_operation" checked' in after and 'value="post_qualification" checked' not in after

    refused = client.post(url, data={"csrf_token": "known-csrf-token", "type_codes": ["zzz"]}, headers=ZH)
    assert refused.status_code == 422 and 'id="type_codes-error"' in text_of(refused)

    sign_in_as(client, "hr")
    read_only = text_of(client.get(url, headers=ZH))
    assert 'name="type_codes"' not in read_only and "保存持证要求" not in read_only, "nothing to tick"
    assert '<li data-type="special_operation">特种作业操作证</li>' in read_only
    assert "只有系统管理员可以修改持证要求。" in read_only
    denied = client.post(url, data={"csrf_token": "known-csrf-token", "type_codes": []}, headers=ZH)
    assert denied.status_code == 403 and len(fake.put_bodies) == 2, "HR cannot change them"


def test_ticking_nothing_removes_the_requirements(client, fake):
    fake.requirements["welder"] = ["special_operation"]
    sign_in_as(client, "admin")
    url = "/occupations/welder/requirements"
    saved = client.post(url, data={"csrf_token": "known-csrf-token"}, headers=ZH)
    assert saved.status_code == 303 and fake.put_bodies == [{"type_codes": []}]
    assert "尚未设置持证要求" in text_of(client.get(url, headers=ZH))


def test_workers_cannot_open_the_compliance_pages(client, fake):
    sign_in_as(client, "worker", employee_no="E1")
    for url in ("/compliance", "/occupations/welder/requirements"):
        assert client.get(url, headers=ZH).status_code == 403, url
