"""The judge's side of the contest pages against a stand-in competition service: the contest list's "to score now",
the scoring sheet's rules in words (a reason for a changed score, the spread flag, refusals), signing off that saves
the typed scores first, a segment the judge was withdrawn from, and instants in the site's time zone."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pytest

from banzu_gateway.entrypoints import pass_through
from banzu_gateway.web.views.contests.common import moment
from web_support import Answer, FakeServices, sent_bytes, sign_in_as

CSRF = "known-csrf-token"
EN = {"Accept-Language": "en"}
SEGMENTS = [
    {"code": "T", "name": "理论考试", "weight": "20.00", "max_score": "100.00", "method": "measurement", "max_spread": None},
    {"code": "P", "name": "实操考核", "weight": "60.00", "max_score": "100.00", "method": "judgement", "max_spread": "20.00"},
    {"code": "F", "name": "故障排除", "weight": "20.00", "max_score": "50.00", "method": "judgement", "max_spread": "10.00"}]


def contest(contest_id: str = "c1", name: str = "电工技能比武", status: str = "running", starts_on: str = "2026-05-10") -> dict:
    return {"id": contest_id, "name": name, "occupation": "electrician", "starts_on": starts_on, "ends_on": starts_on,
            "status": status, "published_on": None, "min_grade": None, "required_credentials": [],
            "segments": SEGMENTS, "tie_break": ["P", "F", "T"], "cancel_reason": None, "cancelled_at": None}


def items(rows: list) -> dict:
    return {"items": rows, "page": 1, "per_page": 500, "total": len(rows)}


def own_row(segment: str, missing=(), flagged=(), signed_off_at=None, withdrawn_at=None, method="judgement") -> dict:
    """A judge's own progress row, as GET /contests/{id}/progress gives it to a judge."""
    return {"judge_id": "j1", "judge_name": "王裁判", "organization": "省鉴定中心", "username": "judge-1",
            "segment": segment, "method": method, "to_score": 3, "scored": 3 - len(missing), "missing": list(missing),
            "flagged": list(flagged), "signed_off_at": signed_off_at, "withdrawn_at": withdrawn_at,
            "reason": "身体不适" if withdrawn_at else None}


@dataclass
class Competition(FakeServices):
    """The competition service as the pages meet it: answers by method and path, either as stored or from a
    function of the query and the body; every call kept in order as (method, path, query, body)."""

    routes: dict = field(default_factory=dict)
    log: list = field(default_factory=list)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        where, _, query = path.partition("?")
        where = where.removeprefix("/api/v1")
        sent = json.loads(body) if (body := sent_bytes(body)) else None
        self.log.append((method, where, parse_qs(query), sent))
        route = self.routes.get((method, where))
        if route is None:
            return super().request(service, method, path, headers, body, timeout, stream)
        return route(parse_qs(query), sent) if callable(route) else route

    def on(self, method: str, path: str, status: int, body) -> None:
        kind = "application/problem+json" if status >= 400 else "application/json"
        self.routes[(method, path)] = Answer(status, body, kind)

    def sent(self, method: str, prefix: str = "") -> list[tuple[str, object]]:
        return [(path, body) for m, path, _, body in self.log if m == method and path.startswith(prefix)]


def refusal(status: int, reason: str | None = None, errors: dict | None = None, codes: dict | None = None) -> dict:
    return {"type": "about:blank", "title": "Refused", "status": status, "detail": "refused in English",
            **({"reason": reason} if reason else {}), **({"errors": errors} if errors else {}),
            **({"codes": codes} if codes else {})}


@pytest.fixture
def fake(monkeypatch) -> Competition:
    fake = Competition()
    monkeypatch.setattr(pass_through, "client", fake)
    return fake


def sheet(fake: Competition, rows: list[dict], scores: dict[tuple[str, int], str] | None = None,
          status: str = "running") -> None:
    """Contest c1 as judge j1 sees it: bibs 1-3 in every segment they have a row for, their own scores."""
    fake.on("GET", "/contests/c1", 200, contest(status=status))
    fake.on("GET", "/contests/c1/progress", 200, {"contest_id": "c1", "status": status, "judges": rows})
    fake.on("GET", "/contests/c1/assignments", 200, items([
        {"segment": row["segment"], "bib": bib} for row in rows if not row["withdrawn_at"] for bib in (1, 2, 3)]))
    scored = scores if scores is not None else {("P", 1): "85.00"}

    def own_scores(query, _body):
        segment = query.get("segment", [None])[0]
        return Answer(200, items([
            {"segment": code, "bib": bib, "judge_id": "j1", "score": value, "entered_at": "2026-05-10T01:00:00+00:00",
             "employee_no": "E1001"} for (code, bib), value in scored.items() if code == segment]))

    fake.routes[("GET", "/contests/c1/scores")] = own_scores


def as_judge(client) -> None:
    sign_in_as(client, "judge", username="judge-1")


def text_of(html: str) -> str:
    """What a reader reads: the text without tags, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def section(page: str) -> str:
    return page.split('id="sheet"', 1)[1]


def row_of(page: str, bib: int) -> str:
    return re.search(rf'data-bib="{bib}">(.*?)</li>', page, re.S)[1]


# The contest list ------------------------------------------------------------------------------------------


def listing(fake: Competition) -> None:
    """Newest first as the API orders them (names deliberately not in alphabetical order): c3 running and judged,
    c2 published and not judged, c1 running and judged."""
    newest_first = [contest("c3", "乙厂焊工比武", "running", "2026-06-01"), contest("c2", "甲厂钳工比武", "published", "2026-05-20"),
                    contest("c1", "丙厂电工比武", "running", "2026-05-10")]
    judged = [newest_first[0], newest_first[2]]

    def contests(query, _body):
        return Answer(200, {**items(judged if query.get("assigned") == ["true"] else newest_first), "per_page": 20})

    fake.routes[("GET", "/contests")] = contests
    fake.on("GET", "/contests/c3/progress", 200, {"contest_id": "c3", "status": "running", "judges": [
        own_row("T", missing=[1, 2], withdrawn_at="2026-06-01T02:00:00+00:00"),
        own_row("P", missing=[2, 3], flagged=[1]),
        own_row("F", signed_off_at="2026-06-01T03:00:00+00:00")]})
    fake.on("GET", "/contests/c1/progress", 200, {"contest_id": "c1", "status": "running", "judges": [own_row("P")]})


def test_a_judge_lands_on_the_segments_they_still_owe_one_tap_from_the_sheet(client, fake):
    listing(fake)
    as_judge(client)
    page = client.get("/contests").get_data(as_text=True)
    owed = page.split('id="to-score-heading"')[1].split("</section>")[0]
    assert "待评分" in page
    links = re.findall(r'<a class="owed-link" href="([^"]+)">(.*?)</a>', owed, re.S)
    texts = [(href, text_of(text)) for href, text in links]
    assert texts == [
        ("/contests/c3/judging?segment=P", "乙厂焊工比武 — 实操考核 — 还剩 2 个抽签号 · 1 个分差待复核"),
        ("/contests/c1/judging?segment=P", "丙厂电工比武 — 实操考核 — 已全部评分，待签字确认")], \
        "the withdrawn (T) and the signed-off (F) segments are not owed"
    asked = [query for method, path, query, _ in fake.log if method == "GET" and path == "/contests"]
    assert any(query.get("assigned") == ["true"] for query in asked)
    assert [path for _, path, _, _ in fake.log if path.endswith("/progress")] == [
        "/contests/c3/progress", "/contests/c1/progress"], "progress is read for running contests only"


def test_the_list_keeps_the_apis_newest_first_order_and_names_lead_where_the_user_may_go(client, fake):
    listing(fake)
    as_judge(client)
    page = client.get("/contests").get_data(as_text=True)
    table = page.split('class="contest-list"')[1]
    assert re.findall(r'<tr data-contest="(c\d)"', table) == ["c3", "c2", "c1"]
    assert '<a href="/contests/c3/judging">乙厂焊工比武</a>' in table
    assert '<a href="/contests/c2/results">甲厂钳工比武</a>' in table
    assert re.search(r'class="button score-link" href="/contests/c1/judging">评分<span class="visually-hidden">: 丙厂电工比武',
                     table)
    assert re.search(r'class="results-link" href="/contests/c2/results">查看成绩', table)
    english = text_of(client.get("/contests", headers=EN).get_data(as_text=True))
    assert "To score now" in english and "2 bibs left · 1 spread to review" in english
    assert "all scored, to sign off" in english


def test_a_worker_sees_results_links_and_no_score_now(client, fake):
    listing(fake)
    sign_in_as(client, "worker", employee_no="E1")
    page = client.get("/contests").get_data(as_text=True)
    assert "待评分" not in page and not re.search(r"/contests/c\d/judging", page)
    assert '<a href="/contests/c2/results">甲厂钳工比武</a>' in page
    assert not [path for _, path, _, _ in fake.log if path.endswith("/progress")]


def test_a_judge_with_nothing_owed_is_told_so(client, fake):
    fake.on("GET", "/contests", 200, {**items([contest(status="closed")]), "per_page": 20})
    as_judge(client)
    page = client.get("/contests").get_data(as_text=True)
    assert "目前没有需要您评分的比赛环节。" in page and 'href="/contests/c1/judging">我的评分' in page


# The scoring sheet ------------------------------------------------------------------------------------------


def test_the_sheet_says_that_a_changed_score_needs_a_reason_and_shows_the_refusal_beside_its_bib(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3])])
    fake.on("PUT", "/contests/c1/scores/P/1", 422, refusal(422, errors={"reason": ["must not be blank"]},
                                                                   codes={"reason": [{"code": "blank"}]}))
    fake.on("PUT", "/contests/c1/scores/P/2", 200, {"segment": "P", "bib": 2, "score": "70.00"})
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "已评分的抽签号如需修改，须在“修改原因”中写明理由" in page
    assert re.search(r'id="scores-0-reason-hint">修改评分时必填</p>', row_of(page, 1))
    assert 'name="scores-1-reason"' not in page, "a first score needs no reason"
    response = client.post("/contests/c1/judging/P", data={
        "csrf_token": CSRF, "scores-0-bib": "1", "scores-0-score": "90", "scores-0-reason": "",
        "scores-1-bib": "2", "scores-1-score": "70", "scores-2-bib": "3", "scores-2-score": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith("/contests/c1/judging?segment=P#sheet")
    assert fake.sent("PUT") == [("/contests/c1/scores/P/1", {"score": "90", "reason": None}),
                                 ("/contests/c1/scores/P/2", {"score": "70", "reason": None})]
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    first = row_of(page, 1)
    assert 'id="scores-0-reason-error">修改已保存的评分，须写明修改原因。</p>' in first
    assert re.search(r'id="scores-0-score"[^>]*value="90"', first), "the typed value stays"
    assert re.search(r'id="scores-0-reason"[^>]*aria-describedby="scores-0-reason-hint scores-0-reason-error" '
                     r'aria-invalid="true"', first)
    assert "已保存 1 个评分，1 个未保存。" in page


def test_refusals_about_one_bib_and_about_the_whole_sheet_read_as_sentences(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3])])
    fake.on("PUT", "/contests/c1/scores/P/2", 403, refusal(403, "conflict_of_interest"))
    fake.on("PUT", "/contests/c1/scores/P/3", 409, refusal(409, "score_locked"))
    as_judge(client)
    client.post("/contests/c1/judging/P", data={"csrf_token": CSRF, "scores-0-bib": "2", "scores-0-score": "70",
                                                "scores-1-bib": "3", "scores-1-score": "80"})
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "您需要回避这名选手（同单位或已声明回避），不能为这个抽签号评分。" in row_of(page, 2)
    assert re.search(r'role="alert" id="form-refusal">\s*<p>您已签字确认本比赛环节，评分已锁定，不能再修改。', page)
    assert re.search(r'id="scores-2-score"[^>]*value="80"', row_of(page, 3))


@pytest.mark.parametrize("status, reason, sentence", [
    (403, "judge_withdrawn", "您已被撤下本比赛环节，不能再评分或签字确认。"),
    (403, "not_assigned", "您没有被分配到这个比赛环节，不能评分。"),
    (409, "score_locked", "您已签字确认本比赛环节，评分已锁定，不能再修改。"),
    (409, "not_running", "比赛不在进行中（尚未开始、评分已结束或已取消），不能评分或签字确认。")])
def test_a_refused_sign_off_reads_as_a_sentence_on_the_sheet(client, fake, status, reason, sentence):
    sheet(fake, [own_row("P")])
    fake.on("POST", "/contests/c1/segments/P/signoff", status, refusal(status, reason))
    as_judge(client)
    response = client.post("/contests/c1/judging/P/signoff", data={"csrf_token": CSRF})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert sentence in page and "您没有查看此页面的权限" not in page


def test_signing_off_saves_the_typed_scores_first(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3])])
    fake.on("PUT", "/contests/c1/scores/P/2", 200, {"segment": "P", "bib": 2, "score": "70.00"})
    fake.on("PUT", "/contests/c1/scores/P/3", 200, {"segment": "P", "bib": 3, "score": "75.50"})
    fake.on("POST", "/contests/c1/segments/P/signoff", 200,
            {"segment": "P", "judge_id": "j1", "signed_off_at": "2026-05-10T02:00:00+00:00"})
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/contests/c1/judging/P" class="score-sheet".*?</form>', page, re.S)[0]
    assert form.index("save-scores") < form.index('formaction="/contests/c1/judging/P/signoff"'), \
        "the sign-off sends the sheet itself; Enter in a field still saves"
    assert "<details class=\"confirm danger\">" in form and "还有 2 个抽签号未评分" in form
    assert "签字确认时，会先保存本页输入的评分" in page
    response = client.post("/contests/c1/judging/P/signoff", data={
        "csrf_token": CSRF, "scores-0-bib": "1", "scores-0-score": "85.00", "scores-1-bib": "2", "scores-1-score": "70",
        "scores-2-bib": "3", "scores-2-score": "75,5"})
    assert response.status_code == 303
    writes = [(m, path) for m, path, _, _ in fake.log if m in ("PUT", "POST")]
    assert writes == [("PUT", "/contests/c1/scores/P/2"), ("PUT", "/contests/c1/scores/P/3"),
                      ("POST", "/contests/c1/segments/P/signoff")], "scores first, then the sign-off"
    assert "已保存 2 个评分；已签字确认" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_nothing_is_signed_off_while_a_typed_score_is_refused(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3])])
    fake.on("PUT", "/contests/c1/scores/P/2", 200, {"segment": "P", "bib": 2, "score": "70.00"})
    fake.on("PUT", "/contests/c1/scores/P/3", 422, refusal(422, errors={"score": ["must be between 0 and 100"]}, codes={
        "score": [{"code": "out_of_range", "min": "0", "max": "100"}]}))
    as_judge(client)
    response = client.post("/contests/c1/judging/P/signoff", data={
        "csrf_token": CSRF, "scores-0-bib": "2", "scores-0-score": "70", "scores-1-bib": "3", "scores-1-score": "120"})
    assert response.status_code == 303
    assert not [path for m, path, _, _ in fake.log if m == "POST"], "not signed off"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "未签字确认：有 1 个评分未能保存" in page
    third = row_of(page, 3)
    assert 'id="scores-2-score-error">请输入 0 至 100 之间的数值。' in third
    assert re.search(r'id="scores-2-score"[^>]*value="120"', third)


def test_a_flagged_bib_tells_the_judge_what_they_may_do(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3], flagged=[1])])
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    first = row_of(page, 1)
    assert 'id="scores-0-flag">评分差距过大：请复核您的评分；如需修改请填写理由，或保持原分由组织方确认。</p>' in first
    assert re.search(r'id="scores-0-score"[^>]*aria-describedby="scores-0-current scores-0-flag"', first)
    english = row_of(client.get("/contests/c1/judging?segment=P", headers=EN).get_data(as_text=True), 1)
    assert "please review your score; to change it, write the reason, or keep it and the organizer" in english
    assert "flag-note" not in row_of(page, 2), "only flagged bibs carry the sentence"


def test_a_segment_the_judge_was_withdrawn_from_is_read_only_with_a_sentence(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3]), own_row("F", missing=[1, 2, 3], withdrawn_at="2026-05-10T02:15:00+00:00")],
          scores={("P", 1): "85.00", ("F", 1): "40.00"})
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=F").get_data(as_text=True)
    assert response_ok(page)
    assert "您已于 2026-05-10 10:15 被撤下本比赛环节，不能再评分；您在本环节录入的评分不再计入成绩。" in page
    assert "<input" not in section(page) and "当前评分：40.00" in section(page)
    assert re.search(r'segment=F"[^>]*>故障排除 \(F\)<span class="tab-note">&nbsp;· 已撤下</span>', page)
    assert not [path for _, path, _, _ in fake.log if path.endswith("/assignments")], "no bibs are asked for"
    english = client.get("/contests/c1/judging?segment=F", headers=EN).get_data(as_text=True)
    assert "You were withdrawn from this segment on 2026-05-10 10:15" in english
    other = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert 'name="scores-1-score"' in other, "the other segment is scored as before"


def response_ok(page: str) -> bool:
    return "找不到此页面或记录" not in page and "您没有查看此页面的权限" not in page


def test_typed_scores_the_sheet_can_no_longer_hold_are_said_in_words(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3], withdrawn_at="2026-05-10T02:15:00+00:00")])
    fake.on("PUT", "/contests/c1/scores/P/2", 403, refusal(403, "judge_withdrawn"))
    as_judge(client)
    client.post("/contests/c1/judging/P", data={"csrf_token": CSRF, "scores-0-bib": "2", "scores-0-score": "70",
                                                "scores-1-bib": "3", "scores-1-score": "66"})
    assert [path for path, _ in fake.sent("PUT")] == ["/contests/c1/scores/P/2"], "the rest is not sent"
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "您已被撤下本比赛环节，不能再评分或签字确认。" in page
    assert "以下输入未能保存：抽签号 2：70；抽签号 3：66" in page


def test_the_sheet_never_shows_names_teams_or_employee_numbers(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3], flagged=[1])])
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "E1001" not in page and "employee_no" not in page
    assert "王裁判" not in section(page) and "省鉴定中心" not in section(page)


def test_a_cancelled_contest_has_no_sheet_to_fill_in(client, fake):
    sheet(fake, [own_row("P", missing=[2, 3])], status="cancelled")
    as_judge(client)
    page = client.get("/contests/c1/judging").get_data(as_text=True)
    assert "本比赛已取消，不再评分。" in page and "<input" not in section(page)


# Times ------------------------------------------------------------------------------------------------------


@pytest.fixture
def process_in_new_york(monkeypatch):
    """The gateway's process runs in another zone than the site's (Asia/Shanghai)."""
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.delenv("BANZU_TIMEZONE", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_instants_read_in_the_sites_time_zone_not_the_processs(process_in_new_york, client, fake):
    assert moment("2026-05-10T01:30:00+00:00") == "2026-05-10 09:30"
    assert moment(None) == ""
    sheet(fake, [own_row("P", signed_off_at="2026-05-10T10:30:00+00:00")])
    as_judge(client)
    page = client.get("/contests/c1/judging?segment=P").get_data(as_text=True)
    assert "您已于 2026-05-10 18:30 签字确认本比赛环节，评分已锁定。" in page
