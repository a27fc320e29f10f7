"""HR and admin do their work in the browser: teams, workers, a leader, a move, an import with a bad
row, certificates issued, seen expiring with their QR card and revoked, the compliance rate moving;
an admin gives a worker a sign-in, and that worker changes the password first, as they must, and
then sees only their own certificates. axe-core on every page of the console, zh and en, phone and desktop."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest

from accessibility import assert_accessible
from browser_support import DESKTOP, PASSWORD, add_user, created, retry_until_created, sign_in
from client import eventually

pytestmark = pytest.mark.browser
NARROW_PHONE = {"width": 375, "height": 812}
REQUIRED_TYPE = "post_qualification"


@pytest.fixture(scope="module")
def occupation(banzu, admin) -> str:
    """An occupation of this run that requires the post qualification certificate (drives compliance)."""
    name = banzu.occupation(f"fitter_{uuid.uuid4().hex[:6]}")
    answer = admin.put(f"/occupation-requirements/{name}", {"type_codes": [REQUIRED_TYPE]})
    assert answer.status == 200, answer
    return name


def submit(page, form_selector: str = "main form.form") -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state()


def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"main [name='{name}']").first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def compliance_of(page, team: str) -> tuple[str, str] | None:
    """(members counted, rate) on the compliance page; None while the credentials service has not
    heard of the team yet."""
    page.goto(f"/compliance?team={team}")
    row = page.locator(f'table.compliance tr[data-team="{team}"]')
    if not row.count():
        return None
    return row.locator("td.num").first.inner_text(), row.locator(".rate").inner_text()


def test_hr_runs_the_directory_imports_and_certificates_in_the_browser(banzu, admin, new_page, look, occupation):
    tag = uuid.uuid4().hex[:5].upper()
    hr = add_user(admin, f"hrc-{tag.lower()}", ["hr"])
    team_a, team_b = f"A{tag}", f"B{tag}"
    page = new_page(viewport=DESKTOP)
    sign_in(page, hr)
    assert page.url.endswith("/teams"), "HR's work starts at the teams"
    look(page, "teams-hr-desktop")

    for code, name in ((team_a, "一车间钳工班"), (team_b, "二车间钳工班")):
        page.goto("/teams/new")
        fill(page, {"code": code, "name": name, "company": "东方电力"})
        if code == team_a:
            look(page, "team-new-hr-desktop")
        submit(page)
        assert page.url.endswith(f"/teams/{code}") and "班组已创建。" in page.locator(".notices").inner_text()

    first, second = f"W{tag}1", f"W{tag}2"
    for number, name in ((first, "王小明"), (second, "李强")):
        page.goto(f"/workers/new?team_code={team_a}")
        fill(page, {"employee_no": number, "name": name, "occupation": occupation, "grade": "senior"})
        assert page.locator("#team_code").input_value() == team_a
        if number == first:
            look(page, "worker-new-hr-desktop")
        submit(page)
        assert page.url.endswith(f"/workers/{number}")

    page.goto(f"/teams/{team_a}")
    page.locator("#leader").select_option(first)
    submit(page, "form[aria-labelledby=edit-heading]")
    assert page.locator(".team-leader").inner_text() == f"王小明 ({first})"
    look(page, "team-hr-desktop")

    page.goto(f"/workers/{second}")
    page.locator("#team_code").select_option(team_b)
    submit(page, "form[aria-labelledby=move-heading]")
    assert page.locator(".worker-team").inner_text() == team_b
    assert "员工已调至新班组。" in page.locator(".notices").inner_text()
    look(page, "worker-hr-desktop")

    # An import with one bad row: the dry run names the row and the problem, then the valid rows go in.
    page.goto("/workers/import")
    with page.expect_download() as template:
        page.get_by_role("link", name="下载 CSV 模板").click()
    header = next(csv.reader(io.StringIO(open(template.value.path(), encoding="utf-8-sig").read())))
    assert header == ["employee_no", "name", "team_code", "occupation", "grade"]
    look(page, "import-workers-hr-desktop")
    rows = [header, [f"I{tag}1", "赵敏", team_a, occupation, "junior"], [f"I{tag}2", "刘洋", f"NOPE{tag}", occupation,
                                                                         "junior"],
            [f"I{tag}3", "陈刚", team_a, occupation, "中级工"]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    page.locator("#file").set_input_files({"name": "workers.csv", "mimeType": "text/csv",
                                           "buffer": text.getvalue().encode("utf-8")})
    submit(page)
    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 1
    cells = [cell.inner_text() for cell in errors.first.locator("td").all()]
    assert cells[0] == "3" and "班组编号" in cells[1] and cells[2] == f"没有编号为 NOPE{tag} 的班组。", cells
    assert "可导入的行：2" in page.locator(".report-summary").inner_text()
    look(page, "import-workers-report-hr-desktop")
    page.get_by_role("button", name="仅导入无误的行").click()
    page.wait_for_load_state()
    outcome = page.locator(".import-outcome")
    assert "导入完成：新增 2 条，更新 0 条。" in outcome.inner_text()
    assert not page.locator(".import-progress").is_visible(), "the progress is over once the outcome shows"
    look(page, "import-workers-done-hr-desktop")
    page.goto(f"/workers?team={team_a}")
    assert page.locator("table.workers tbody tr").count() == 3

    # Team A: 王小明 and the two imported workers need the post qualification; nobody holds it yet.
    eventually(lambda: compliance_of(page, team_a) == ("3", "0.00 %"), "the credentials service knows team A's three")
    today = date.today()
    page.goto(f"/credentials/new?employee_no={first}")
    fill(page, {"type_code": REQUIRED_TYPE, "number": f"PQ-{tag}-1", "issuer": "东方电力培训中心",
                "issued_on": (today - timedelta(days=700)).isoformat(),
                "expires_on": (today + timedelta(days=20)).isoformat()})
    look(page, "credential-new-hr-desktop")
    submit(page)
    card = page.locator("article.certificate-card")
    assert card.get_attribute("data-status") == "expiring"
    assert card.locator(".badge").inner_text() == "即将到期" and card.locator(".days-left").inner_text() == "20 天"
    assert card.locator(".qr img").evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code shows"
    look(page, "credential-hr-desktop")
    page.emulate_media(media="print")
    assert not page.locator(".credential-actions").is_visible() and card.is_visible(), "the card prints alone"
    page.emulate_media(media="screen")

    page.goto(f"/credentials?team={team_a}&expiring_within=30")
    listed = page.locator("table.credentials tbody tr")
    assert listed.count() == 1 and listed.first.get_attribute("data-status") == "expiring"
    assert "王小明" in listed.first.inner_text()
    look(page, "credentials-expiring-hr-desktop")

    other = retry_until_created(lambda: admin.post("/credentials", {
        "employee_no": f"I{tag}1", "type_code": REQUIRED_TYPE, "number": f"PQ-{tag}-2", "issuer": "东方电力培训中心",
        "issued_on": (today - timedelta(days=30)).isoformat()}), "a second certificate")
    assert compliance_of(page, team_a) == ("3", "66.67 %")
    page.goto(f"/credentials/{other['id']}")
    page.locator("details.action-panel.danger > summary").click()
    submit(page, "details.action-panel.danger form")
    assert "此项必填。" in page.locator("#reason-error").inner_text(), "a revocation needs its reason"
    page.locator("#reason").fill("证书遗失，已挂失")
    submit(page, "details.action-panel.danger form")
    assert page.locator("article.certificate-card").get_attribute("data-status") == "revoked"
    assert page.locator(".revoke-reason").inner_text() == "证书遗失，已挂失"
    look(page, "credential-revoked-hr-desktop")

    assert compliance_of(page, team_a) == ("3", "33.33 %"), "the revoked certificate no longer counts"
    missing = page.locator(f'section.missing-team[data-team="{team_a}"] li')
    assert [item.get_attribute("data-employee") for item in missing.all()] == [f"I{tag}1", f"I{tag}3"]
    assert "上岗证" in missing.first.inner_text()
    look(page, "compliance-hr-desktop")


def test_an_admin_gives_a_worker_a_sign_in_who_changes_their_password(banzu, admin, new_page, look, occupation):
    tag = uuid.uuid4().hex[:5].upper()
    team = f"S{tag}"
    created(admin.post("/teams", {"code": team, "name": "三车间钳工班", "company": "东方电力"}), "team")
    mine, theirs = f"S{tag}1", f"S{tag}2"
    for number, name in ((mine, "周杰"), (theirs, "吴芳")):
        created(admin.post("/workers", {"employee_no": number, "name": name, "team_code": team,
                                        "occupation": occupation, "grade": "junior"}), "worker")
    today = date.today()
    numbers = {}
    for holder in (mine, theirs):
        numbers[holder] = retry_until_created(lambda: admin.post("/credentials", {
            "employee_no": holder, "type_code": REQUIRED_TYPE, "number": f"PQ-{holder}", "issuer": "东方电力",
            "issued_on": (today - timedelta(days=10)).isoformat()}), f"certificate of {holder}")

    page = new_page(viewport=DESKTOP)
    sign_in(page, banzu.env["BANZU_ADMIN_USERNAME"], banzu.env["BANZU_ADMIN_PASSWORD"])
    assert page.url.endswith("/users"), "an admin's work starts at the accounts"
    look(page, "users-admin-desktop")
    page.goto(f"/workers/{mine}")
    page.get_by_role("link", name="为其开通登录账号").click()
    page.wait_for_load_state()
    assert page.locator("#employee_no").input_value() == mine and page.locator("#roles-worker").is_checked()
    username = f"zj-{tag.lower()}"
    fill(page, {"username": username, "password": PASSWORD, "email": f"{username}@example.com"})
    look(page, "user-new-admin-desktop")
    submit(page)
    assert page.url.endswith(f"/users/{username}") and "账号已创建。" in page.locator(".notices").inner_text()
    look(page, "user-admin-desktop")
    page.get_by_text("重置密码", exact=True).click()  # opens the confirmation
    page.get_by_role("button", name="确认: 重置密码").click()
    page.wait_for_load_state()
    generated = page.locator(".one-time-password code").inner_text()
    assert len(generated) == 12
    look(page, "password-reset-admin-desktop")

    worker = new_page()
    sign_in(worker, username, PASSWORD)
    assert "/sign-in" in worker.url, "the reset replaced the first password"
    sign_in(worker, username, generated)
    assert worker.url.endswith("/account/password"), "a password an admin set is changed first"
    assert "您的密码是管理员设定的。" in worker.locator("main").inner_text()
    worker.goto("/me/certificates")
    assert worker.url.endswith("/account/password"), "every page leads back to the change form until then"
    look(worker, "password-worker-phone")
    fill(worker, {"current_password": generated, "new_password": "Worker-new-2026",
                  "new_password_again": "Worker-new-2026"})
    submit(worker, "main form")
    assert "密码已修改。" in worker.locator(".notices").inner_text()
    assert worker.url.endswith("/me"), "then a worker lands on their own page"
    worker.goto("/me/certificates")
    shown = [card.get_attribute("data-number") for card in worker.locator("li.certificate").all()]
    assert shown == [f"PQ-{mine}"], "their own certificate and nobody else's"
    assert worker.goto(f"/credentials/{numbers[theirs]['id']}").status == 403
    assert worker.goto("/credentials").status == 403

    again = new_page()
    sign_in(again, username, generated)
    assert "/sign-in" in again.url, "the old password no longer signs in"
    sign_in(again, username, "Worker-new-2026")
    assert again.url.endswith("/me"), "the new one does, to the worker's own page"


@pytest.fixture(scope="module")
def console(banzu, admin, occupation) -> dict:
    """One of each thing the console's pages show, made through the API."""
    tag = uuid.uuid4().hex[:5].upper()
    team = f"X{tag}"
    created(admin.post("/teams", {"code": team, "name": "四车间电工班", "company": "东方电力", "workshop": "四车间"}), "team")
    number = f"X{tag}1"
    created(admin.post("/workers", {"employee_no": number, "name": "孙丽", "team_code": team, "occupation": occupation,
                                    "grade": "technician"}), "worker")
    assert admin.patch(f"/teams/{team}", {"leader": number}).status == 200
    credential = retry_until_created(lambda: admin.post("/credentials", {
        "employee_no": number, "type_code": REQUIRED_TYPE, "number": f"PQ-{tag}", "issuer": "东方电力",
        "issued_on": (date.today() - timedelta(days=700)).isoformat(),
        "expires_on": (date.today() + timedelta(days=45)).isoformat()}), "certificate")
    hr = add_user(admin, f"hra-{tag.lower()}", ["hr"])
    worker = add_user(admin, f"wa-{tag.lower()}", ["worker"], number)
    return {"team": team, "worker_no": number, "credential": credential["id"], "hr": hr, "worker": worker,
            "admin": (banzu.env["BANZU_ADMIN_USERNAME"], banzu.env["BANZU_ADMIN_PASSWORD"])}


def console_pages(console) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """who signs in -> (their credentials, {screenshot name: path})."""
    team, number = console["team"], console["worker_no"]
    return {
        "hr": ((console["hr"],), {
            "teams": "/teams", "team-new": "/teams/new", "team": f"/teams/{team}", "workers": "/workers",
            "workers-search": f"/workers?q={number}", "worker-new": "/workers/new", "worker": f"/workers/{number}",
            "import-workers": "/workers/import", "credentials": "/credentials",
            "credentials-filtered": "/credentials?expiring_within=60&status=valid", "credential-new": "/credentials/new",
            "credential": f"/credentials/{console['credential']}", "import-credentials": "/credentials/import",
            "compliance": "/compliance", "password": "/account/password"}),
        "admin": (console["admin"], {"users": "/users", "users-search": "/users?q=wa-", "user-new": "/users/new",
                                     "workers-with-sign-ins": f"/workers?team={team}",
                                     "user": f"/users/{console['worker']}"}),
        "worker": ((console["worker"],), {"password": "/account/password", "forbidden": "/users"}),
    }


@pytest.mark.parametrize("layout", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_console_page_passes_axe_core(console, new_page, shot, lang, layout):
    viewport = NARROW_PHONE if layout == "phone" else DESKTOP
    for who, (credentials, paths) in console_pages(console).items():
        page = new_page(viewport=viewport, locale="zh-CN" if lang == "zh" else "en-US")
        sign_in(page, *credentials)
        for name, path in paths.items():
            page.goto(path)
            assert page.locator("html").get_attribute("lang").startswith(lang)
            assert_accessible(page, f"{path} as {who}, {lang}, {layout}")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"{path} fits the {layout}'s width"
            if lang == "zh" or layout == "phone":
                shot(page, f"console-{who}-{name}-{lang}-{layout}")
