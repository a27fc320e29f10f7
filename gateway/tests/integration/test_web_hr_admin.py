"""The HR and admin pages through the Flask test client: menus and landing by role, forms that post
to the API and show its refusals in the page's language, imports with their report and progress,
profiles with a stopped service, accounts, password changes and deactivation."""
from __future__ import annotations

import io
import re
import uuid

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from banzu_gateway.service_layer import accounts
from web_support import FakeServices, csrf_of, sign_in_as

PASSWORD = "Console-pass-1"
CREDENTIAL_TYPES = {"items": [{"code": "special_equipment", "name_zh": "特种设备作业人员证",
                               "name_en": "Special equipment operator certificate"}], "page": 1, "per_page": 500,
                    "total": 1}
ZH = {"Accept-Language": "zh-CN"}


@pytest.fixture
def fake(monkeypatch) -> FakeServices:
    """The services answer what a test says; anything else is a 404 (profile parts: unavailable)."""
    fake = FakeServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    fake.answer("credentials", "/credential-types", 200, CREDENTIAL_TYPES)
    return fake


def form_post(client, url: str, data: dict, page: str | None = None, **kwargs):
    token = csrf_of(client.get(page or url, headers=ZH).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, headers=ZH, **kwargs)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def add_account(runtime, roles: list[str], employee_no: str | None = None, username: str | None = None) -> str:
    username = username or f"u-{uuid.uuid4().hex[:8]}"
    with runtime.uow() as uow:
        accounts.create_user(uow, username, PASSWORD, roles, employee_no, created_by="test")
        uow.commit()
    return username


def sign_in(client, username: str, password: str = PASSWORD):
    return form_post(client, "/sign-in", {"username": username, "password": password})


def test_menus_and_landing_pages_follow_the_roles(client):
    sign_in_as(client, "hr")
    assert client.get("/").headers["Location"].endswith("/teams")
    menu = text_of(client.get("/teams", headers=ZH))
    for entry in ("班组", "员工", "证书", "持证上岗率", "晋升名单", "修改密码"):
        assert f">{entry}</a>" in menu
    assert "账号管理" not in menu
    assert client.get("/users", headers=ZH).status_code == 403
    sign_in_as(client, "admin")
    assert client.get("/").headers["Location"].endswith("/users")
    sign_in_as(client, "worker", employee_no="E1")
    worker_menu = text_of(client.get("/account/password", headers=ZH))
    assert ">修改密码</a>" in worker_menu and ">班组</a>" not in worker_menu
    for page in ("/teams", "/workers", "/workers/import", "/credentials", "/compliance", "/users", "/teams/new"):
        denied = client.get(page, headers=ZH)
        assert denied.status_code == 403 and "您没有查看此页面的权限" in text_of(denied), page


def test_a_team_is_created_and_its_leader_must_be_a_member(client, fake, tag):
    fake.answer("credentials", "/compliance", 503, {"status": 503})
    sign_in_as(client, "hr")
    refused = form_post(client, "/teams/new", {"code": "bad code!", "name": "", "company": "Acme",
                                               "idempotency_key": uuid.uuid4().hex})
    page = text_of(refused)
    assert refused.status_code == 422 and "此项必填。" in page and "只能使用 1–40 个字母" in page
    assert 'value="Acme"' in page, "what was typed stays"
    created = form_post(client, "/teams/new", {"code": f"T{tag}", "name": "一车间电工班", "company": "Acme",
                                               "idempotency_key": uuid.uuid4().hex})
    assert created.status_code == 303 and created.headers["Location"] == f"/teams/T{tag}"
    for code in (f"T{tag}", f"O{tag}"):
        if code != f"T{tag}":
            form_post(client, "/teams/new", {"code": code, "name": "其他班", "company": "Acme",
                                             "idempotency_key": uuid.uuid4().hex})
        form_post(client, "/workers/new", {"employee_no": f"{code}1", "name": "王小明", "team_code": code,
                                           "occupation": "electrician", "grade": "senior",
                                           "idempotency_key": uuid.uuid4().hex})
    team_page = text_of(client.get(f"/teams/T{tag}", headers=ZH))
    assert "王小明" in team_page and "暂时无法获取" in team_page, "compliance unavailable, the page still shows"
    outsider = form_post(client, f"/teams/T{tag}", {"name": "一车间电工班", "company": "Acme", "workshop": "",
                                                    "leader": f"O{tag}1"})
    assert outsider.status_code == 422 and f"O{tag}1 不是班组 T{tag} 的成员。" in text_of(outsider)
    named = form_post(client, f"/teams/T{tag}", {"name": "一车间电工班", "company": "Acme", "workshop": "一车间",
                                                 "leader": f"T{tag}1"})
    assert named.status_code == 303
    shown = text_of(client.get(f"/teams/T{tag}", headers=ZH))
    assert f'class="team-leader">王小明 (T{tag}1)' in shown and "已保存。" in shown


def test_a_worker_is_moved_and_a_stopped_service_reads_as_unavailable(client, fake, tag):
    sign_in_as(client, "hr")
    for code in (f"A{tag}", f"B{tag}"):
        form_post(client, "/teams/new", {"code": code, "name": code, "company": "Acme",
                                         "idempotency_key": uuid.uuid4().hex})
    form_post(client, "/workers/new", {"employee_no": f"W{tag}", "name": "李强", "team_code": f"A{tag}",
                                       "occupation": "welder", "grade": "junior", "idempotency_key": uuid.uuid4().hex})
    page = client.get(f"/workers/W{tag}", headers=ZH)
    assert page.status_code == 200
    assert text_of(page).count("暂时无法获取，请稍后再试。") == 3, "credentials, training and contests"
    moved = form_post(client, f"/workers/W{tag}", {"team_code": f"B{tag}"})
    assert moved.status_code == 303
    after = text_of(client.get(f"/workers/W{tag}", headers=ZH))
    assert "员工已调至新班组。" in after and f'class="worker-team"><a href="/teams/B{tag}">B{tag}</a>' in after
    listed = text_of(client.get("/workers", query_string={"q": "李", "team": f"B{tag}"}, headers=ZH))
    assert f'data-employee="W{tag}"' in listed
    assert client.get("/workers", query_string={"grade": "nonsense"}, headers=ZH).status_code == 400


def test_a_worker_import_reports_bad_rows_then_imports_the_valid_ones(client, fake, tag):
    sign_in_as(client, "hr")
    form_post(client, "/teams/new", {"code": f"I{tag}", "name": "导入班", "company": "Acme",
                                     "idempotency_key": uuid.uuid4().hex})
    template = client.get("/workers/import/template.csv")
    assert template.status_code == 200 and template.data.decode("utf-8-sig").startswith("employee_no,name,team_code")
    rows = (f"employee_no,name,team_code,occupation,grade\nI{tag}1,张三,I{tag},welder,junior\n"
            f"I{tag}2,李四,NO-SUCH-TEAM,welder,junior\nI{tag}3,王五,I{tag},welder,高级工\n")
    report = form_post(client, "/workers/import", {"dry_run": "true", "file": (io.BytesIO(rows.encode()), "w.csv")},
                       content_type="multipart/form-data")
    page = text_of(report)
    assert report.status_code == 200
    assert re.search(r'<td class="num">3</td><td>班组编号 <span class="sub">team_code</span></td><td>没有编号为 NO-SUCH-TEAM',
                     page), page
    assert "可导入的行：2" in page and "仅导入无误的行" in page
    carried = dict(re.findall(r'name="(file_content|file_name|idempotency_key|valid_rows)" value="([^"]*)"', page))
    committed = form_post(client, "/workers/import", {"dry_run": "false", "partial": "true", **carried})
    outcome = text_of(committed)
    assert committed.status_code == 200 and "正在导入 2 行" in outcome and "导入完成：新增 2 条，更新 0 条。" in outcome
    assert "跳过了 1 行有错误的数据。" in outcome
    again = text_of(form_post(client, "/workers/import", {"dry_run": "false", "partial": "true", **carried}))
    assert "导入完成：新增 2 条" in again, re.search(r'import-outcome.*', again)[0]
    members = text_of(client.get("/workers", query_string={"team": f"I{tag}"}, headers=ZH))
    assert f'data-employee="I{tag}1"' in members and f'data-employee="I{tag}3"' in members
    unreadable = form_post(client, "/workers/import", {"dry_run": "true", "file": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
                           content_type="multipart/form-data")
    assert unreadable.status_code == 422 and "第一行缺少列" in text_of(unreadable)
    nothing = form_post(client, "/workers/import", {"dry_run": "true"})
    assert nothing.status_code == 422 and "请选择要上传的文件。" in text_of(nothing)


def stored_credential(**changes) -> dict:
    return {"id": "c-1", "employee_no": "E1", "holder_name": "王小明", "type_code": "special_equipment",
            "type_name": "特种设备作业人员证", "number": "SE-1", "issuer": "省局", "issued_on": "2022-12-20",
            "expires_on": "2026-12-20", "next_review_on": "2026-06-20", "verification_code": "CODE1",
            "status": "valid", "days_left": 200, "notices": [{"kind": "expiring", "threshold": 30, "on": "2026-11-20"}],
            "reviews": [], "revoked_on": None, "revoke_reason": None, "superseded_by": None, **changes}


def test_renewing_and_reviewing_a_credential_post_to_the_api_actions(client, fake):
    fake.answer("credentials", "/credentials/c-1", 200, stored_credential())
    fake.answer("credentials", "/credentials/c-1/renew", 201, stored_credential(id="c-2", number="SE-2"))
    fake.answer("credentials", "/credentials/c-1/reviews", 422, {
        "status": 422, "title": "Invalid input", "detail": "Some fields are invalid.",
        "errors": {"reviewed_on": ["must not be after expires_on"]},
        "codes": {"reviewed_on": [{"code": "after_end", "end": "expires_on"}]}}, "application/problem+json")
    sign_in_as(client, "hr")
    page = text_of(client.get("/credentials/c-1", headers=ZH))
    assert "到期前 30 天提醒" in page and "王小明" in page and "200 天" in page
    renewed = form_post(client, "/credentials/c-1/renew", {"number": "SE-2", "issuer": "", "issued_on": "2026-12-01",
                                                           "expires_on": "", "idempotency_key": "k1"},
                        page="/credentials/c-1")
    assert renewed.status_code == 303 and renewed.headers["Location"] == "/credentials/c-2"
    service, path, headers = fake.calls[-1]
    assert path == "/api/v1/credentials/c-1/renew" and headers.get("Idempotency-Key") == "k1"
    refused = form_post(client, "/credentials/c-1/reviews", {"reviewed_on": "2027-01-01"}, page="/credentials/c-1")
    shown = text_of(refused)
    assert refused.status_code == 422 and '<details class="action-panel" open>' in shown
    assert 'id="reviewed_on-error">不能晚于有效期。' in shown and 'value="2027-01-01"' in shown
    assert client.post("/credentials/c-1/delete", data={"csrf_token": "known-csrf-token"}).status_code == 404


def test_an_admin_manages_accounts_and_a_reset_password_is_shown_once(client, runtime, tag):
    admin = add_account(runtime, ["admin"])
    sign_in(client, admin)
    created = form_post(client, "/users/new", {"username": f"w{tag}".lower(), "password": "Worker-pass-1",
                                               "roles": ["worker"], "employee_no": "", "email": "", "language": "zh",
                                               "idempotency_key": uuid.uuid4().hex})
    assert created.status_code == 422 and "员工账号必须关联工号。" in text_of(created)
    assert "Worker-pass-1" not in created.get_data(as_text=True), "a password is never sent back"
    created = form_post(client, "/users/new", {"username": f"w{tag}".lower(), "password": "Worker-pass-1",
                                               "roles": ["worker"], "employee_no": f"E{tag}", "email": "w@example.com",
                                               "language": "en", "idempotency_key": uuid.uuid4().hex})
    assert created.status_code == 303
    listing = text_of(client.get("/users", query_string={"q": f"w{tag}".lower()}, headers=ZH))
    assert f"E{tag}" in listing and "w@example.com" in listing and "English" in listing
    reset = form_post(client, f"/users/w{tag}".lower() + "/password", {}, page=f"/users/w{tag}".lower())
    password = re.search(r'class="one-time-password"[^>]*><code>([^<]+)</code>', reset.get_data(as_text=True))[1]
    assert len(password) == 12 and reset.headers["Cache-Control"] == "no-store"
    assert password not in client.get(f"/users/w{tag}".lower()).get_data(as_text=True)
    other = client.application.test_client()
    assert sign_in(other, f"w{tag}".lower(), "Worker-pass-1").status_code == 401
    assert sign_in(other, f"w{tag}".lower(), password).status_code == 303


def test_a_deactivated_account_is_signed_out_at_its_next_page(client, runtime, app):
    admin, hr = add_account(runtime, ["admin"]), add_account(runtime, ["hr"])
    hr_browser = app.test_client()
    assert sign_in(hr_browser, hr).status_code == 303
    assert hr_browser.get("/teams").status_code == 200
    sign_in(client, admin)
    own = form_post(client, f"/users/{admin}/deactivate", {}, page=f"/users/{admin}")
    assert own.status_code == 409 and "不能停用自己的账号" in text_of(own)
    done = form_post(client, f"/users/{hr}/deactivate", {}, page=f"/users/{hr}")
    assert done.status_code == 303
    kicked = hr_browser.get("/teams")
    assert kicked.status_code == 302 and kicked.headers["Location"].startswith("/sign-in")
    told = sign_in(hr_browser, hr)
    assert told.status_code == 403 and "此账号已停用，不能登录。" in text_of(told), "the right password is told why"
    wrong = sign_in(hr_browser, hr, "Not-the-password-1")
    assert wrong.status_code == 401 and "用户名或密码错误。" in text_of(wrong) and "停用" not in text_of(wrong)
    hr_browser.get("/language/en")
    assert "This account is deactivated and cannot sign in." in text_of(sign_in(hr_browser, hr))


def test_changing_my_password_keeps_me_signed_in_and_ends_other_sign_ins(client, runtime, app):
    me = add_account(runtime, ["trainer"])
    other_browser = app.test_client()
    sign_in(other_browser, me)
    sign_in(client, me)
    differ = form_post(client, "/account/password", {"current_password": PASSWORD, "new_password": "New-pass-2026",
                                                     "new_password_again": "New-pass-2027"})
    assert differ.status_code == 422 and "两次输入的新密码不一致。" in text_of(differ)
    wrong = form_post(client, "/account/password", {"current_password": "not-it", "new_password": "New-pass-2026",
                                                    "new_password_again": "New-pass-2026"})
    assert wrong.status_code == 422 and "当前密码不正确。" in text_of(wrong)
    short = form_post(client, "/account/password", {"current_password": PASSWORD, "new_password": "short",
                                                    "new_password_again": "short"})
    assert short.status_code == 422 and "至少 10 个字符。" in text_of(short)
    done = form_post(client, "/account/password", {"current_password": PASSWORD, "new_password": "New-pass-2026",
                                                   "new_password_again": "New-pass-2026"})
    assert done.status_code == 303
    assert "密码已修改。" in text_of(client.get(done.headers["Location"], headers=ZH))
    assert client.get("/account/password").status_code == 200, "this browser stays signed in"
    assert other_browser.get("/contests").status_code == 302, "the other sign-in ended"


def test_an_admin_creates_sign_ins_for_workers_chosen_on_the_list(client, runtime, tag):
    admin = add_account(runtime, ["admin"])
    sign_in(client, admin)
    form_post(client, "/teams/new", {"code": f"G{tag}", "name": "开户班", "company": "Acme",
                                     "idempotency_key": uuid.uuid4().hex})
    for n in (1, 2):
        form_post(client, "/workers/new", {"employee_no": f"G{tag}{n}", "name": f"员工{n}", "team_code": f"G{tag}",
                                           "occupation": "welder", "grade": "junior",
                                           "idempotency_key": uuid.uuid4().hex})
    listed = client.get("/workers", query_string={"team": f"G{tag}"}, headers=ZH).get_data(as_text=True)
    assert listed.count('name="employee_no" value=') == 2 and 'aria-label="选择 员工1"' in listed
    add_account(runtime, ["worker"], f"G{tag}2", username=f"G{tag}2")
    made = form_post(client, "/workers/sign-ins", {"employee_no": [f"G{tag}1", f"G{tag}2"]},
                     page=f"/workers?team=G{tag}")
    page = made.get_data(as_text=True)
    password = re.search(rf'data-employee="G{tag}1">.*?<code class="one-time">([^<]+)</code>', page, re.S)[1]
    assert "该用户名已被使用。" in page, "a worker who has a sign-in keeps it"
    other = client.application.test_client()
    first = sign_in(other, f"G{tag}1", password)
    assert first.headers["Location"] == "/account/password", "a password an admin made is changed first"
    assert other.get("/me").headers["Location"] == "/account/password"
    changed = form_post(other, "/account/password", {"current_password": password, "new_password": "My-own-pass-2026",
                                                     "new_password_again": "My-own-pass-2026"})
    assert changed.headers["Location"] == "/me", "then a worker lands on their own page"
    nothing = form_post(client, "/workers/sign-ins", {}, page="/workers")
    assert nothing.status_code == 303 and "请先在列表中勾选员工。" in text_of(client.get("/workers", headers=ZH))
    sign_in_as(client, "hr")
    assert 'name="employee_no" value=' not in client.get("/workers", headers=ZH).get_data(as_text=True)
    assert client.post("/workers/sign-ins", data={"csrf_token": "known-csrf-token"}).status_code == 403


def test_a_password_an_admin_sets_on_the_pages_is_changed_at_the_first_sign_in(client, runtime, tag):
    admin = add_account(runtime, ["admin"])
    sign_in(client, admin)
    form = text_of(client.get("/users/new", headers=ZH))
    assert re.search(r'name="must_change_password" type="checkbox" value="true" checked', form), "ticked by default"
    assert "首次登录时须修改密码" in form
    name = f"n{tag}".lower()
    created = form_post(client, "/users/new", {"username": name, "password": "Initial-pass-1", "roles": ["hr"],
                                               "employee_no": "", "email": "", "language": "zh",
                                               "must_change_password": "true", "idempotency_key": uuid.uuid4().hex})
    assert created.status_code == 303
    assert "待本人改密码" in text_of(client.get(f"/users/{name}", headers=ZH))

    person = client.application.test_client()
    assert sign_in(person, name, "Initial-pass-1").headers["Location"] == "/account/password"
    for page in ("/teams", "/workers", "/"):
        assert person.get(page, headers=ZH).headers["Location"].endswith("/account/password"), page
    form = text_of(person.get("/account/password", headers=ZH))
    assert "您的密码是管理员设定的。请先设置您自己的密码" in form
    person.get("/language/en")
    assert "An administrator set your password. Choose your own before you continue." in text_of(
        person.get("/account/password"))
    changed = form_post(person, "/account/password", {"current_password": "Initial-pass-1",
                                                      "new_password": "Own-pass-2026", "new_password_again": "Own-pass-2026"})
    assert changed.status_code == 303 and changed.headers["Location"] == "/teams"
    assert person.get("/teams").status_code == 200
    assert "待本人改密码" not in text_of(client.get(f"/users/{name}", headers=ZH))

    reset = form_post(client, f"/users/{name}/password", {}, page=f"/users/{name}")
    assert "对方下次登录时须先把它改成自己的密码。" in text_of(reset)
    password = re.search(r'class="one-time-password"[^>]*><code>([^<]+)</code>', reset.get_data(as_text=True))[1]
    assert person.get("/teams").headers["Location"].startswith("/sign-in"), "the reset ended the sign-in"
    assert sign_in(person, name, password).headers["Location"] == "/account/password"

    unticked = form_post(client, "/users/new", {"username": f"{name}-svc", "password": "Service-pass-1",
                                                "roles": ["hr"], "employee_no": "", "email": "", "language": "zh",
                                                "idempotency_key": uuid.uuid4().hex})
    assert unticked.status_code == 303
    assert sign_in(client.application.test_client(), f"{name}-svc", "Service-pass-1").headers["Location"] == "/teams"
