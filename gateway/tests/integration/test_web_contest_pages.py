"""Contest pages against stand-in services: the contest form's refusals by field, segment rows without
script, the scoring sheet (bibs only, per-bib errors while the others save), batch registration outcomes in
words, and who may open which page. The whole flow runs for real in tests/browser/test_contest_console.py."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from io import BytesIO

import pytest

from banzu_gateway.entrypoints import pass_through
from banzu_gateway.web.views.contests.contestants import numbers_in_csv
from web_support import Answer, FakeServices, sent_bytes, sign_in_as

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
        body = sent_bytes(body)
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
            "promotions.cap": ["Must be one of: junior, intermediate, senior, technician, senior_technician."]},
        "codes": {
            "segments": [{"code": "weights_sum", "total": "90"}],
            "segments.1.code": [{"code": "duplicate", "field": "code", "value": "T"}],
            "promotions.cap": [{"code": "one_of", "choices": ["junior", "intermediate", "senior", "technician",
                                                              "senior_technician"]}]}},
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
        "status": 422, "title": "Invalid input", "errors": {"score": ["must be between 0 and 100"]},
        "codes": {"score": [{"code": "out_of_range", "min": "0", "max": "100"}]}},
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
    assert "比赛开始后，比赛环节和权重不能再更改。" in page and "<details class=\"edit-settings\" open>" in page


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


# --- the organizer's contest day: coverage, what blocks closing, stand-ins, withdrawals, cancelling, results ---

def page_of(fake: Services, contest_status: str = "running", progress: dict | None = None,
            contestants: list | None = None, assignments: list | None = None, **contest_fields) -> None:
    """A contest as the control room, the judges and the contestants pages read it."""
    fake.answer("competition", "/contests/c1", 200, contest(contest_status) | contest_fields)
    fake.answer("competition", "/contests/c1/assignments", 200, {
        "items": assignments if assignments is not None else ASSIGNED, "bibs": [], "page": 1, "per_page": 500,
        "total": 3})
    fake.answer("competition", "/contests/c1/contestants", 200, {
        "items": contestants if contestants is not None else CONTESTANTS, "page": 1, "per_page": 500, "total": 3})
    fake.answer("competition", "/contests/c1/progress", 200, progress if progress is not None else PROGRESS)
    fake.answer("competition", "/judges", 200, {"items": [
        {"id": row["judge_id"], "name": row["judge_name"], "organization": row["organization"],
         "username": row["username"], "conflicts": {"teams": [], "workers": []}} for row in ASSIGNED]
        + [{"id": "j9", "name": "孙裁判", "organization": "市技能鉴定站", "username": None,
            "conflicts": {"teams": [], "workers": []}}], "page": 1, "per_page": 500, "total": 4})


CONTESTANTS = [
    {"employee_no": "E1", "name": "李强", "team_code": "A1", "bib": 1, "status": "registered", "reason": None},
    {"employee_no": "E2", "name": "张伟", "team_code": "A1", "bib": 2, "status": "registered", "reason": None},
    {"employee_no": "E3", "name": "陈刚", "team_code": "B2", "bib": 3, "status": "absent", "reason": "未到场"}]
ASSIGNED = [
    {"contest_id": "c1", "judge_id": "j1", "judge_name": "王裁判", "organization": "省鉴定中心", "username": "judge-1",
     "segments": ["F", "P"], "withdrawn": []},
    {"contest_id": "c1", "judge_id": "j2", "judge_name": "李裁判", "organization": "省鉴定中心", "username": "judge-2",
     "segments": ["P"], "withdrawn": []},
    {"contest_id": "c1", "judge_id": "j3", "judge_name": "赵裁判", "organization": "市技能鉴定站", "username": "judge-3",
     "segments": ["F"], "withdrawn": [{"segment": "P", "reason": "生病未到场", "withdrawn_at": "2026-05-10T01:30:00+00:00"}]}]


def judge_row(judge_id: str, name: str, segment: str, missing: list, **fields) -> dict:
    return {"judge_id": judge_id, "judge_name": name, "organization": "省鉴定中心", "username": f"judge-{judge_id[1:]}",
            "segment": segment, "method": "judgement", "to_score": 3, "scored": 3 - len(missing), "missing": missing,
            "flagged": [], "signed_off_at": None, "withdrawn_at": None, "reason": None} | fields


PROGRESS = {
    "contest_id": "c1", "status": "running",
    "judges": [judge_row("j1", "王裁判", "P", [2]), judge_row("j2", "李裁判", "P", [],
                                                             signed_off_at="2026-05-10T03:00:00+00:00"),
               judge_row("j3", "赵裁判", "P", [], to_score=0, scored=0, withdrawn_at="2026-05-10T01:30:00+00:00",
                         reason="生病未到场")],
    "missing": [{"segment": "P", "bib": 2, "employee_no": "E2", "scores": 1, "needed": 3},
                {"segment": "T", "bib": 1, "employee_no": "E1", "scores": 0, "needed": 1}],
    "flags": [{"segment": "P", "bib": 1, "employee_no": "E1", "spread": "25.00", "scores": [
        {"judge_id": "j1", "judge": "王裁判", "score": "70.00"}, {"judge_id": "j2", "judge": "李裁判", "score": "95.00"}]}],
    "uncovered": [{"segment": "P", "employee_no": "E2", "name": "张伟", "bib": 2, "available": 2}]}


def text(html: str) -> str:
    """The page's words without tags (and their spacing), to find a sentence as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_coverage_shows_who_lacks_judges_where_as_soon_as_both_are_known(client, fake):
    page_of(fake, "open", progress={"contest_id": "c1", "status": "open", "judges": [], "missing": [], "flags": [],
                                    "uncovered": [{"segment": "P", "employee_no": "E2", "name": "张伟", "bib": None,
                                                   "available": 2},
                                                  {"segment": "F", "employee_no": "E1", "name": "李强", "bib": None,
                                                   "available": 0}]},
            contestants=[row | {"bib": None} for row in CONTESTANTS[:2]])
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1").get_data(as_text=True)
    coverage = text(page.split('id="coverage"')[1].split("</section>")[0])
    assert "裁判不足" in coverage and "实操考核 (P)" in coverage and "故障排除 (F)" in coverage
    assert "张伟（E2）：只有 2 位裁判可评分（需要 3 位）" in coverage and "李强（E1）：没有裁判可评分" in coverage
    assert "再分配裁判，或改派与这些选手没有回避关系的裁判" in coverage
    assert 'href="/contests/c1/judges"' in page.split('id="coverage"')[1]
    covered = {"contest_id": "c1", "status": "open", "judges": [], "missing": [], "flags": [], "uncovered": []}
    fake.answer("competition", "/contests/c1/progress", 200, covered)
    assert "每位选手在每个主观评判环节都有至少 3 位可评分的裁判。" in client.get("/contests/c1").get_data(as_text=True)


def test_every_step_asks_for_a_ticked_confirmation_and_a_refused_start_says_who_lacks_judges(client, fake):
    page_of(fake, "open", contestants=[row | {"bib": None} for row in CONTESTANTS[:2]])
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1").get_data(as_text=True)
    step = page.split('id="step-start"')[1].split("</details>")[0]
    assert 'action="/contests/c1/start"' in step and 'name="confirm" type="checkbox" value="yes" required' in step
    unconfirmed = client.post("/contests/c1/start", data={"csrf_token": CSRF})
    assert unconfirmed.status_code == 422 and fake.sent("POST", "/contests/c1/start") == []
    shown = unconfirmed.get_data(as_text=True)
    assert '<details class="confirm" id="step-start" open>' in shown
    assert 'id="step-start-confirm-error">请勾选“我已核对，确认执行”后再提交。' in shown
    fake.answer("competition", "/contests/c1/start", 409, {
        "status": 409, "title": "Conflict", "reason": "judge_coverage", "detail": "Too few judges.",
        "uncovered": [{"segment": "P", "employee_no": "E2", "name": "张伟", "available": 1}]},
        "application/problem+json")
    refused = client.post("/contests/c1/start", data={"csrf_token": CSRF, "confirm": "yes"})
    assert refused.status_code == 409 and fake.sent("POST", "/contests/c1/start") == [None]
    words = text(refused.get_data(as_text=True))
    assert "无法开始比赛：有选手在主观评判环节的裁判不足 3 位，见下方“裁判不足”。" in words
    assert "张伟（E2）：只有 1 位裁判可评分（需要 3 位）" in words


def test_while_running_the_missing_scores_and_every_judges_score_of_a_flag_are_in_view(client, fake):
    page_of(fake)
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1").get_data(as_text=True)
    todo = page.split('id="todo"')[1].split("</section>")[0]
    missing = text(todo.split('data-segment="P" data-bib="2"')[1].split("</li>")[0])
    assert "抽签号 2 · 张伟 · 已有 1 个评分，需要 3 个" in missing and "尚未评分的裁判：王裁判" in missing
    assert "赵裁判" not in missing, "a withdrawn judge owes nothing"
    assert "组织方或本环节裁判录入" in text(todo.split('data-segment="T" data-bib="1"')[1].split("</li>")[0])
    flag = todo.split('class="flag" data-segment="P" data-bib="1"')[1].split("</li>\n  \n  </ul>")[0]
    assert re.search(r'data-judge="王裁判"><span>王裁判</span> <strong>70.00</strong>', flag)
    assert re.search(r'data-judge="李裁判"><span>李裁判</span> <strong>95.00</strong>', flag)
    assert 'action="/contests/c1/accept-spread"' in flag and "接受分差的理由" in flag
    progress = page.split('class="progress cards-narrow"')[1].split("</table>")[0]
    withdrawn = text(progress.split('data-judge="赵裁判"')[1].split("</tr>")[0])
    assert "已撤下 2026-05-10 09:30 生病未到场" in withdrawn, "times in the site's zone"
    assert "2026-05-10 11:00" in progress and ">2</td>" in progress.split('data-judge="王裁判"')[1].split("</tr>")[0]
    contestants = text(page.split('class="contestants cards-narrow"')[1].split("</table>")[0])
    assert "陈刚 E3 B2 缺考 原因：未到场" in contestants
    assert 'href="/contests/c1/preview"' in page and 'action="/contests/c1/cancel"' in page


def test_cancelling_needs_a_reason_and_a_confirmation_and_a_refusal_keeps_the_reason(client, fake):
    page_of(fake)
    sign_in_as(client, "organizer")
    blank = client.post("/contests/c1/cancel", data={"csrf_token": CSRF, "reason": "  "})
    assert blank.status_code == 422 and fake.sent("POST", "/contests/c1/cancel") == []
    shown = blank.get_data(as_text=True)
    assert 'id="cancel-reason-error">请写明原因。' in shown and 'id="cancel-confirm-error">' in shown
    fake.answer("competition", "/contests/c1/cancel", 409, {
        "status": 409, "title": "Conflict", "reason": "invalid_transition", "detail": "no"}, "application/problem+json")
    refused = client.post("/contests/c1/cancel", data={"csrf_token": CSRF, "reason": "停电", "confirm": "yes"})
    assert refused.status_code == 409 and fake.sent("POST", "/contests/c1/cancel") == [{"reason": "停电"}]
    shown = refused.get_data(as_text=True)
    assert "评分已结束、成绩已公布或已取消的比赛不能取消。" in shown and ">停电</textarea>" in shown
    fake.answer("competition", "/contests/c1/cancel", 200, contest("cancelled"))
    done = client.post("/contests/c1/cancel", data={"csrf_token": CSRF, "reason": "场地停电", "confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/contests/c1")
    page_of(fake, "cancelled", cancel_reason="场地停电", cancelled_at="2026-05-10T02:00:00+00:00")
    page = client.get("/contests/c1").get_data(as_text=True)
    assert "比赛已取消，已通知选手和裁判。" in page and "比赛已于 2026-05-10 10:00 取消。" in page
    assert "取消原因：场地停电" in page and 'data-status="cancelled">已取消</span>' in page
    assert 'action="/contests/c1/cancel"' not in page and "/contests/c1/preview" not in page
    fake.answer("competition", "/contests/c1/cancel", 409, {
        "status": 409, "title": "Conflict", "reason": "invalid_transition", "detail": "no"}, "application/problem+json")
    again = client.post("/contests/c1/cancel", data={"csrf_token": CSRF, "reason": "停电", "confirm": "yes"})
    assert again.status_code == 409, "a form no longer shown says its refusal at the top"
    assert re.search(r'id="form-refusal">\s*<p>评分已结束、成绩已公布或已取消的比赛不能取消。', again.get_data(as_text=True))


def test_a_contestant_is_marked_absent_with_a_reason_and_a_refusal_reads_as_a_sentence(client, fake):
    page_of(fake)
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1/contestants").get_data(as_text=True)
    row = page.split('id="contestant-E2"')[1].split("</tr>")[0]
    assert 'action="/contests/c1/contestants/E2/withdraw"' in row and "登记缺考" in row
    assert "withdraw" not in page.split('id="contestant-E3"')[1].split("</tr>")[0], "absent already"
    assert "缺考" in text(page.split('id="contestant-E3"')[1].split("</tr>")[0])
    unconfirmed = client.post("/contests/c1/contestants/E2/withdraw", data={"csrf_token": CSRF, "reason": "没来"})
    assert unconfirmed.status_code == 422 and fake.sent("POST", "/contests/c1/contestants/E2/withdraw") == []
    assert ">没来</textarea>" in unconfirmed.get_data(as_text=True)
    fake.answer("competition", "/contests/c1/contestants/E2/withdraw", 200, CONTESTANTS[1] | {"status": "absent",
                                                                                              "reason": "没来"})
    done = client.post("/contests/c1/contestants/E2/withdraw",
                       data={"csrf_token": CSRF, "reason": " 没来 ", "confirm": "yes"})
    assert done.status_code == 303 and fake.sent("POST", "/contests/c1/contestants/E2/withdraw") == [{"reason": "没来"}]
    assert "已将该选手登记为缺考。" in client.get("/contests/c1/contestants").get_data(as_text=True)
    fake.answer("competition", "/contests/c1/contestants/E2/withdraw", 409, {
        "status": 409, "title": "Conflict", "reason": "contestant_locked", "detail": "no"}, "application/problem+json")
    refused = client.post("/contests/c1/contestants/E2/withdraw",
                          data={"csrf_token": CSRF, "reason": "没来", "confirm": "yes"})
    assert refused.status_code == 409
    assert "只有报名期间或比赛进行中才能取消报名或登记缺考。" in refused.get_data(as_text=True)


def test_workers_are_found_by_team_and_ticked_and_another_occupation_is_named(client, fake, add_team, tag):
    add_team(f"A{tag}", (f"E{tag}1", "周明", "senior"), (f"E{tag}2", "吴亮", "intermediate"))
    add_team(f"W{tag}", (f"E{tag}3", "郑焊", "senior"), occupation="welder")
    page_of(fake, "open", contestants=[{"employee_no": f"E{tag}2", "name": "吴亮", "team_code": f"A{tag}", "bib": None,
                                        "status": "registered", "reason": None}])
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1/contestants", query_string={"q": f"A{tag}"}).get_data(as_text=True)
    found = page.split('class="form found-workers"')[1].split("</form>")[0]
    assert f'name="employee_no" type="checkbox" value="E{tag}1"' in found and "周明" in found
    assert f'value="E{tag}2"' not in found and "已登记" in found.split(f'data-employee-no="E{tag}2"')[1]
    assert 'name="idempotency_key"' in found and f'name="q" value="A{tag}"' in found
    welders = client.get("/contests/c1/contestants", query_string={"q": f"W{tag}"}).get_data(as_text=True)
    assert "工种不符（焊工）" in welders and f'value="E{tag}3"' not in welders
    outcomes = {f"E{tag}1": Answer(201, {"employee_no": f"E{tag}1", "name": "周明", "team_code": f"A{tag}", "bib": None}),
                f"E{tag}3": Answer(409, {"status": 409, "title": "Conflict", "reason": "wrong_occupation",
                                         "occupation": "welder", "contest_occupation": "electrician"},
                                   "application/problem+json")}
    fake.by_body[("POST", "/contests/c1/contestants")] = lambda body: outcomes[body["employee_no"]]
    nothing = client.post("/contests/c1/contestants", data={"csrf_token": CSRF, "form": "found", "q": f"A{tag}"})
    assert nothing.status_code == 422 and "请输入至少一个工号" in nothing.get_data(as_text=True).split("found-workers")[1]
    sent = client.post("/contests/c1/contestants", data={
        "csrf_token": CSRF, "form": "found", "q": f"A{tag}", "idempotency_key": "k7",
        "employee_no": [f"E{tag}1", f"E{tag}3"]})
    assert sent.status_code == 303
    assert [body["employee_no"] for body in fake.sent("POST", "/contests/c1/contestants")] == [f"E{tag}1", f"E{tag}3"]
    outcome = client.get("/contests/c1/contestants").get_data(as_text=True)
    assert "工种不符：该员工为焊工，本比赛为电工" in outcome


def test_an_account_already_linked_names_its_judge_and_conflicts_are_found_by_name(client, fake, add_team, tag):
    add_team(f"K{tag}", (f"K{tag}1", "钱多多", "senior"))
    page_of(fake, "open")
    fake.answer("competition", "/judges", 409, {
        "status": 409, "title": "Conflict", "reason": "username_taken", "detail": "taken", "judge_id": "j1",
        "judge_name": "王裁判"}, "application/problem+json")
    fake.by_body[("GET", "/judges")] = lambda _: Answer(200, {"items": [
        {"id": "j9", "name": "孙裁判", "organization": "市技能鉴定站", "username": None, "conflicts": {}},
        {"id": "j1", "name": "王裁判", "organization": "省鉴定中心", "username": "judge-1", "conflicts": {}}],
        "page": 1, "per_page": 500, "total": 2})
    sign_in_as(client, "organizer")
    form = {"csrf_token": CSRF, "form": "new", "idempotency_key": "n1", "name": "王老师", "organization": "省鉴定中心",
            "username": "judge-1", "conflicts-teams": "A1", "segments": "P"}
    found = client.post("/contests/c1/judges", data=form | {"find": "conflicts", "q": f"K{tag}"})
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and fake.sent("POST", "/judges") == []
    assert f'name="conflicts-teams" type="checkbox" value="K{tag}"' in page
    assert f'name="conflicts-workers" type="checkbox" value="K{tag}1"' in page and "钱多多" in page
    assert 'value="王老师"' in page and ">A1</textarea>" in page
    refused = client.post("/contests/c1/judges", data=form | {"conflicts-teams": ["A1", f"K{tag}"],
                                                              "conflicts-workers": f"K{tag}1"})
    assert refused.status_code == 409
    [sent] = fake.sent("POST", "/judges")
    assert sent["conflicts"] == {"teams": ["A1", f"K{tag}"], "workers": [f"K{tag}1"]}
    words = refused.get_data(as_text=True)
    assert "此账号已是裁判“王裁判”的登录账号，无需重新登记：请在上方为该裁判分配比赛环节。" in words
    assert "该用户名已被使用" not in words and f">A1 K{tag}</textarea>" in words
    options = re.findall(r'<option value="(j\d)">([^<]+)</option>', words)
    assert options == [("j9", "孙裁判 · 市技能鉴定站 · 无登录账号")], "each unassigned judge once, with org and account"


def test_while_running_a_judge_is_withdrawn_with_a_reason_and_a_stand_in_is_added_with_a_confirmation(client, fake):
    page_of(fake)
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1/judges").get_data(as_text=True)
    card = page.split('data-judge="王裁判"')[1].split("</li>")[0]
    assert 'id="withdraw-j1-P"' in card and 'id="withdraw-j1-F"' in card and 'name="segment" value="P"' in card
    assert "实操考核（P）：2026-05-10 09:30，原因：生病未到场" in page.split('data-judge="赵裁判"')[1].split("</li>")[0]
    stand_in = page.split('id="assign-heading"')[1].split("</form>")[0]
    assert "增派替补裁判" in stand_in and 'name="stand_in" value="yes"' in stand_in
    assert '<option value="j1">王裁判 · 省鉴定中心 · judge-1</option>' in stand_in, "a judge of another segment too"
    unconfirmed = client.post("/contests/c1/judges", data={"csrf_token": CSRF, "judge_id": "j9", "segments": "P",
                                                           "stand_in": "yes"})
    assert unconfirmed.status_code == 422 and fake.sent("POST", "/contests/c1/judges") == []
    assert 'id="assign-confirm-error">' in unconfirmed.get_data(as_text=True)
    fake.answer("competition", "/contests/c1/judges", 409, {
        "status": 409, "title": "Conflict", "reason": "judge_withdrawn", "detail": "no"}, "application/problem+json")
    refused = client.post("/contests/c1/judges", data={"csrf_token": CSRF, "judge_id": "j3", "segments": "P",
                                                       "stand_in": "yes", "confirm": "yes"})
    assert refused.status_code == 409 and "该裁判已被撤下所选的比赛环节，不能再增派到该环节" in refused.get_data(as_text=True)
    fake.answer("competition", "/contests/c1/judges", 201, {"contest_id": "c1", "judge_id": "j9", "segments": ["P"]})
    added = client.post("/contests/c1/judges", data={"csrf_token": CSRF, "judge_id": "j9", "segments": "P",
                                                     "stand_in": "yes", "confirm": "yes"})
    assert added.status_code == 303 and fake.sent("POST", "/contests/c1/judges")[-1] == {"judge_id": "j9",
                                                                                       "segments": ["P"]}
    assert "已增派替补裁判。" in client.get("/contests/c1/judges").get_data(as_text=True)
    blank = client.post("/contests/c1/judges/j1/withdraw", data={"csrf_token": CSRF, "segment": "P", "confirm": "yes"})
    assert blank.status_code == 422 and 'id="withdraw-j1-P-reason-error">请写明原因。' in blank.get_data(as_text=True)
    fake.answer("competition", "/contests/c1/judges/j1/withdraw", 409, {
        "status": 409, "title": "Conflict", "reason": "not_assigned", "detail": "no"}, "application/problem+json")
    refused = client.post("/contests/c1/judges/j1/withdraw",
                          data={"csrf_token": CSRF, "segment": "P", "reason": "生病", "confirm": "yes"})
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "该裁判没有被分配到这个比赛环节（可能已被撤下）。" in shown
    assert '<details class="confirm danger" id="withdraw-j1-P" open>' in shown and ">生病</textarea>" in shown
    fake.answer("competition", "/contests/c1/judges/j1/withdraw", 200, {
        "contest_id": "c1", "judge_id": "j1", "segment": "P", "reason": "生病", "withdrawn_at": "2026-05-10T02:00:00Z"})
    done = client.post("/contests/c1/judges/j1/withdraw",
                       data={"csrf_token": CSRF, "segment": "P", "reason": "生病", "confirm": "yes"})
    assert done.status_code == 303
    assert fake.sent("POST", "/contests/c1/judges/j1/withdraw")[-1] == {"segment": "P", "reason": "生病"}


def results_answer(final: bool = True) -> dict:
    ranked = [
        {"rank": 1, "employee_no": "E2", "name": "张伟", "team_code": "A1", "total": "86.40", "bib": 2,
         "segments": {"T": "80.00", "P": "90.00", "F": "82.00"}, "prize": "first", "promotion": None,
         "promotion_withheld": "at_cap", "status": "ranked"},
        {"rank": 2, "employee_no": "E1", "name": "李强", "team_code": "A1", "total": "86.40", "bib": 1,
         "segments": {"T": "90.00", "P": "86.00", "F": "84.00"}, "prize": "second",
         "promotion": {"from_grade": "intermediate", "to_grade": "senior"}, "promotion_withheld": None,
         "status": "ranked"}]
    absent = {"rank": None, "employee_no": "E3", "name": "陈刚", "team_code": "B2", "total": None, "bib": 3,
              "segments": {}, "prize": None, "promotion": None, "promotion_withheld": None, "status": "absent"}
    return {"contest": contest("published" if final else "running") | {"published_on": "2026-05-12" if final else None},
            "final": final, "items": [absent, *ranked], "page": 1, "per_page": 500, "total": 3}


def test_results_list_the_absent_last_say_why_a_winner_was_not_promoted_and_offer_downloads(client, fake):
    fake.answer("competition", "/contests/c1/results", 200, results_answer())
    sign_in_as(client, "worker", employee_no="E9")
    page = client.get("/contests/c1/results").get_data(as_text=True)
    rows = re.findall(r'data-employee-no="(E\d)" data-status="(\w+)"', page)
    assert rows == [("E2", "ranked"), ("E1", "ranked"), ("E3", "absent")]
    first = text(page.split('data-employee-no="E2"')[1].split("</tr>")[0])
    assert "一等奖" in first and "已达晋升上限（技师），不再晋升" in first
    assert "中级工 → 高级工" in text(page.split('data-employee-no="E1"')[1].split("</tr>")[0])
    assert "缺考" in text(page.split('data-employee-no="E3"')[1].split("</tr>")[0])
    assert 'class="results cards-narrow"' in page and 'data-label="总分"' in page
    assert 'href="/contests/c1/results.csv"' in page and 'href="/contests/c1/results.xlsx"' in page
    fake.answer("competition", "/contests/c1/results", 200, b"\xef\xbb\xbf\xe5\x90\x8d\xe6\xac\xa1\r\n",
                "text/csv; charset=utf-8")
    download = client.get("/contests/c1/results.csv", headers={"Cookie": "banzu_lang=en"})
    assert download.status_code == 200 and download.headers["Content-Type"].startswith("text/csv")
    asked = [path for _, path, _ in fake.calls if path.startswith("/api/v1/contests/c1/results?")][-1]
    assert "format=csv" in asked and "lang=" in asked
    assert client.get("/contests/c1/results.pdf").status_code == 404


def test_the_organizers_preview_is_marked_as_not_final(client, fake):
    answer = results_answer(final=False)
    answer["items"][0] = answer["items"][0] | {"status": "incomplete"}
    fake.answer("competition", "/contests/c1/results/preview", 200, answer)
    fake.answer("competition", "/contests/c1", 200, contest("running"))
    sign_in_as(client, "organizer")
    page = client.get("/contests/c1/preview").get_data(as_text=True)
    assert "这是预览，不是最终成绩。" in page and "排名预览" in page
    assert "评分未完成" in text(page.split('data-employee-no="E3"')[1].split("</tr>")[0])
    assert "results.csv" not in page, "no downloads of a preview"
    assert 'aria-current="page">排名预览' in page
    fake.answer("competition", "/contests/c1/results/preview", 409, {
        "status": 409, "title": "Conflict", "reason": "no_preview", "detail": "no"}, "application/problem+json")
    fake.answer("competition", "/contests/c1", 200, contest("open"))
    refused = client.get("/contests/c1/preview")
    assert refused.status_code == 409 and "公布成绩前才有排名预览" in refused.get_data(as_text=True)
    sign_in_as(client, "judge")
    assert client.get("/contests/c1/preview").status_code == 403


def test_the_score_log_says_which_scores_no_longer_count(client, fake):
    page_of(fake)
    entry = {"segment": "P", "bib": 1, "employee_no": "E1", "judge_id": "j3", "changed_by": "judge-3",
             "changed_at": "2026-05-10T01:00:00+00:00", "old": None, "new": "80.00", "reason": None, "withdrawn": True}
    fake.answer("competition", "/contests/c1/audit", 200, {"items": [
        entry, entry | {"judge_id": "j1", "employee_no": "E3", "bib": 3, "withdrawn": False},
        entry | {"judge_id": "j1", "withdrawn": False, "old": "70.00", "reason": "看错了"}],
        "page": 1, "per_page": 50, "total": 3})
    sign_in_as(client, "organizer")
    rows = client.get("/contests/c1/audit").get_data(as_text=True).split("<tbody>")[1].split("</tr>")
    assert "2026-05-10 09:00" in rows[0] and "赵裁判" in rows[0] and "不计入：裁判已撤下该环节" in rows[0]
    assert "陈刚" in rows[1] and "不计入：选手缺考" in rows[1]
    assert "不计入" not in rows[2] and 'class="changed"' in rows[2] and "看错了" in rows[2]
