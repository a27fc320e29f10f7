"""A worker leaves through HR's pages (web.md 1.2, "a worker's page has 'left the company'"): the form on
the worker's page with its day, reason and confirmation box, what a leaver's page says afterwards, and the
workers list's status filter (active by default)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from web_support import FakeServices, csrf_of, sign_in_as

ZH, EN = {"Accept-Language": "zh-CN"}, {"Accept-Language": "en"}


@pytest.fixture
def fake(monkeypatch) -> FakeServices:
    """The services do not answer: the profile's parts read as unavailable."""
    fake = FakeServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def leave(client, employee_no: str, data: dict, headers=ZH):
    token = csrf_of(client.get(f"/workers/{employee_no}", headers=headers).get_data(as_text=True))
    return client.post(f"/workers/{employee_no}/leave", data={"csrf_token": token, **data}, headers=headers)


def test_hr_records_a_leave_confirmed_and_the_page_then_says_so(client, fake, crew):
    sign_in_as(client, "hr")
    page = text_of(client.get(f"/workers/{crew['leader']}", headers=ZH))
    assert "<h2 id=\"leave-heading\">离职</h2>" in page
    assert f'name="left_on" type="date" value="{date.today().isoformat()}"' in page, "today by default"
    assert f'max="{date.today().isoformat()}"' in page

    unticked = leave(client, crew["leader"], {"left_on": "2026-01-15", "reason": "调往外地"})
    assert unticked.status_code == 422
    assert "请勾选“我已核对，确认执行”后再提交。" in text_of(unticked), "nothing is sent without the box ticked"
    no_reason = leave(client, crew["leader"], {"left_on": "2026-01-15", "reason": "  ", "confirm": "yes"})
    assert no_reason.status_code == 422 and "请写明原因。" in text_of(no_reason)
    assert 'value="2026-01-15"' in text_of(no_reason), "what was typed stays"
    future = leave(client, crew["leader"], {"left_on": (date.today() + timedelta(days=3)).isoformat(),
                                            "reason": "计划离职", "confirm": "yes"})
    assert future.status_code == 422 and 'id="left_on-error"' in text_of(future)
    assert client.get(f"/workers/{crew['leader']}", headers=ZH).status_code == 200
    assert "已离职" not in text_of(client.get(f"/workers/{crew['leader']}", headers=ZH))

    done = leave(client, crew["leader"], {"left_on": "2026-01-15", "reason": "调往外地", "confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/workers/{crew['leader']}")
    after = text_of(client.get(f"/workers/{crew['leader']}", headers=ZH))
    assert "已记录 林班长 离职。" in after
    assert f"已停用其登录账号：{crew['username']}。" in after
    assert f"班组 {crew['team']} 现在没有班组长，请为它指定新的班组长。" in after
    assert "已于 2026-01-15 离职。" in after and "离职原因：调往外地" in after
    assert 'id="move-heading"' not in after and 'id="edit-heading"' not in after and 'id="leave-heading"' not in after
    assert "发证" not in after.split("<h2")[0], "no certificate is issued from a leaver's page"
    assert 'data-part="credentials"' in after, "the history sections stay"

    english = text_of(client.get(f"/workers/{crew['leader']}", headers=EN))
    assert "Left the company on 2026-01-15." in english and "Reason: 调往外地" in english

    again = leave(client, crew["member"], {"left_on": "2026-02-01", "reason": "退休", "confirm": "yes"})
    assert again.status_code == 303
    twice = client.post(f"/workers/{crew['member']}/leave", headers=ZH, data={
        "csrf_token": csrf_of(page), "left_on": "2026-02-01", "reason": "退休", "confirm": "yes"})
    assert twice.status_code == 422
    assert "该员工已经离职，不能重复记录。" in text_of(twice)


def test_the_workers_list_shows_who_is_with_the_company_unless_asked(client, fake, crew):
    sign_in_as(client, "hr")
    assert leave(client, crew["member"], {"left_on": date.today().isoformat(), "reason": "退休",
                                          "confirm": "yes"}).status_code == 303
    shown = text_of(client.get("/workers", query_string={"team": crew["team"]}, headers=ZH))
    assert f'data-employee="{crew["leader"]}"' in shown and f'data-employee="{crew["member"]}"' not in shown
    assert '<option value="active" selected>在职</option>' in shown
    gone = text_of(client.get("/workers", query_string={"team": crew["team"], "status": "left"}, headers=ZH))
    assert f'data-employee="{crew["member"]}"' in gone and f'data-employee="{crew["leader"]}"' not in gone
    assert '<span class="badge tone-muted">已离职</span>' in gone
    everyone = text_of(client.get("/workers", query_string={"team": crew["team"], "status": "all"}, headers=EN))
    assert f'data-employee="{crew["member"]}"' in everyone and f'data-employee="{crew["leader"]}"' in everyone
    assert '<option value="all" selected>All</option>' in everyone
    team_page = text_of(client.get(f"/teams/{crew['team']}", headers=ZH))
    assert f'data-employee="{crew["member"]}"' not in team_page, "no longer a member on the team's page"
