"""A worker reads their notifications (the header's count, unread first, mark read, mark all read, the
link to the page each is about); an admin sends a failed robot message again; HR sets the team's
chat robot. axe-core on every new page in zh and en, at phone and desktop sizes."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from banzu_common.testing_receivers import RobotServer

from browser_support import DESKTOP, PASSWORD, PHONE, add_user, created, retry_until_created, sign_in
from client import Client, eventually

pytestmark = pytest.mark.browser
TODAY = date.today()


@pytest.fixture(scope="module")
def robot():
    with RobotServer() as server:
        yield server


@pytest.fixture(scope="module")
def told(banzu, admin, robot):
    """A worker told of two certificates about to expire; their team's robot is a webhook that is not
    there (404), so its messages fail at once."""
    tag = uuid.uuid4().hex[:5].upper()
    hr = add_user(admin, f"nhr{tag}".lower(), ["hr"])
    hr_client = Client.sign_in(banzu.url, hr, PASSWORD)
    code = f"NT{tag}"
    created(hr_client.post("/teams", {"code": code, "name": f"通知班 {tag}", "company": "Acme"}), "team")
    employee_no = f"NW{tag}"
    created(hr_client.post("/workers", {"employee_no": employee_no, "name": "王小明", "team_code": code,
                                        "occupation": "electrician", "grade": "senior"}), "worker")
    worker = add_user(admin, f"nw{tag}".lower(), ["worker"], employee_no)
    robot.answer("gone", 404)
    assert hr_client.put(f"/teams/{code}/robot", {"url": robot.url("gone")}).status == 200
    for n, days in enumerate((20, 25)):
        retry_until_created(lambda: hr_client.post("/credentials", {
            "employee_no": employee_no, "type_code": "post_qualification", "number": f"NP{tag}{n}",
            "issuer": "Plant", "issued_on": (TODAY - timedelta(days=700)).isoformat(),
            "expires_on": (TODAY + timedelta(days=days)).isoformat()}), "certificate")
    assert admin.post("/credentials/sweep", params={"as_of": TODAY.isoformat()}).status == 200
    eventually(lambda: admin.get("/notifications/deliveries", params={"status": "failed", "channel": "robot"})
               .json()["total"] >= 2, "the robot messages failed", timeout=60)
    return {"hr": hr, "worker": worker, "team": code, "tag": tag}


def test_a_worker_reads_and_marks_their_notifications(told, new_page, look):
    page = new_page()
    sign_in(page, told["worker"])
    count = page.locator(".site-header .notices-count")
    eventually(lambda: page.reload() and count.count() == 1 and count.inner_text() == "2", "two unread in the header")
    page.locator(".site-header a.notices-link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/notifications")
    notices = page.locator("li.notice")
    assert notices.count() == 2 and page.locator("li.notice.unread").count() == 2
    assert "证书即将到期：上岗证" in notices.first.locator(".notice-title").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "fits a phone's width"
    look(page, "notifications-zh-phone")

    notices.first.get_by_role("button", name="标为已读").click()
    page.wait_for_load_state()
    assert page.locator(".notices p.message").inner_text() == "已标为已读。"
    assert page.locator("li.notice.unread").count() == 1 and count.inner_text() == "1"
    assert page.locator("li.notice").first.get_attribute("class") == "notice unread", "unread first"
    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_load_state()
    assert page.locator("li.notice.unread").count() == 0 and count.count() == 0
    page.locator("li.notice .notice-title a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/certificates"), "each notice links to its page"

    desktop = new_page(viewport=DESKTOP, locale="en-US")
    sign_in(desktop, told["worker"])
    desktop.goto("/notifications")
    assert desktop.locator("li.notice").count() == 2
    look(desktop, "notifications-en-desktop")
    zh_desktop = new_page(viewport=DESKTOP)
    sign_in(zh_desktop, told["worker"])
    zh_desktop.goto("/notifications?unread=false")
    look(zh_desktop, "notifications-zh-desktop")


def test_an_admin_sends_a_failed_robot_message_again(told, banzu, new_page, look, robot):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "admin", banzu.env["BANZU_ADMIN_PASSWORD"])
    page.goto("/notifications/deliveries?status=failed&channel=robot")
    rows = page.locator("tr[data-status=failed]")
    assert rows.count() >= 2 and "HTTP 404" in rows.first.inner_text()
    look(page, "deliveries-zh-desktop")
    robot.answer("gone", 200)
    row = rows.first
    row.locator("summary", has_text="重新发送").click()
    row.get_by_role("button", name="确认: 重新发送").click()
    page.wait_for_load_state()
    assert page.locator(".notices p.message").inner_text() == "消息已重新排队发送。"
    eventually(lambda: len(robot.texts("gone")) == 1, "sent once the robot is back")
    phone = new_page(viewport=PHONE, locale="en-US")
    sign_in(phone, "admin", banzu.env["BANZU_ADMIN_PASSWORD"])
    phone.goto("/notifications/deliveries")
    look(phone, "deliveries-en-phone")


def test_hr_sets_the_team_robot(told, new_page, look):
    page = new_page()
    sign_in(page, told["hr"])
    page.goto(f"/teams/{told['team']}")
    field = page.locator("#url")
    field.fill("ftp://robot.example/hook")
    page.get_by_role("button", name="保存机器人").click()
    page.wait_for_load_state()
    assert page.locator("#url").input_value() == "ftp://robot.example/hook", "what was typed stays"
    assert page.locator("#url").get_attribute("aria-invalid") == "true"
    look(page, "team-robot-refused-zh-phone")
    page.locator("#url").fill("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
    page.get_by_role("button", name="保存机器人").click()
    page.wait_for_load_state()
    assert page.locator(".notices p.message").inner_text() == "群机器人已保存。"
    assert page.locator("#url").input_value() == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
    desktop = new_page(viewport=DESKTOP)
    sign_in(desktop, told["hr"])
    desktop.goto(f"/teams/{told['team']}")
    look(desktop, "team-robot-zh-desktop")
