"""The assessment and skill matrix pages through the Flask test client: HR's list with its order,
refusals and downloads, the card on the team page, the skill matrix for trainers, and a team
leader's own menu entries and pages (another team's is the friendly 403)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from banzu_gateway.service_layer import directory
from web_support import FakeServices, sign_in_as

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
TYPES = {"items": [{"code": "post_qualification", "name_zh": "上岗证", "name_en": "Post qualification"},
                   {"code": "special_operation", "name_zh": "特种作业操作证", "name_en": "Special operation certificate"}],
         "page": 1, "per_page": 500, "total": 2}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def words_of(html: str) -> str:
    """What a reader reads: the page's text without its tags."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.fixture
def team(runtime, tag):
    # codes and names that sort before other tests' teams: this one is on the first page of any list
    code, other = f"0Q{tag}", f"0R{tag}"
    leader, member = f"L{tag}", f"M{tag}"
    with runtime.uow() as uow:
        for team_code in (code, other):
            directory.create_team(uow, {"code": team_code, "name": f"0 钳工{team_code}班", "company": "Acme"})
        for no, name in ((leader, "王班长"), (member, "李四")):
            directory.create_worker(uow, {"employee_no": no, "name": name, "team_code": code, "occupation": "fitter",
                                          "grade": "senior"}, date(2026, 1, 1))
        directory.update_team(uow, code, {"leader": leader})
        uow.commit()
    return {"code": code, "other": other, "leader": leader, "member": member}


@pytest.fixture
def fake(monkeypatch, team) -> FakeServices:
    fake = FakeServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    fake.answer("credentials", "/credential-types", 200, TYPES)
    people = (team["leader"], team["member"])
    fake.answer("training", "/training-summary", 200, {"year": 2026, "as_of": "2026-11-30", "workers": [
        {"employee_no": team["leader"], "hours": "90.00", "mentorships_ended": 1, "mentorships_achieved": 1},
        {"employee_no": team["member"], "hours": "30.00", "mentorships_ended": 0, "mentorships_achieved": 0}],
        "plans": [{"team_code": team["code"], "plan_id": 1, "planned": 4, "held": 3}]})
    fake.answer("credentials", "/credential-summary", 200, {
        "as_of": "2026-11-30", "types": ["post_qualification", "special_operation"],
        "workers": [{"employee_no": no, "compliant": no == team["leader"],
                     "cells": {"post_qualification": "valid" if no == team["leader"] else "missing",
                               "special_operation": "expiring" if no == team["leader"] else "not_required"}}
                    for no in people]})
    return fake


def test_hr_sees_every_team_sorted_and_downloads_in_the_page_language(client, fake, team):
    sign_in_as(client, "hr")
    page = client.get("/assessments?year=2026&as_of=2026-11-30&sort=name&direction=asc", headers=ZH)
    assert page.status_code == 200
    html = text_of(page)
    assert f'data-team="{team["code"]}"' in html and "人均培训时长" in html and ">班组考核</a>" in html
    assert 'aria-sort="ascending"' in html, "the current order is announced"
    assert "sort=score" in html and "sort=training_hours" in html, "every column header sorts"
    unknown_order = client.get("/assessments?year=2026&as_of=2026-11-30&sort=nonsense", headers=ZH)
    assert unknown_order.status_code == 200 and 'aria-sort="descending"' in text_of(unknown_order), \
        "an order the API does not know is the list best first"
    refused = client.get("/assessments?year=1066", headers=ZH)
    assert refused.status_code == 400 and "请输入 2000–2100 之间的年份。" in text_of(refused)
    outside = client.get("/assessments?year=2026&as_of=2025-01-01", headers=EN)
    assert outside.status_code == 400 and "Enter a day within the chosen year" in text_of(outside)
    assert 'value="2025-01-01"' in text_of(outside), "what was typed stays"

    download = client.get("/assessments/export.csv?year=2026&as_of=2026-11-30", headers=ZH)
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["班组编码", "班组名称", "人数", "考核得分"]
    ours = next(row for row in rows if row[0] == team["code"])
    # 60 h of 80: 15; 3 of 4 held: 75 % of 90: 12.5; nobody promoted: 0; 1 of 2 compliant: 12.5;
    # no prizes: 0; 1 of 1 mentorship achieved: 10 → 50 of 100.
    assert ours[2:4] == ["2", "50.00"] and ours[5] == "60.00"
    english = client.get("/assessments/export.xlsx?year=2026&as_of=2026-11-30", headers=EN)
    assert english.status_code == 200 and english.data[:2] == b"PK"
    assert client.get("/assessments/export.pdf", headers=ZH).status_code == 404


def test_the_team_page_carries_the_assessment_card_with_a_year_selector(client, fake, team):
    sign_in_as(client, "hr")
    html = text_of(client.get(f"/teams/{team['code']}?year=2026&as_of=2026-11-30", headers=ZH))
    assert "班组考核 · 2026 年" in html and 'data-score="50.00"' in html
    assert 'data-indicator="mentorship"' in html and "达成 100%" in html
    assert 'id="year"' in html and 'value="2026"' in html
    assert f'/teams/{team["code"]}/skill-matrix' in html
    fake.answer("training", "/training-summary", 503, {"status": 503})
    withheld = text_of(client.get(f"/teams/{team['code']}?year=2026&as_of=2026-11-30", headers=ZH))
    assert "部分数据暂时无法获取（培训），暂不计算考核得分。" in withheld and "暂无数据" in withheld


def test_a_team_leader_has_their_own_entries_and_pages(client, fake, team):
    sign_in_as(client, "worker", employee_no=team["leader"], username="leader")
    home = text_of(client.get("/me/certificates", headers=ZH))
    assert f'href="/teams/{team["code"]}/assessment"' in home and ">本班组考核</a>" in home
    assert f'href="/teams/{team["code"]}/skill-matrix"' in home and ">本班组技能矩阵</a>" in home
    own = client.get(f"/teams/{team['code']}/assessment?year=2026&as_of=2026-11-30", headers=EN)
    assert own.status_code == 200 and "Team assessment · 2026" in text_of(own)
    matrix = text_of(client.get(f"/teams/{team['code']}/skill-matrix?as_of=2026-11-30", headers=ZH))
    assert 'data-status="missing"' in matrix and 'data-status="not_required"' in matrix and "缺证" in matrix
    for path in (f"/teams/{team['other']}/assessment", f"/teams/{team['other']}/skill-matrix", "/assessments"):
        refused = client.get(path, headers=ZH)
        assert refused.status_code == 403, path
    sign_in_as(client, "worker", employee_no=team["member"], username="member")
    plain = text_of(client.get("/me/certificates", headers=ZH))
    assert "本班组考核" not in plain and "技能矩阵" not in plain


def test_trainers_reach_every_team_matrix_but_not_assessments(client, fake, team):
    sign_in_as(client, "trainer")
    listing = text_of(client.get("/skill-matrices", headers=ZH))
    assert f'/teams/{team["code"]}/skill-matrix' in listing and ">技能矩阵图</a>" in listing
    matrix = text_of(client.get(f"/teams/{team['code']}/skill-matrix?as_of=2026-11-30", headers=EN))
    assert "Post qualification" in matrix and 'class="cell tone-ok"' in matrix and "Expiring soon" in matrix
    assert "Training hours 2026" in matrix and "90.00" in matrix
    assert client.get(f"/teams/{team['code']}/skill-matrix?as_of=someday", headers=EN).status_code == 400
    assert client.get("/assessments", headers=ZH).status_code == 403
    assert client.get(f"/teams/{team['code']}/assessment", headers=ZH).status_code == 403


def test_the_team_page_says_what_each_score_measures_where_targets_come_from_and_the_bands(client, fake, team):
    fake.answer("training", "/training-summary", 200, {"year": 2026, "as_of": "2026-11-30", "workers": [
        {"employee_no": team["leader"], "hours": "90.00", "mentorships_ended": 1, "mentorships_achieved": 1},
        {"employee_no": team["member"], "hours": "30.00", "mentorships_ended": 0, "mentorships_achieved": 0}],
        "plans": [{"team_code": team["code"], "plan_id": 1, "planned": 4, "held": 3,
                   "target_hours_per_person": "48.00"}]})
    sign_in_as(client, "hr")
    html = text_of(client.get(f"/teams/{team['code']}?year=2026&as_of=2026-11-30", headers=ZH))
    hours = html.split('data-indicator="training_hours"')[1].split("</li>")[0]
    assert "目标 48 小时" in hours and "目标取自班组 2026 年培训计划" in hours, "the plan's 48 h, not the 80 h setting"
    plan = html.split('data-indicator="plan_completion"')[1].split("</li>")[0]
    assert "目标取" not in plan, "targets that can only be settings say nothing more"
    # 60 h of 48: 20; the rest as before (12.5 + 0 + 12.5 + 0 + 10): 55 of 100.
    assert 'data-score="55.00"' in html
    assert "班组考核得分：本年度各项指标" in html and "积分制得分：每期从 70 分起，加上成员晋升和比武获奖的积分，减去证书过期的扣分" in html
    assert "评级标准: 五星 ≥ 90 · 四星 ≥ 80 · 三星 ≥ 70 · 待改进 < 70" in words_of(html)

    fake.answer("training", "/training-summary", 200, {"year": 2026, "as_of": "2026-11-30", "workers": [],
                                                       "plans": []})
    english = text_of(client.get(f"/teams/{team['code']}/assessment?year=2026&as_of=2026-11-30", headers=EN))
    assert "No training plan for 2026: target from the assessment settings" in english
    assert "Rating bands: Five stars ≥ 90 · Four stars ≥ 80 · Three stars ≥ 70 · Needs improvement < 70" in words_of(
        english)
    assert "Assessment score: this year's indicators" in words_of(english)
    assert "Ledger score: each period starts at 70" in english


def test_a_team_without_members_is_not_assessed_on_its_page_and_in_the_list(client, fake, team):
    sign_in_as(client, "hr")
    html = text_of(client.get(f"/teams/{team['other']}?year=2026&as_of=2026-11-30", headers=ZH))
    card = html.split('class="assessment-card"')[1].split("</section>")[0]
    assert "不参与考核" in card and "班组在 2026-11-30 没有成员，不参与考核：没有得分，也没有评级。" in card
    assert "data-score" not in card and "待改进</span>" not in card.split("ledger-score")[0], "no score, no rating"
    # by name: these teams sort first, so other tests' teams cannot push them off the first page (by
    # score the unassessed one is last of all, which the API's tests check)
    listing = text_of(client.get("/assessments?year=2026&as_of=2026-11-30&sort=name&direction=asc", headers=ZH))
    row = listing.split(f'data-team="{team["other"]}"')[1].split("</tr>")[0]
    assert "不参与考核" in row
    assert "评级标准: 五星 ≥ 90" in words_of(listing)


def test_the_skill_matrix_names_occupations_without_requirements(client, fake, team):
    fake.answer("credentials", "/credential-summary", 200, {
        "as_of": "2026-11-30", "types": [],
        "workers": [{"employee_no": no, "applicable": False, "compliant": True, "cells": {}}
                    for no in (team["leader"], team["member"])]})
    sign_in_as(client, "trainer")
    html = text_of(client.get(f"/teams/{team['code']}/skill-matrix?as_of=2026-11-30", headers=EN))
    assert "No member's occupation requires a certificate" not in html, "not set is not “not required”"
    assert 'data-occupation="fitter"' in html and "No requirements set for" in html
    assert f'href="/compliance?team={team["code"]}"' in html


def test_the_scoreboard_and_a_team_score_show_the_rating_bands(client, fake, team):
    sign_in_as(client, "hr")
    board = text_of(client.get("/scoreboard?period=2026", headers=ZH))
    assert "评级标准: 五星 ≥ 90 · 四星 ≥ 80 · 三星 ≥ 70 · 待改进 < 70" in words_of(board)
    score = text_of(client.get(f"/teams/{team['code']}/score?period=2026", headers=EN))
    assert "Rating bands: Five stars ≥ 90" in words_of(score) and "Ledger score: each period starts at 70" in score
    this_year = str(date.today().year)
    for page in (f"/teams/{team['code']}/score?period=2026-Q5", "/scoreboard?period=someday"):
        refused = client.get(page, headers=EN)
        assert refused.status_code == 400 and "Enter a year (such as 2026) or a quarter" in text_of(refused)
        assert this_year in text_of(refused), "what is not a period shows this year's"
