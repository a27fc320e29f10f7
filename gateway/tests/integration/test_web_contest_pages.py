"""Contest pages against stand-in services: the contest form's refusals by field, segment rows without
script, the scoring sheet (bibs only, per-bib errors while the others save), batch registration outcomes in
words, and who may open which page. The whole flow runs for real in tests/browser/test_contest_console.py."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from io import BytesIO

import pytest

from banzu_gateway.edge import pass_through
from banzu_gateway.web.views.contests.contestants import numbers_in_csv
from web_support import Answer, FakeServices, sign_in_as

CSRF = "known-csrf-token"
SEGMENTS = [
    {"code": code, "name": name, "weight": weight, "max_score": top, "method": method, "max_spread": spread}
    for code, name, weight, top, method, spread in (
        ("T", "理论考试", "20.00", "100.00", "measurement", None), ("P", "实操考核", "60.00", "100.00", "judgement", "20.00"),
        ("F", "故障排除", "20.00", "50.00", "judgement", "10.00"))]


def contest(status: str = "running") -> dict:
    return {"id": "c1", "name": "电工技能比武", "occupation": "electrician", "starts_on": "2026-05-10",
            "ends_on": "2026-05-11", "status": status, "published_on": None, "min_grade": None,
            "required_credentials": [], "segments": SEGMENTS, "tie_break": ["P", "F", "T"],
            "awards": {"first": "0.10", "second": "0.30", "third": "0.60", "min_total": "60.00"},
            "promotions": {"first": 1, "second": 1, "third": 0, "cap": "technician"}}


@dataclass
class Services(FakeServices):
    """Stand-in services that also keep each request's body and may answer by method and body."""

    bodies: list[tuple[str, str, object]] = field(default_factory=list)
    by_body: dict = field(default_factory=dict)  # (method, path) -> function(body) -> Answer

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        sent = json.loads(body) if body and headers.get("Content-Type", "").startswith("application/json") else body
        self.bodies.append((method, path.split("?", 1)[0], sent))
        answer = self.by_body.get((method, path.split("?", 1)[0].removeprefix("/api/v1")))
        if answer:
            self.calls.append((service, path, headers))
            return answer(sent)
        return super().request(service, method, path, headers, body, timeout, stream)

    def sent(self, method: str, path: str) -> list:
        return [body for m, p, body in self.bodies if m == method and p == "/api/v1" + path]


@pytest.fixture
def fake(monkeypatch) -> Services:
    fake = Services()
    monkeypatch.setattr(pass_through, "client", fake)
    fake.answer("credentials", "/credential-types", 200, {"items": [
        {"code": "special_operation", "name": "特种作业操作证", "name_zh": "特种作业操作证",
         "name_en": "Special operation certificate"}], "page": 1, "per_page": 500, "total": 1})
    return fake


def segment_rows(*rows: tuple) -> dict:
    form = {}
    for i, row in enumerate(rows):
        for name, value in zip(("code", "name", "weight", "max_score", "method", "max_spread"), row):
            form[f"segments-{i}-{name}"] = value
    return form


def test_the_contest_form_places_the_apis_refusals_by_field_and_keeps_what_was_typed(client, fake):
    fake.answer("competition", "/contests", 422, {
        "type": "about:blank", "title": "Invalid input", "status": 422, "errors": {
            "segments": ["weights must add up to 100 (they add up to 90)"],
            "segments.1.code": ["duplicate segment code 'T'"],
            "promotions.cap": ["Must be one of: junior, intermediate, senior, technician, senior_technician."]}},
        "application/problem+json")
    sign_in_as(client, "organizer")
    form = {"csrf_token": CSRF, "idempotency_key": "k1", "name": "电工技能比武", "occupation": "electrician",
            "starts_on": "2026-05-10", "ends_on": "2026-05-11", "tie_break": "P, F", "promotions-first": "1",
            "awards-first": "0.10", "required_credentials": "special_operation", "promotions-cap": "technician",
            **segment_rows(("T", "理论考试", "20", "100", "measurement", ""), ("", "", "", "", "", ""),
                           ("T", "实操考核", "70", "100", "judgement", "20"))}
    response = client.post("/contests/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    [sent] = fake.sent("POST", "/contests")
    assert sent["segments"] == [
        {"code": "T", "name": "理论考试", "weight": "20", "max_score": "100", "method": "measurement"},
        {"code": "T", "name": "实操考核", "weight": "70", "max_score": "100", "method": "judgement", "max_spread": "20"}]
    assert sent["tie_break"] == ["P", "F"] and sent["promotions"] == {"first": 1, "cap": "technician"}
    assert sent["awards"] == {"first": "0.10"} and sent["required_credentials"] == ["special_operation"]
    # The second segment sent is the form's third row: its refusal is shown there.
    assert re.search(r'id="segments-2-code-error">比赛环节代码 T 重复。', page)
    assert "各比赛环节的权重之和必须为 100（现在为 90）" in page
    assert 'id="promotions-cap-error">请选择列表中的选项。' in page
    assert 'value="实操考核"' in page and 'value="电工技能比武"' in page and 'value="k1"' in page
    assert re.search(r'value="special_operation" checked', page)


def test_segment_rows_are_added_and_removed_without_sending_anything(client, fake):
    sign_in_as(client, "organizer")
    rows = segment_rows(("T", "理论考试", "20", "100", "measurement", ""), ("P", "实操考核", "80", "100", "judgement", ""))
    added = client.post("/contests/new", data={"csrf_token": CSRF, "rows": "add", **rows}).get_data(as_text=True)
    assert 'name="segments-2-code"' in added and 'name="segments-3-code"' not in added
    removed = client.post("/contests/new", data={"csrf_token": CSRF, "rows": "remove", "segments-0-remove": "true",
                                                 **rows}).get_data(as_text=True)
    assert re.search(r'name="segments-0-code" type="text" value="P"', removed)
    assert 'name="segments-1-code"' not in removed
    assert fake.sent("POST", "/contests") == []


def judge_sheet(fake: Services, signed_off_at: str | None = None) -> None:
    fake.answer("competition", "/contests/c1", 200, contest())
    fake.answer("competition", "/contests/c1/progress", 200, {"contest_id": "c1", "status": "running", "judges": [
        {"judge_id": "j1", "judge_name": "王裁判", "organization": "省鉴定中心", "username": "judge-1", "segment": "P",
         "method": "judgement", "to_score": 3, "scored": 1, "missing": [2, 3], "flagged": [1],
         "signed_off_at": signed_off_at}]})
    fake.answer("competition", "/contests/c1/assignments", 200, {"items": [
        {"segment": "P", "bib": bib} for bib in (1, 2, 3)], "page": 1, "per_page": 500, "total": 3})
    fake.answer("competition", "/contests/c1/scores", 200, {"items": [
        {"segment": "P", "bib": 1, "judge_id": "j1", "score": "85.00", "entered_at": "2026-05-10T09:00:00+00:00"}],
        "page": 1, "per_page": 500, "total": 1})


def test_the_judges_sheet_is_bibs_with_large_decimal_fields_and_a_reason_for_changes(client, fake):
    judge_sheet(fake)
    sign_in_as(client, "judge", username="judge-1")
    page = client.get("/contests/c1/judging").get_data(as_text=True)
    for bib in (1, 2, 3):
        assert f'<input type="hidden" name="scores-{bib - 1}-bib" value="{bib}">' in page
        field = rf'id="scores-{bib - 1}-score" name="scores-{bib - 1}-score" type="text" inputmode="decimal"'
        assert re.search(field, page)
    assert 'value="85.00"' in page and "当前评分：85.00" in page and "分差复核" in page
    assert 'name="scores-0-reason"' in page and 'name="scores-1-reason"' not in page, "a reason only for changes"
    assert 'action="/contests/c1/judging/P/signoff"' in page and "还有 2 个抽签号未评分" in page


def test_a_signed_off_sheet_is_read_only(client, fake):
    judge_sheet(fake, signed_off_at="2026-05-10T10:30:00+00:00")
    sign_in_as(client, "judge", username="judge-1")
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "<input" not in page.split('id="sheet"')[1] and "评分已锁定" in page


def test_scores_that_fail_show_beside_their_bib_while_the_others_are_saved(client, fake):
    judge_sheet(fake)
    fake.answer("competition", "/contests/c1/scores/P/2", 200, {"segment": "P", "bib": 2, "score": "70.00"})
    fake.answer("competition", "/contests/c1/scores/P/3", 422, {
        "status": 422, "title": "Invalid input", "errors": {"score": ["must be between 0 and 100"]}},
        "application/problem+json")
    sign_in_as(client, "judge", username="judge-1")
    response = client.post("/contests/c1/judging/P", data={
        "csrf_token": CSRF, "scores-0-bib": "1", "scores-0-score": "85", "scores-0-reason": "",
        "scores-1-bib": "2", "scores-1-score": "７０", "scores-2-bib": "3", "scores-2-score": "120"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/contests/c1/judging?segment=P#sheet")
    assert fake.sent("PUT", "/contests/c1/scores/P/1") == [], "an unchanged score is not sent again"
    assert fake.sent("PUT", "/contests/c1/scores/P/2") == [{"score": "70", "reason": None}]
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "已保存 1 个评分，1 个未保存。" in page
    assert re.search(r'id="scores-2-score-error">请输入 0 至 100 之间的数值。', page)
    assert re.search(r'id="scores-2-score"[^>]*value="120"', page)


def test_batch_registration_reports_every_row_in_words(client, fake):
    fake.answer("competition", "/contests/c1", 200, contest("open"))
    fake.answer("competition", "/contests/c1/contestants", 200, {"items": [
        {"employee_no": "E1", "name": "李强", "team_code": "A1", "bib": None}], "page": 1, "per_page": 500, "total": 1})
    outcomes = {"E1": (201, None), "E2": (409, "grade_too_low"), "E3": (409, "credential_missing"),
                "E4": (409, "unknown_worker")}

    def register(body):
        status, reason = outcomes[body["employee_no"]]
        if status == 201:
            return Answer(201, {"employee_no": body["employee_no"], "name": "李强", "team_code": "A1", "bib": None})
        return Answer(409, {"status": 409, "title": "Conflict", "reason": reason}, "application/problem+json")

    fake.by_body[("POST", "/contests/c1/contestants")] = register
    sign_in_as(client, "organizer")
    csv_file = "工号,姓名\nE3,陈刚\nE4,某人\n".encode("gb18030")
    response = client.post("/contests/c1/contestants", content_type="multipart/form-data", data={
        "csrf_token": CSRF, "idempotency_key": "batch-1", "employee_no": "E1，E2\nE1",
        "file": (BytesIO(csv_file), "contestants.csv")})
    assert response.status_code == 303
    assert [body["employee_no"] for body in fake.sent("POST", "/contests/c1/contestants")] == ["E1", "E2", "E3", "E4"]
    keys = [headers.get("Idempotency-Key") for _, path, headers in fake.calls if path.endswith("/contestants")]
    assert keys == ["batch-1:E1", "batch-1:E2", "batch-1:E3", "batch-1:E4"]
    page = client.get("/contests/c1/contestants").get_data(as_text=True)
    found = dict(re.findall(r'data-employee-no="(E\d)" data-outcome="\w+">\s*<th scope="row">E\d</th>\s*'
                            r'<td class="outcome [\w-]+">([^<]+)</td>', page))
    assert found == {"E1": "已登记", "E2": "技能等级低于比赛要求", "E3": "缺少比赛要求的证书", "E4": "没有这个工号的员工（新建的员工可能需要稍候片刻）。"}
    assert "共 4 个工号，已登记 1 人。" in page


def test_an_employee_number_column_or_the_first_column_of_a_csv_file():
    assert numbers_in_csv("\ufeffname,employee_no\n王,E1\n李,E2\n".encode()) == ["E1", "E2"]
    assert numbers_in_csv(b"E1,x\n\nE2\n") == ["E1", "E2"]
    assert numbers_in_csv("工号\nE9\n".encode("gb18030")) == ["E9"]


@pytest.mark.parametrize("roles, path", [
    (("worker",), "/contests/new"), (("worker",), "/contests/c1"), (("worker",), "/contests/c1/judging"),
    (("judge",), "/contests/c1"), (("judge",), "/contests/c1/contestants"), (("judge",), "/contests/c1/audit"),
    (("trainer",), "/contests/c1/judges")])
def test_pages_outside_a_users_roles_are_the_friendly_403(client, fake, roles, path):
    sign_in_as(client, *roles)
    response = client.get(path)
    assert response.status_code == 403 and "您没有查看此页面的权限" in response.get_data(as_text=True)


def test_drafts_are_for_organizers_and_judges_see_score_links(client, fake):
    listing = {"items": [contest("running")], "page": 1, "per_page": 20, "total": 1}
    fake.answer("competition", "/contests", 200, listing)
    sign_in_as(client, "judge", username="judge-1")
    page = client.get("/contests").get_data(as_text=True)
    assert 'href="/contests/c1/judging"' in page and "新建比赛" not in page
    queries = [path for _, path, _ in fake.calls if path.startswith("/api/v1/contests?")]
    assert any("status=open&status=running" in path for path in queries), "drafts are not asked for"
    assert any("assigned=true" in path for path in queries)
    sign_in_as(client, "organizer")
    page = client.get("/contests").get_data(as_text=True)
    assert 'href="/contests/new"' in page and 'href="/contests/c1"' in page
    client.get("/contests?status=draft")
    assert fake.calls[-1][1].startswith("/api/v1/contests?page=1&per_page=20&status=draft")


def test_settings_change_while_open_and_are_refused_in_words_once_started(client, fake):
    fake.answer("competition", "/contests/c1", 409, {
        "status": 409, "title": "Conflict", "reason": "contest_locked",
        "detail": "Segments, weights and judges change only in draft or open."}, "application/problem+json")
    fake.by_body[("GET", "/contests/c1")] = lambda _: Answer(200, contest("open"))
    fake.answer("competition", "/contests/c1/assignments", 200, {"items": [], "bibs": [], "page": 1, "per_page": 500,
                                                                 "total": 0})
    fake.answer("competition", "/contests/c1/contestants", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1").get_data(as_text=True)
    assert 'value="故障排除"' in page and 'action="/contests/c1/start"' in page
    form = {"csrf_token": CSRF, "name": "电工技能比武", "occupation": "electrician", "starts_on": "2026-05-10",
            "ends_on": "2026-05-12", "tie_break": "", **segment_rows(("T", "理论考试", "100", "100", "measurement", ""))}
    response = client.post("/contests/c1", data=form)
    assert response.status_code == 409
    [sent] = fake.sent("PATCH", "/contests/c1")
    assert sent["ends_on"] == "2026-05-12" and sent["tie_break"] == [] and sent["min_grade"] is None
    page = response.get_data(as_text=True)
    assert "比赛开始后，比赛环节、权重和裁判分工不能再更改。" in page and "<details class=\"edit-settings\" open>" in page


def test_a_measurement_score_entered_by_someone_else_is_said_so_on_a_judges_sheet(client, fake):
    fake.answer("competition", "/contests/c1", 200, contest())
    fake.answer("competition", "/contests/c1/progress", 200, {"contest_id": "c1", "status": "running", "judges": [
        {"judge_id": "j1", "judge_name": "王裁判", "organization": "省鉴定中心", "username": "judge-1", "segment": "T",
         "method": "measurement", "to_score": 2, "scored": 1, "missing": [2], "flagged": [], "signed_off_at": None}]})
    fake.answer("competition", "/contests/c1/assignments", 200, {"items": [
        {"segment": "T", "bib": bib} for bib in (1, 2)], "page": 1, "per_page": 500, "total": 2})
    fake.answer("competition", "/contests/c1/scores", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    sign_in_as(client, "judge", username="judge-1")
    page = client.get("/contests/c1/judging").get_data(as_text=True)
    first, second = page.split('data-bib="1"')[1].split('data-bib="2"')
    assert "已由组织方或其他裁判录入" in first and "尚未评分" in second
    assert "还有 1 个抽签号未评分" in page
