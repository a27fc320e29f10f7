"""Master data on a real day (issue 22), played through the pages on phones in Chinese: a welding team whose
occupation came into the catalogue named only by its code reads "未设置持证要求" on the compliance report,
never a percentage; HR names the occupation (电焊工 / Arc welder) and adds another (a code already taken is said
beside the code); HR reads that only an administrator sets requirements, the administrator ticks the special
operation certificate, and the rate becomes the true one, with how it is computed (0 / 4). HR records a welder's
certificate, the holder found by the team's code and picked from the matches (the checked dates then name
them), with a last review so old that the page warns the review is overdue; HR corrects the date, checks it, and the next review counts from it
(1 / 4, 25.00 %). The trainer moves a full session to another day and room and adds a seat: the waitlisted
welder takes it and reads so on their notifications page. A welder leaves the company (离职) and is gone from
the team's numbers (1 / 3, 33.33 %) and from the team's list, found again under "离职". On the phone each
rate is in full view, not off to the side of a table.

The people, the course and the session with its waitlist come from the API. axe-core checks the occupation
catalogue, the requirements page, the compliance report, the certificate form with its warning, the trainer's
session page with its change form and the leaver's page at 390 and 1280 px in zh and en; screenshots of each
step are kept under test-output/screenshots (master-data-*)."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest

from accessibility import assert_accessible
from browser_support import (DESKTOP, PASSWORD, PHONE, SITE_ZONE, add_user, created, retry_until_created,
                             sign_in)
from client import Client, eventually

pytestmark = pytest.mark.browser

LAYOUTS = {"phone": PHONE, "desktop": DESKTOP}
WELDERS = {"a": "上官焊", "b": "司马锋", "c": "欧阳钢", "d": "诸葛铁"}  # b waits for a seat; d leaves
# A name of its own: the catalogue's 焊工 (welder) keeps its name, so a file naming either stays unambiguous.
NAMES = ("电焊工", "Arc welder")
SPECIAL_OPERATION = "特种作业操作证"  # every 72 months renewed, every 36 months reviewed


def months_from(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier); the days used here are all the 10th."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def local_input(moment) -> str:
    return moment.astimezone(SITE_ZONE).strftime("%Y-%m-%dT%H:%M")


def notices(page) -> str:
    return page.locator(".notices").inner_text() if page.locator(".notices").count() else ""


def press(page, button) -> None:
    with page.expect_navigation():
        button.click()


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def plant(banzu, admin):
    """A welding team of four whose occupation is in the catalogue named by its code alone (as an upgrade
    leaves the codes it finds), their accounts (HR, an administrator, a trainer and welder b), a course of
    the occupation and its one-seat session in three days, a seated and b waiting."""
    tag = uuid.uuid4().hex[:6].upper()
    occupation = banzu.occupation(f"weld_{tag.lower()}")
    team = f"W{tag}"
    created(admin.post("/teams", {"code": team, "name": f"焊接一班 {tag}", "company": "Acme Steel"}), team)
    numbers = {key: f"H{tag}{key.upper()}" for key in WELDERS}
    for key, name in WELDERS.items():
        created(admin.post("/workers", {"employee_no": numbers[key], "name": name, "team_code": team,
                                        "occupation": occupation, "grade": "junior"}), f"welder {key}")
    users = {"hr": add_user(admin, f"hr-{tag.lower()}", ["hr"]),
             "admin": add_user(admin, f"admin-{tag.lower()}", ["admin"]),
             "trainer": add_user(admin, f"trainer-{tag.lower()}", ["trainer"]),
             "b": add_user(admin, f"welder-{tag.lower()}", ["worker"], numbers["b"])}
    trainer = Client.sign_in(banzu.url, users["trainer"], PASSWORD)
    course = created(trainer.post("/courses", {"code": f"WS{tag}", "title": f"焊接安全操作 {tag}",
                                               "occupation": occupation, "hours": 4, "kind": "safety"}), "course")
    starts_at = datetime.combine(date.today() + timedelta(days=3), time(9), SITE_ZONE)
    session = created(trainer.post("/sessions", {
        "course_code": course["code"], "location": f"焊接实训室 {tag}", "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=4)).isoformat(), "capacity": 1}), "session")
    for key in ("a", "b"):
        retry_until_created(lambda key=key: trainer.post(f"/sessions/{session['id']}/enrollments",
                                                         {"employee_no": numbers[key]}), f"enrol {key}")
    eventually(lambda: [row["workers"] for row in admin.get("/compliance", params={"team": team}).json()["items"]]
               == [4], "the credentials service knows the four welders")
    return {"tag": tag, "occupation": occupation, "team": team, "numbers": numbers, "users": users,
            "course": course, "session": session, "starts_at": starts_at, "url": banzu.url}


class Looks:
    """Screenshots of each step, and axe-core on a page in zh and en at 390 and 1280 px (no sideways
    scroll at 390), ending as it began: zh at the page's own size."""

    def __init__(self, shot, base_url: str):
        self.shot, self.base_url = shot, base_url

    def step(self, page, name: str) -> None:
        self.shot(page, f"master-data-{name}")

    def everywhere(self, page, name: str, arrive=None) -> None:
        """`arrive(page)` brings the page back to the state to check (default: the same address again)."""
        url, size = page.url.split("#")[0], page.viewport_size
        arrive = arrive or (lambda p: p.goto(url))
        for lang in ("en", "zh"):
            page.context.add_cookies([{"name": "banzu_lang", "value": lang, "url": self.base_url}])
            for layout, viewport in sorted(LAYOUTS.items(), key=lambda item: item[1] == size):
                page.set_viewport_size(viewport)
                arrive(page)
                assert page.locator("html").get_attribute("lang").startswith(lang)
                assert_accessible(page, f"{name}, {lang}, {layout}")
                if layout == "phone":
                    assert fits_a_phone(page), f"{name} ({lang}) scrolls sideways at 390 px"
                self.shot(page, f"master-data-{name}-{lang}-{layout}")


def phone(new_page, username: str):
    page = new_page(viewport=PHONE)
    page.set_default_timeout(10_000)  # every wait here is for a page of this machine
    sign_in(page, username)
    return page


def test_a_day_of_master_data(plant, new_page, shot):
    looks, tag, occupation = Looks(shot, plant["url"]), plant["tag"], plant["occupation"]
    hr = phone(new_page, plant["users"]["hr"])

    # 1. The team's rate is not configured, and the occupation reads as its code.
    team_row = compliance_of(hr, plant["team"])
    assert "未设置持证要求" in team_row.inner_text() and "%" not in team_row.inner_text()
    assert_in_view(hr, team_row.locator(".rate"))
    unconfigured = hr.locator(f'.unconfigured-list li[data-occupation="{occupation}"]')
    assert unconfigured.inner_text().startswith(f"{occupation}尚未设置持证要求")
    looks.step(hr, "compliance-not-configured-phone")

    # 2. HR names the occupation, and adds another (the code taken first is said beside the code).
    name_occupation(hr, looks, occupation, tag)
    hr.goto(f"/compliance?team={plant['team']}")
    unconfigured = hr.locator(f'.unconfigured-list li[data-occupation="{occupation}"]')
    assert unconfigured.inner_text().startswith(f"{NAMES[0]}（{occupation}）尚未设置持证要求")
    press(hr, unconfigured.get_by_role("link", name="设置持证要求"))
    assert hr.url.endswith(f"/occupations/{occupation}/requirements")
    assert "只有系统管理员可以修改持证要求。" in hr.locator("main").inner_text()
    assert hr.locator("input[type=checkbox]").count() == 0, "HR reads the requirements, an administrator sets them"
    looks.step(hr, "requirements-hr-phone")

    # 3. The administrator ticks the special operation certificate: the true rate, with how it is computed.
    admin = phone(new_page, plant["users"]["admin"])
    admin.goto(f"/occupations/{occupation}/requirements")
    assert admin.locator("h1").inner_text() == f"{NAMES[0]}（{occupation}）的持证要求"
    admin.get_by_label(SPECIAL_OPERATION, exact=True).check()
    press(admin, admin.get_by_role("button", name="保存持证要求"))
    assert "持证要求已保存。" in notices(admin)
    assert admin.get_by_label(SPECIAL_OPERATION, exact=True).is_checked()
    looks.everywhere(admin, "requirements-admin")
    team_row = compliance_of(hr, plant["team"])
    assert_rate(team_row, "0.00 %", "0 / 4 人")
    assert hr.locator(".unconfigured-list").count() == 0
    missing = hr.locator(f'.missing-team[data-team="{plant["team"]}"] li')
    assert missing.count() == 4 and SPECIAL_OPERATION in missing.first.inner_text()
    looks.step(hr, "compliance-configured-phone")
    hr.goto("/occupations")
    assert hr.locator(f'li[data-occupation="{occupation}"] .required-types').inner_text().startswith(SPECIAL_OPERATION)

    # 4. A certificate with its last review: overdue at first (a warning), then corrected and recorded.
    record_certificate(hr, looks, plant)
    team_row = compliance_of(hr, plant["team"])
    assert_rate(team_row, "25.00 %", "1 / 4 人")
    looks.everywhere(hr, "compliance")

    # 5. The trainer moves the session and adds a seat; the waitlisted welder takes it and is told.
    move_session(new_page, looks, plant)

    # 6. Welder d leaves: no longer in the team's numbers or list.
    leave(hr, looks, plant)


def compliance_of(page, team: str):
    """The compliance report of one team, chosen in the filter as HR would; its row."""
    page.goto("/compliance")
    page.get_by_label("班组").select_option(team)
    press(page, page.get_by_role("button", name="查看", exact=True))
    assert page.url.endswith(f"team={team}")
    return page.locator(f'table.compliance tr[data-team="{team}"]')


def assert_rate(row, rate: str, fraction: str) -> None:
    assert row.locator(".rate").first.inner_text() == rate
    assert row.locator(".rate-fraction").inner_text() == fraction
    assert_in_view(row.page, row.locator(".rate").first)


def assert_in_view(page, figure) -> None:
    """On a phone the figure itself is in full view, not off to the side of a table that scrolls sideways."""
    box = figure.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box


def name_occupation(hr, looks, occupation: str, tag: str) -> None:
    hr.get_by_role("link", name="工种", exact=True).click()
    hr.wait_for_load_state()
    assert hr.url.endswith("/occupations")
    card = hr.locator(f'li[data-occupation="{occupation}"]')
    assert card.locator("h3").inner_text() == occupation, "named by its code until HR names it"
    assert card.locator(".required-types").inner_text().startswith("尚未设置持证要求")
    card.locator("summary", has_text="修改名称").click()
    card.get_by_label("中文名称").fill(NAMES[0])
    card.get_by_label("英文名称").fill(NAMES[1])
    press(hr, card.get_by_role("button", name="保存名称"))
    assert "工种名称已修改。" in notices(hr)
    card = hr.locator(f'li[data-occupation="{occupation}"]')
    assert card.locator("h3").inner_text() == NAMES[0] and card.locator(".name-en").inner_text() == NAMES[1]

    adding = hr.locator("form", has=hr.get_by_role("heading", name="添加工种"))
    adding.get_by_label("工种编号").fill(occupation)
    adding.get_by_label("中文名称").fill("气割工")
    adding.get_by_label("英文名称").fill("Gas cutter")
    press(hr, adding.get_by_role("button", name="添加工种"))
    assert "已有这个编号的工种" in hr.locator("#code-error").inner_text()
    assert hr.locator("#name_zh").input_value() == "气割工", "what was typed stays"
    looks.step(hr, "occupation-code-taken-phone")
    cutter = f"cut_{tag.lower()}"
    hr.locator("#code").fill(cutter)
    press(hr, hr.get_by_role("button", name="添加工种", exact=True))
    assert "已添加工种。" in notices(hr)
    added = hr.locator(f'li[data-occupation="{cutter}"]')
    assert added.locator("h3").inner_text() == "气割工" and added.locator(".name-en").inner_text() == "Gas cutter"
    assert added.locator(".required-types").inner_text().startswith("尚未设置持证要求")
    looks.step(hr, "occupations-phone")
    looks.everywhere(hr, "occupations")


def record_certificate(hr, looks, plant) -> None:
    """Issued four and a half years ago; its last review given first as a month after issue (the next one,
    36 months on, is long past), then as two years ago: the next review a year from now."""
    base = date.today().replace(day=10)
    issued, old_review, last_review = months_from(base, -54), months_from(base, -53), months_from(base, -24)
    number = f"T{plant['tag']}01"

    def fill(page, last: date) -> None:
        page.goto("/credentials/new")
        page.locator("#employee_no").fill(plant["team"])  # the holder found by the team's code
        page.locator("#type_code").select_option("special_operation")
        page.locator("#number").fill(number)
        page.locator("#issuer").fill("省应急管理厅")
        page.locator("#issued_on").fill(issued.isoformat())
        page.locator("#last_reviewed_on").fill(last.isoformat())
        press(page, page.locator('button[name="step"][value="check"]'))
        page.locator(f'input[name="employee_no_pick"][value="{plant["numbers"]["a"]}"]').check()
        press(page, page.locator('button[name="step"][value="check"]'))

    hr.goto("/credentials/new")
    hr.get_by_label("持证人").fill(plant["team"])
    hr.get_by_label("证书类型").select_option(label=SPECIAL_OPERATION)
    hr.get_by_label("证书编号").fill(number)
    hr.get_by_label("发证机构").fill("省应急管理厅")
    hr.get_by_label("发证日期").fill(issued.isoformat())
    hr.get_by_label("最近复审日期").fill(old_review.isoformat())
    press(hr, hr.get_by_role("button", name="登记", exact=True))
    picks = hr.get_by_role("group", name=f"与“{plant['team']}”相符的员工")
    assert picks.get_by_role("radio").count() == 4, "the team's four welders to pick from"
    picks.get_by_label(f"{WELDERS['a']}（工号 {plant['numbers']['a']}", exact=False).check()
    press(hr, hr.get_by_role("button", name="登记", exact=True))
    warning = hr.get_by_role("alert").filter(has_text="已过")
    overdue_on = months_from(old_review, 36)
    assert f"下次复审日期 {overdue_on.isoformat()} 已过" in warning.inner_text()
    assert hr.get_by_role("button", name="仍然登记").is_visible(), "recorded only when HR says so"
    assert hr.locator(".issue-preview .holder").inner_text() == f"{WELDERS['a']} ({plant['numbers']['a']})"
    looks.step(hr, "certificate-overdue-phone")
    looks.everywhere(hr, "certificate-overdue", arrive=lambda page: fill(page, old_review))

    hr.get_by_label("最近复审日期").fill(last_review.isoformat())
    press(hr, hr.get_by_role("button", name="检查日期"))
    next_review = months_from(last_review, 36)
    preview = hr.locator(".issue-preview .next-review").inner_text()
    assert next_review.isoformat() in preview and f"从最近复审日期 {last_review.isoformat()} 起算" in preview
    assert hr.locator("#review-overdue").count() == 0
    looks.step(hr, "certificate-checked-phone")
    press(hr, hr.get_by_role("button", name="登记", exact=True))
    assert "证书已登记。" in notices(hr)
    card = hr.locator("article.certificate dl.facts").inner_text()
    assert re.search(rf"下次复审\s+{next_review.isoformat()}", card), card
    assert re.search(rf"最近复审日期\s+{last_review.isoformat()}", card), card
    assert re.search(rf"有效期至\s+{months_from(issued, 72).isoformat()}", card), card
    assert WELDERS["a"] in card
    looks.step(hr, "certificate-phone")


def move_session(new_page, looks, plant) -> None:
    session, numbers, tag = plant["session"]["id"], plant["numbers"], plant["tag"]
    trainer = phone(new_page, plant["users"]["trainer"])
    trainer.goto(f"/sessions/{session}")
    assert trainer.locator("h2#enrolled-heading").inner_text() == "正式学员（1 / 1）"
    waiting = trainer.locator("table.roster.waitlist tbody tr")
    assert waiting.count() == 1 and waiting.first.get_attribute("data-employee") == numbers["b"]
    assert WELDERS["b"] in waiting.first.inner_text()
    looks.everywhere(trainer, "session-trainer")

    moved = plant["starts_at"] + timedelta(days=1, hours=5)  # the next day at 14:00
    place = f"二号焊接实训室 {tag}"
    form = trainer.locator("form", has=trainer.get_by_role("button", name="保存修改"))
    form.get_by_label("开始时间").fill(local_input(moved))
    form.get_by_label("结束时间").fill(local_input(moved + timedelta(hours=4)))
    form.get_by_label("地点").fill(place)
    form.get_by_label("名额").fill("2")
    press(trainer, form.get_by_role("button", name="保存修改"))
    said = notices(trainer)
    assert "培训班已修改。" in said and f"候补学员 {WELDERS['b']}（{numbers['b']}） 已按顺序转为正式学员。" in said, said
    assert trainer.locator("h2#enrolled-heading").inner_text() == "正式学员（2 / 2）"
    enrolled = trainer.locator("table.roster.enrolled tbody tr")
    assert [enrolled.nth(i).get_attribute("data-employee") for i in range(2)] == [numbers["a"], numbers["b"]]
    assert trainer.locator("table.roster.waitlist").count() == 0
    assert place in trainer.locator("main").inner_text()
    looks.step(trainer, "session-moved-phone")

    welder = phone(new_page, plant["users"]["b"])
    notice = welder.locator("li.notice", has_text=plant["course"]["title"])

    def told() -> bool:
        welder.goto("/notifications")
        return notice.count() > 0

    eventually(told, "the waitlisted welder's notice arrives")
    assert notice.first.locator(".notice-title").inner_text() == f"候补转正：{plant['course']['title']}"
    assert place in notice.first.locator(".notice-body").inner_text()
    looks.step(welder, "notifications-welder-phone")


def leave(hr, looks, plant) -> None:
    numbers, team, today = plant["numbers"], plant["team"], date.today().isoformat()
    hr.goto(f"/workers/{numbers['d']}")
    form = hr.locator("form.leave-form")
    assert form.get_by_label("离职日期").input_value() == today, "today unless said otherwise"
    form.get_by_label("离职原因").fill("个人原因辞职")
    form.get_by_label("我已核对，确认执行").check()
    press(hr, form.get_by_role("button", name="记录离职"))
    assert f"已记录 {WELDERS['d']} 离职。" in notices(hr)
    main = hr.locator("main").inner_text()
    assert f"已于 {today} 离职。" in main and "离职原因：个人原因辞职" in main
    assert hr.locator("form.leave-form").count() == 0
    looks.step(hr, "worker-left-phone")
    looks.everywhere(hr, "worker-left")

    hr.goto(f"/teams/{team}")
    tile = hr.locator("section.compliance-tile")

    def recounted() -> bool:
        hr.reload()
        return tile.locator(".rate-fraction").inner_text() == "1 / 3 人"

    eventually(recounted, "the leaver is gone from the team's compliance")
    assert tile.locator(".compliance-rate").inner_text() == "33.33 %"
    assert numbers["d"] not in hr.locator("main").inner_text(), "neither a member nor missing a certificate"
    looks.step(hr, "team-after-leave-phone")
    hr.goto(f"/workers?team={team}")
    assert numbers["d"] not in hr.locator("main").inner_text()
    hr.get_by_label("在职状态", exact=True).select_option(label="离职")
    press(hr, hr.get_by_role("button", name="筛选", exact=True))
    leavers = hr.locator("main").inner_text()
    assert numbers["d"] in leavers and "已离职" in leavers
