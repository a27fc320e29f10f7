"""The notification pages with the Flask test client: the header's unread count on every page, the
list with mark read and mark all read, the admins' outgoing messages and their retry action, and
HR's robot form on a team's page (refusals beside the field, roles)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update


from banzu_gateway.adapters.tables import deliveries
from banzu_gateway.service_layer import accounts

from gateway_support import expired
from web_support import csrf_of, sign_in_as


def a_reader(runtime, add_team, deliver, tag: str) -> tuple[str, str]:
    """A worker with an account and e-mail, told of two expired certificates; (username, employee_no)."""
    employee_no = f"E{tag}"
    add_team(f"W{tag}", (employee_no, "王小明", "senior"))
    username = f"u{tag}".lower()
    with runtime.uow() as uow:
        accounts.create_user(uow, username, "Password-123", ["worker"], employee_no, None,
                             f"{username}@example.test")
        uow.commit()
    for days in (1, 2):
        deliver(expired(employee_no, (date.today() - timedelta(days=days)).isoformat()))
    return username, employee_no


def test_the_header_counts_unread_notices_and_the_list_marks_them_read(client, runtime, add_team, deliver, tag):
    username, employee_no = a_reader(runtime, add_team, deliver, tag)
    sign_in_as(client, "worker", employee_no=employee_no, username=username)
    page = client.get("/notifications")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="notices-count" aria-hidden="true">2<' in html
    assert html.count('class="notice unread"') == 2 and 'href="/me/certificates"' in html
    notice_id = html.split('data-notice="', 1)[1].split('"', 1)[0]
    answer = client.post(f"/notifications/{notice_id}/read", data={"csrf_token": csrf_of(html)})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/notifications")
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count('class="notice unread"') == 1 and 'class="notices-count" aria-hidden="true">1<' in html
    assert client.get("/notifications?unread=true").get_data(as_text=True).count('data-notice=') == 1
    assert client.post("/notifications/99999999/read", data={"csrf_token": csrf_of(html)}).status_code == 404
    assert client.post("/notifications/read-all", data={"csrf_token": csrf_of(html)}).status_code == 303
    html = client.get("/contests").get_data(as_text=True)
    assert "notices-count" not in html and 'href="/notifications"' in html, "every page's header, nothing unread"


def test_a_notification_needs_a_form_token(client, runtime, add_team, deliver, tag):
    username, employee_no = a_reader(runtime, add_team, deliver, tag)
    sign_in_as(client, "worker", employee_no=employee_no, username=username)
    assert client.post("/notifications/read-all").status_code == 400


def test_admins_see_outgoing_messages_and_send_a_failed_one_again(client, runtime, add_team, deliver, tag):
    username, _ = a_reader(runtime, add_team, deliver, tag)
    with runtime.engine.begin() as connection:
        connection.execute(update(deliveries).where(deliveries.c.recipient == username)
                           .values(status="failed", last_error="550 5.1.1 no such mailbox"))
    sign_in_as(client, "worker", employee_no="X1")
    assert client.get("/notifications/deliveries").status_code == 403
    sign_in_as(client, "admin", username=f"admin{tag}")
    html = client.get("/notifications/deliveries?status=failed&channel=email&per_page=500").get_data(as_text=True)
    assert f"{username}@example.test" in html and "550 5.1.1 no such mailbox" in html
    delivery_id = html.split(f"{username}@example.test", 1)[0].rsplit('data-delivery="', 1)[1].split('"', 1)[0]
    answer = client.post(f"/notifications/deliveries/{delivery_id}/retry", data={"csrf_token": csrf_of(html)})
    assert answer.status_code == 303
    assert 'data-status="pending"' in client.get("/notifications/deliveries?channel=email").get_data(as_text=True)
    assert client.get("/notifications/deliveries?status=lost").status_code == 400, "the filter form says why"


def test_hr_sets_and_removes_a_team_robot_with_refusals_beside_the_field(client, add_team, tag):
    code = f"R{tag}"
    add_team(code, (f"R{tag}1", "赵六", "senior"))
    sign_in_as(client, "hr")
    html = client.get(f"/teams/{code}").get_data(as_text=True)
    assert 'name="url"' in html and f'action="/teams/{code}/robot"' in html
    refused = client.post(f"/teams/{code}/robot", data={"csrf_token": csrf_of(html), "url": "ftp://x.example/hook"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="ftp://x.example/hook"' in body and 'aria-invalid="true"' in body
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    saved = client.post(f"/teams/{code}/robot", data={"csrf_token": csrf_of(html), "url": url})
    assert saved.status_code == 303
    assert 'value="https://oapi.dingtalk.com/robot/send?access_token=abc"' in client.get(f"/teams/{code}").get_data(
        as_text=True).replace("&amp;", "&")
    assert client.post(f"/teams/{code}/robot", data={"csrf_token": csrf_of(html), "url": ""}).status_code == 303
    sign_in_as(client, "worker", employee_no=f"R{tag}1")
    assert client.post(f"/teams/{code}/robot", data={"csrf_token": "known-csrf-token", "url": url}).status_code == 403


def test_the_team_page_says_in_words_why_a_robot_address_is_refused(client, add_team, tag, monkeypatch):
    code = f"S{tag}"
    add_team(code)
    sign_in_as(client, "hr")
    monkeypatch.setenv("BANZU_ROBOT_HOSTS", "localhost")

    def refusal(url: str, language: str) -> str:
        html = client.get(f"/teams/{code}", headers={"Accept-Language": language}).get_data(as_text=True)
        refused = client.post(f"/teams/{code}/robot", data={"csrf_token": csrf_of(html), "url": url},
                              headers={"Accept-Language": language})
        assert refused.status_code == 422
        return " ".join(refused.get_data(as_text=True).split())

    assert "须是以 https:// 开头的地址。" in refusal("http://127.0.0.1:8001/api/v1/contests", "zh-CN")
    assert "Must be an address starting with https://." in refusal("http://0x7f000001:8003/x", "en")
    assert ("evil.example 不是群机器人服务的地址。可用的有：qyapi.weixin.qq.com, oapi.dingtalk.com, open.feishu.cn, "
            "open.larksuite.com, localhost（运维人员可在 BANZU_ROBOT_HOSTS 中添加）。") in refusal(
        "https://evil.example/hook", "zh-CN")
    assert "此地址指向 127.0.0.1，不是公网地址" in refusal("https://localhost:15672/api/users", "zh-CN")
    assert ("This address leads to 169.254.169.254, which is not a public address"
            in refusal("https://169.254.169.254/latest/meta-data", "en"))
    assert "网址中不能含用户名或密码。" in refusal("https://oapi.dingtalk.com@127.0.0.1/robot/send", "zh-CN")
