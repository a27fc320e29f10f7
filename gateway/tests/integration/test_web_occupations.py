"""The occupation catalogue's pages (domain.md "Occupations are master data", web.md "Master data pages"):
/occupations lists every occupation with its names in both languages and its required certificates, HR adds
and renames occupations with refusals beside the fields; every form where an occupation is entered offers
the catalogue as a list in the page's language, and pages show its name, not its code."""
from __future__ import annotations

import re
import uuid

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from test_web_compliance import CREDENTIAL_TYPES, RequirementServices
from web_support import Answer, csrf_of, sign_in_as

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


@pytest.fixture
def fake(monkeypatch) -> RequirementServices:
    fake = RequirementServices(requirements={"electrician": ["special_operation", "post_qualification"]})
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    fake.answer("credentials", "/credential-types", 200, CREDENTIAL_TYPES)
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def card(page: str, code: str) -> str:
    return re.search(rf'<li class="card" id="occupation-{code}" data-occupation="{code}">.*?</li>', page)[0]


def form_post(client, url: str, data: dict, headers=ZH):
    token = csrf_of(client.get("/occupations", headers=headers).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def test_hr_reads_the_catalogue_in_both_languages_with_what_each_occupation_requires(client, fake):
    sign_in_as(client, "hr")
    answer = client.get("/occupations", headers=ZH)
    assert answer.status_code == 200
    page = text_of(answer)
    electrician = card(page, "electrician")
    assert "<h3>电工</h3>" in electrician and ">Electrician</dd>" in electrician and "<code>electrician</code>" in electrician
    assert "特种作业操作证、上岗证" in electrician, "required types by name"
    assert 'href="/occupations/electrician/requirements"' in electrician and "查看持证要求" in electrician
    assert "尚未设置持证要求" in card(page, "welder")
    assert '>工种</a>' in page, "in the menu"
    english = text_of(client.get("/occupations", headers=EN))
    assert "<h3>Electrician</h3>" in card(english, "electrician")
    assert "Special operation certificate, Post qualification certificate" in card(english, "electrician")
    sign_in_as(client, "admin")
    assert "设置持证要求" in card(text_of(client.get("/occupations", headers=ZH)), "electrician")
    for role in ("trainer", "organizer", "worker"):
        sign_in_as(client, role, employee_no="E1")
        assert client.get("/occupations", headers=ZH).status_code == 403, role


def test_the_catalogue_shows_when_the_certificates_service_is_away(client, fake, monkeypatch):
    monkeypatch.setattr(fake, "request", lambda *args, **kwargs: Answer(503, {"status": 503}))
    sign_in_as(client, "hr")
    answer = client.get("/occupations", headers=ZH)
    page = text_of(answer)
    assert answer.status_code == 200 and "<h3>焊工</h3>" in card(page, "welder")
    assert "证书服务暂时无法访问" in page


def test_hr_adds_an_occupation_and_a_refused_one_is_said_beside_its_fields(client, fake, tag):
    sign_in_as(client, "hr")
    code = f"miller_{tag.lower()}"
    refused = form_post(client, "/occupations", {"code": "Miller 1", "name_zh": " ", "name_en": "Miller",
                                                 "idempotency_key": uuid.uuid4().hex})
    page = text_of(refused)
    assert refused.status_code == 422
    assert re.search(r'id="code-error">只能使用 1–100 个小写字母、数字或下划线。', page), page
    assert 'id="name_zh-error">此项必填。' in page and 'value="Miller"' in page, "what was typed stays"
    key = uuid.uuid4().hex
    added = form_post(client, "/occupations", {"code": code, "name_zh": "铣工", "name_en": "Miller",
                                               "idempotency_key": key})
    assert added.status_code == 303 and added.headers["Location"] == f"/occupations#occupation-{code}"
    again = form_post(client, "/occupations", {"code": code, "name_zh": "铣工", "name_en": "Miller",
                                               "idempotency_key": key})
    assert again.status_code == 303, "a resent form adds nothing new and goes to the same place"
    listed = text_of(client.get("/occupations", headers=ZH))
    assert "已添加工种。" in listed and "<h3>铣工</h3>" in card(listed, code)
    taken = form_post(client, "/occupations", {"code": code, "name_zh": "另一个", "name_en": "Other",
                                               "idempotency_key": uuid.uuid4().hex})
    assert taken.status_code == 422 and 'id="code-error">已有这个编号的工种' in text_of(taken)


def test_hr_renames_an_occupation_on_its_card(client, fake, tag):
    sign_in_as(client, "hr")
    code = f"grinder_{tag.lower()}"
    form_post(client, "/occupations", {"code": code, "name_zh": "磨床工", "name_en": "Grinding",
                                       "idempotency_key": uuid.uuid4().hex})
    refused = form_post(client, f"/occupations/{code}", {f"zh-{code}": "", f"en-{code}": "Grinder"})
    shown = card(text_of(refused), code)
    assert refused.status_code == 422 and "<details class=\"action-panel\" open>" in shown
    assert f'id="zh-{code}-error">此项必填。' in shown and 'value="Grinder"' in shown
    renamed = form_post(client, f"/occupations/{code}", {f"zh-{code}": "磨工", f"en-{code}": "Grinder"})
    assert renamed.status_code == 303
    page = text_of(client.get("/occupations", headers=EN))
    assert "<h3>Grinder</h3>" in card(page, code) and "The occupation was renamed." in page
    assert form_post(client, "/occupations/nothing_here", {"zh-nothing_here": "无", "en-nothing_here": "None"}
                     ).status_code == 404


def test_a_worker_is_given_an_occupation_from_a_list_in_the_pages_language(client, fake, tag, add_team):
    add_team(f"S{tag}", (f"S{tag}1", "林工", "junior"), occupation="welder")
    sign_in_as(client, "hr")
    new = text_of(client.get("/workers/new", headers=ZH))
    field = re.search(r'<select id="occupation" name="occupation" required.*?</select>', new)[0]
    assert '<option value="electrician">电工</option>' in field and '<option value="welder">焊工</option>' in field
    assert '<input id="occupation"' not in new, "not a free text box"
    english = text_of(client.get("/workers/new", headers=EN))
    assert '<option value="fitter">Fitter</option>' in english
    token = csrf_of(client.get("/workers/new", headers=ZH).get_data(as_text=True))
    refused = client.post("/workers/new", headers=ZH, data={
        "csrf_token": token, "employee_no": f"S{tag}2", "name": "赵工", "team_code": f"S{tag}",
        "occupation": "plumber", "grade": "junior", "idempotency_key": uuid.uuid4().hex})
    assert refused.status_code == 422 and 'id="occupation-error">不是工种目录中的工种，请从列表中选择。' in text_of(refused)
    worker_page = text_of(client.get(f"/workers/S{tag}1", headers=ZH))
    assert "<dd>焊工</dd>" in worker_page and '<option value="welder" selected>焊工</option>' in worker_page
    listed = text_of(client.get("/workers", query_string={"team": f"S{tag}"}, headers=ZH))
    assert ">焊工</td>" in listed and ">welder</td>" not in listed
    assert '<option value="">全部工种</option>' in listed
    filtered = text_of(client.get("/workers", query_string={"team": f"S{tag}", "occupation": "electrician"},
                                  headers=ZH))
    assert f'data-employee="S{tag}1"' not in filtered and '<option value="electrician" selected>电工</option>' in filtered


def test_an_imported_row_outside_the_catalogue_is_said_in_words(client, fake, tag, add_team):
    import io
    add_team(f"R{tag}")
    sign_in_as(client, "hr")
    rows = (f"employee_no,name,team_code,occupation,grade\nR{tag}1,张三,R{tag},焊工,junior\n"
            f"R{tag}2,李四,R{tag},plumber,junior\n")
    token = csrf_of(client.get("/workers/import", headers=ZH).get_data(as_text=True))
    report = client.post("/workers/import", headers=ZH, content_type="multipart/form-data", data={
        "csrf_token": token, "dry_run": "true", "file": (io.BytesIO(rows.encode()), "w.csv")})
    page = text_of(report)
    assert "“plumber”不是工种目录中的工种。" in page and "可导入的行：1" in page


@pytest.mark.parametrize("page, role", [("/courses/new", "trainer"), ("/programs/new", "trainer"),
                                        ("/mentorships/new", "trainer"), ("/contests/new", "organizer")])
def test_every_form_that_names_an_occupation_offers_the_catalogue(client, fake, page, role):
    fake.answer("training", "/courses", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    sign_in_as(client, role)
    answer = client.get(page, headers=EN)
    form = text_of(answer)
    assert answer.status_code == 200, form
    field = re.search(r'<select id="occupation" name="occupation" required.*?</select>', form)[0]
    assert '<option value="welder">Welder</option>' in field and '<input id="occupation"' not in form


def test_a_services_refusal_of_an_occupation_is_said_beside_the_field(client, fake):
    fake.answer("training", "/courses", 422, {
        "status": 422, "title": "Invalid input", "detail": "Some fields are invalid.", "reason": "unknown_occupation",
        "errors": {"occupation": ["is not an occupation of the catalogue"]},
        "codes": {"occupation": [{"code": "unknown_occupation"}]}}, "application/problem+json")
    sign_in_as(client, "trainer")
    token = csrf_of(client.get("/courses/new", headers=ZH).get_data(as_text=True))
    refused = client.post("/courses/new", headers=ZH, data={
        "csrf_token": token, "code": "PL-1", "title": "管道", "occupation": "plumber", "kind": "theory", "hours": "4",
        "idempotency_key": uuid.uuid4().hex})
    assert refused.status_code == 422
    assert 'id="occupation-error">不是工种目录中的工种，请从列表中选择。' in text_of(refused)
