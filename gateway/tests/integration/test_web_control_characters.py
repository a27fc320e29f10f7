"""R15 on the pages: a name or reason with a line break, tab or other control character is refused, and
the page says why beside the field, in the page's language, keeping what was typed."""
from __future__ import annotations

import uuid

import pytest

from banzu_common.text_rules import MULTI_LINE_MESSAGE

from banzu_gateway.web import i18n
from test_web_leavers import EN, ZH, fake, text_of  # noqa: F401 (fake is a fixture: the services, faked)
from web_support import csrf_of, sign_in_as


def form_post(client, url: str, data: dict, page: str | None = None, headers=ZH):
    token = csrf_of(client.get(page or url, headers=headers).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


@pytest.mark.parametrize("headers, lang", [(ZH, "zh"), (EN, "en")])
def test_a_team_name_with_a_tab_is_refused_in_words_beside_the_field(client, fake, tag, headers, lang):
    sign_in_as(client, "hr")
    refused = form_post(client, "/teams/new", {"code": f"C{tag}", "name": "一车间\t电工班", "company": "Acme",
                                               "idempotency_key": uuid.uuid4().hex}, headers=headers)
    page = text_of(refused)
    assert refused.status_code == 422
    assert f'id="name-error">{i18n.translate(lang, "field_one_line")}' in page, page
    assert 'value="Acme"' in page, "what was typed stays"


def test_a_leave_reason_over_two_lines_is_refused_in_words(client, fake, crew):
    sign_in_as(client, "hr")
    token = csrf_of(client.get(f"/workers/{crew['member']}", headers=ZH).get_data(as_text=True))
    refused = client.post(f"/workers/{crew['member']}/leave", headers=ZH, data={
        "csrf_token": token, "left_on": "2026-01-15", "reason": "调往外地\r\n另有安排", "confirm": "yes"})
    assert refused.status_code == 422
    assert "请写在一行内，不能含换行、制表符等控制字符。" in text_of(refused)
    assert "已离职" not in text_of(client.get(f"/workers/{crew['member']}", headers=ZH))


def test_a_note_with_a_tab_is_refused_in_words(client, fake):
    fake.answer("training", "/mentorships/7/evaluations", 422, {
        "status": 422, "title": "Invalid input", "detail": "Some fields are invalid.", "reason": "invalid",
        "errors": {"note": [MULTI_LINE_MESSAGE]}}, "application/problem+json")
    fake.answer("training", "/mentorships/7", 200, {
        "id": 7, "mentor": "M1", "apprentice": "A1", "occupation": "welder", "goal_grade": "intermediate",
        "starts_on": "2026-01-01", "ends_on": "2026-06-30", "status": "active", "achieved_on": None,
        "mentor_name": "师傅", "apprentice_name": "徒弟", "evaluations": []})
    sign_in_as(client, "trainer")
    refused = form_post(client, "/mentorships/7/evaluations", {"on": "2026-02-01", "rating": "4",
                                                               "note": "手稳\t需多练"}, page="/mentorships/7")
    assert refused.status_code == 422, text_of(refused)
    assert "可以换行，但不能含制表符等其他控制字符。" in text_of(refused)
