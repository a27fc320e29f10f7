"""The audit trail in the browser: HR revokes a certificate on its page, a trainer records attendance and
an organizer publishes a contest (whose promotion has the system issue a skill certificate on the
organizer's behalf); the admin opens /audit, filters by each of them, downloads the filtered list as
CSV, and reads the history of the certificate, the worker, the session and the contest on their own
pages. axe-core on /audit and on the pages with a history section, zh and en, phone and desktop."""
from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, timedelta

import pytest

from browser_support import (DESKTOP, PASSWORD, add_user, created, next_minute_after, publish_contest,
                             retry_until_created, sign_in, start_shortly, wait_until)
from client import Client, eventually

pytestmark = pytest.mark.browser
NARROW_PHONE = {"width": 375, "height": 812}
LAYOUTS = {"phone": NARROW_PHONE, "desktop": DESKTOP}
LOCALES = {"zh": "zh-CN", "en": "en-US"}


def filter_by(page, **values: str) -> None:
    page.goto("/audit")
    for name, value in values.items():
        field = page.locator(f"form.filters [name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()


def entries(page, scope: str = "main") -> list[dict]:
    """Each entry shown: its kind, action, id, the actor's line and the changed fields (field -> after)."""
    return page.locator(f"{scope} li.trail-entry").evaluate_all("""items => items.map(item => ({
        kind: item.dataset.kind, action: item.dataset.action, id: item.dataset.id, part: item.dataset.part,
        who: item.querySelector('.trail-who').innerText.replace(/\\s+/g, ' ').trim(),
        after: Object.fromEntries([...item.querySelectorAll('table.changes tbody tr')].map(row =>
            [row.dataset.field, (row.querySelector('td.after') || {}).innerText]))}))""")


@pytest.fixture(scope="module")
def happenings(banzu, admin):
    """Everything the trail should show, done by four people of this run (see the module's docstring)."""
    tag = uuid.uuid4().hex[:5].upper()
    today = date.today()
    team = f"AU{tag}"
    created(admin.post("/teams", {"code": team, "name": "审计班组", "company": "Acme Power"}), "team")
    numbers = [f"AU{tag}{n}" for n in range(4)]
    for n, number in enumerate(numbers):
        created(admin.post("/workers", {"employee_no": number, "name": ("王小明", "李强", "赵敏", "陈刚")[n],
                                        "team_code": team, "occupation": "electrician", "grade": "junior"}), number)
    people = {role: add_user(admin, f"{role}-au-{tag.lower()}", [role]) for role in ("hr", "trainer", "organizer")}
    people["admin"] = add_user(admin, f"admin-au-{tag.lower()}", ["admin"])
    as_user = {role: Client.sign_in(banzu.url, name, PASSWORD) for role, name in people.items()}

    trainer = as_user["trainer"]
    created(trainer.post("/courses", {"code": f"AU{tag}", "title": "电气安全", "occupation": "electrician",
                                      "hours": 2, "kind": "safety"}), "course")
    starts_at = next_minute_after(timedelta(seconds=45))
    session = created(trainer.post("/sessions", {
        "course_code": f"AU{tag}", "location": f"培训教室 {tag}", "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(), "capacity": 5}), "session")
    retry_until_created(lambda: trainer.post(f"/sessions/{session['id']}/enrollments", {"employee_no": numbers[0]}),
                        "enrolment")

    credential = retry_until_created(lambda: as_user["hr"].post("/credentials", {
        "employee_no": numbers[0], "type_code": "special_equipment", "number": f"SE-AU-{tag}", "issuer": "省应急管理厅",
        "issued_on": (today - timedelta(days=30)).isoformat()}), "credential")
    contest = publish_contest(as_user["organizer"], tag, numbers, today)

    wait_until(start_shortly(trainer, session["id"], hours=2), "the session starts")
    marks = {"records": [{"employee_no": numbers[0], "present": True, "hours": 2}]}
    assert trainer.post(f"/sessions/{session['id']}/attendance", marks).status == 200
    return {"tag": tag, "numbers": numbers, "people": people, "credential": credential, "session": session["id"],
            "contest": contest, "url": banzu.url}


def test_the_admin_reads_who_did_what_filters_downloads_and_sees_a_certificates_history(happenings, new_page, look):
    people, credential = happenings["people"], happenings["credential"]

    # HR revokes the certificate on its page; its history shows who did it, before and after.
    hr = new_page(viewport=DESKTOP)
    sign_in(hr, people["hr"])
    hr.goto(f"/credentials/{credential['id']}")
    hr.locator("details.action-panel.danger > summary").click()
    hr.locator("#reason").fill("发证信息有误，吊销重发")
    hr.locator("details.action-panel.danger form button[type=submit]").click()
    hr.wait_for_load_state()
    assert hr.locator("article.certificate-card").get_attribute("data-status") == "revoked"
    revoke, issue = entries(hr, "section.history")
    assert (revoke["action"], issue["action"]) == ("revoke", "issue")
    assert people["hr"] in revoke["who"] and revoke["after"]["revoke_reason"] == "发证信息有误，吊销重发"
    hr.goto("/audit")
    assert hr.locator("#part option").evaluate_all("options => options.map(o => o.value)") == [
        "", "directory", "credentials"], "HR reads the directory and credentials only"

    # The admin filters the trail by each person and reads the three changes with their actors.
    page = new_page(viewport=NARROW_PHONE)
    sign_in(page, people["admin"])
    page.goto("/audit")
    assert page.locator("main li.trail-entry").count() > 0
    look(page, "audit-admin-zh-phone")
    filter_by(page, actor=people["hr"], kind="credential")
    assert [(e["action"], e["id"]) for e in entries(page)] == [("revoke", credential["id"]),
                                                             ("issue", credential["id"])]
    assert page.locator("main li.trail-entry").first.locator("table.changes td.before").first.inner_text() == "—"
    look(page, "audit-filtered-admin-zh-phone")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    # the page's download is for people: labelled in the page's language, actions and kinds in words
    assert [(r["操作人"], r["操作"], r["对象类别"], r["对象编号"]) for r in rows] == [
        (people["hr"], "吊销", "证书", credential["id"]),
        (people["hr"], "发证", "证书", credential["id"])]
    assert json.loads(rows[0]["改动后"])["revoke_reason"] == "发证信息有误，吊销重发"

    filter_by(page, actor=people["trainer"], part="training")
    recorded = [e for e in entries(page) if e["kind"] == "attendance"]
    assert [(e["action"], e["id"], e["after"]["present"]) for e in recorded] == [
        ("record", f"{happenings['session']}/{happenings['numbers'][0]}", "是")]

    def organizers_entries() -> list[dict]:
        filter_by(page, actor=people["organizer"])
        return entries(page)

    found = eventually(lambda: (shown := organizers_entries()) and any(
        e["kind"] == "credential" and "系统" in e["who"] for e in shown) and shown,
                       "the skill certificate issued from the contest's promotion")
    assert any(e["kind"] == "contest" and e["action"] == "publish" and people["organizer"] in e["who"]
               for e in found)
    on_behalf = next(e for e in found if e["kind"] == "credential")
    assert f"代 {people['organizer']} 执行" in on_behalf["who"] and on_behalf["after"]["type_code"] == "职业技能等级证书"
    look(page, "audit-system-entries-admin-zh-phone")

    # The certificate's page shows the admin its history too.
    page.goto(f"/credentials/{credential['id']}")
    assert [e["action"] for e in entries(page, "section.history")] == ["revoke", "issue"]
    look(page, "credential-history-admin-zh-phone")
    page.locator("section.history .history-links a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/audit?part=credentials&kind=credential&id={credential['id']}")
    assert len(entries(page)) == 2


def test_the_history_of_a_worker_a_session_and_a_contest(happenings, new_page, look):
    people = happenings["people"]
    page = new_page(viewport=DESKTOP)
    sign_in(page, people["admin"])

    page.goto(f"/workers/{happenings['numbers'][0]}")  # the contest's winner: promoted by the system
    promoted, made = entries(page, "section.history")
    assert (promoted["action"], made["action"]) == ("change", "create")
    assert "系统" in promoted["who"] and f"代 {people['organizer']} 执行" in promoted["who"]
    assert promoted["after"] == {"grade": "中级工"}  # grades and certificate types by their names
    look(page, "worker-history-admin-zh-desktop")

    page.goto(f"/sessions/{happenings['session']}")
    shown = [(e["kind"], e["action"]) for e in entries(page, "section.history")]
    # the session was moved to start sooner once its seat was taken (happenings): a change in its history
    assert shown == [("attendance", "record"), ("session", "change"), ("enrollment", "enrol"), ("session", "create")]
    look(page, "session-history-admin-zh-desktop")

    page.goto(f"/contests/{happenings['contest']}")
    assert [e["action"] for e in entries(page, "section.history")] == ["publish", "close", "start", "open", "create"]
    look(page, "contest-history-admin-zh-desktop")

    trainer = new_page(viewport=DESKTOP)
    sign_in(trainer, people["trainer"])
    trainer.goto(f"/sessions/{happenings['session']}")
    assert trainer.locator("section.history").count() == 0, "the training trail is for admins"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LOCALES)
def test_the_audit_pages_pass_axe_core(happenings, new_page, look, lang, layout):
    page = new_page(viewport=LAYOUTS[layout], locale=LOCALES[lang])
    sign_in(page, happenings["people"]["admin"])
    for name, path in (("audit", f"/audit?actor={happenings['people']['hr']}"),
                       ("credential-history", f"/credentials/{happenings['credential']['id']}"),
                       ("session-history", f"/sessions/{happenings['session']}")):
        page.goto(path)
        assert page.locator("html").get_attribute("lang").startswith(lang)
        assert page.locator("main li.trail-entry").count() > 0
        look(page, f"{name}-admin-{lang}-{layout}")
