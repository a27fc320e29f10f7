"""The audit trail's pages through the Flask test client: who sees the menu entry and the page, the
filters as query parameters (only the parts the reader may read), entries in words (a person with
roles, or the system's job on behalf of someone), the notice for a part that did not answer, the CSV
download, and the "history" sections shown only to those who may read that part's trail."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from web_support import TrailServices, sign_in_as, trail_entry

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
LATER = datetime.now(timezone.utc) + timedelta(hours=1)


@pytest.fixture
def fake(monkeypatch) -> TrailServices:
    fake = TrailServices()
    monkeypatch.setattr(pass_through, "client", fake)
    monkeypatch.setattr(gather, "client", fake)
    fake.answer("credentials", "/credential-types", 200, {"items": [
        {"code": "special_equipment", "name_zh": "特种设备作业人员证", "name_en": "Special equipment operator certificate"}],
        "page": 1, "per_page": 500, "total": 1})
    return fake


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def options_of(page: str, name: str) -> list[str]:
    select = re.search(rf'<select id="{name}" name="{name}".*?</select>', page, re.S)[0]
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.fixture
def moved_worker(client, tag, add_team) -> str:
    """A worker HR created and then moved to another team through the pages (as user hr-<tag>)."""
    add_team(f"A{tag}")
    add_team(f"B{tag}")
    sign_in_as(client, "hr", username=f"hr-{tag}")
    number = f"W{tag}"
    created = client.post("/workers/new", headers=ZH, data={
        "csrf_token": "known-csrf-token", "idempotency_key": tag, "employee_no": number, "name": "王小明",
        "team_code": f"A{tag}", "occupation": "electrician", "grade": "junior"})
    assert created.status_code == 303, text_of(created)
    moved = client.post(f"/workers/{number}", headers=ZH, data={"csrf_token": "known-csrf-token",
                                                               "team_code": f"B{tag}"})
    assert moved.status_code == 303
    return number


def test_the_menu_and_the_page_are_for_admins_and_hr(client, fake):
    for roles in (("admin",), ("hr",)):
        sign_in_as(client, *roles)
        page = client.get("/audit", headers=ZH)
        assert page.status_code == 200 and '>审计日志</a>' in text_of(page), roles
    fake.asked.clear()
    for roles in (("worker",), ("trainer",), ("organizer",), ("judge",)):
        sign_in_as(client, *roles, employee_no="E1" if roles == ("worker",) else None)
        denied = client.get("/audit", headers=ZH)
        assert denied.status_code == 403 and "您没有查看此页面的权限" in text_of(denied), roles
        assert ">审计日志</a>" not in text_of(denied)
        assert client.get("/audit/export.csv", headers=ZH).status_code == 403
    assert fake.asked == [], "nothing is read for those who may not"


def test_hr_filters_the_directory_trail_and_reads_who_moved_whom(client, fake, moved_worker, tag):
    page = client.get(f"/audit?kind=worker&id={moved_worker}", headers=ZH)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert options_of(html, "part") == ["", "directory", "credentials"], "HR chooses among their parts only"
    assert "worker" in options_of(html, "kind") and "contest" not in options_of(html, "kind")
    assert f'value="{moved_worker}"' in html, "the filter shows what was chosen"
    entries = re.findall(r'<li class="trail-entry".*?</li>', html, re.S)
    assert len(entries) == 2
    moved, created = (re.sub(r"\s+", " ", e) for e in entries)
    assert 'data-action="change"' in moved and "修改" in moved and f"hr-{tag}" in moved and "人力资源" in moved
    assert re.search(rf'<tr data-field="team_code"><th scope="row">班组</th><td class="before">A{tag}</td>'
                     rf'<td class="after">B{tag}</td></tr>', moved)
    assert f'<a href="/workers/{moved_worker}">{moved_worker}</a>' in moved, "the thing links to its page"
    assert "创建" in created and "修改前" not in created and "王小明" in created, "a creation shows its values only"
    assert "人员目录" in moved, "the part is named"
    assert [q for service, q in fake.asked if service == "credentials"][0]["id"] == moved_worker

    english = text_of(client.get(f"/audit?kind=worker&id={moved_worker}", headers=EN))
    assert "Changed" in english and "Before" in english and "Directory" in english and "HR" in english

    nothing = text_of(client.get(f"/audit?actor=nobody-{tag}", headers=ZH))
    assert "没有符合条件的记录。" in nothing


def test_refused_filters_are_said_beside_them_and_other_parts_are_refused_to_hr(client, fake):
    sign_in_as(client, "hr")
    refused = client.get("/audit?from=2026-05-02&to=2026-05-01&actor=hr-x", headers=ZH)
    page = text_of(refused)
    assert refused.status_code == 400 and "请修正筛选条件。" in page
    assert 'id="to-error"' in page and 'value="hr-x"' in page, "the refusal sits beside the field; what was typed stays"
    assert client.get("/audit/export.csv?from=2026-05-02&to=2026-05-01", headers=ZH).status_code == 400
    for part in ("accounts", "competition", "training"):
        assert client.get(f"/audit?part={part}", headers=ZH).status_code == 403
    assert client.get("/audit?part=nonsense", headers=ZH).status_code == 400


def test_the_systems_entries_name_the_job_and_on_whose_behalf_it_acted(client, fake, tag):
    fake.trails["credentials"] = [trail_entry(
        "credentials", "credential", f"c-{tag}", LATER, actor="system", roles=[], job="credentials-consumer",
        event_id=f"ev-{tag}", cause=f"organizer-{tag}", request_id=None,
        after={"type_code": "skill_level", "expires_on": None})]
    sign_in_as(client, "admin")
    entry = re.sub(r"\s+", " ", re.search(r'<li class="trail-entry".*?</li>', client.get(
        f"/audit?part=credentials&id=c-{tag}", headers=ZH).get_data(as_text=True), re.S)[0])
    assert "系统" in entry and "（credentials-consumer）" in entry and f"代 organizer-{tag} 执行" in entry
    assert f"事件 ev-{tag}" in entry and "发证" in entry
    assert 'data-field="type_code"' in entry and 'data-field="expires_on"' not in entry, \
        "a creation shows the values it was made with, not its empty fields"
    assert f'<a href="/credentials/c-{tag}">c-{tag}</a>' in entry
    english = re.sub(r"<[^>]+>", "", text_of(client.get(f"/audit?part=credentials&id=c-{tag}", headers=EN)))
    assert "System (credentials-consumer)" in english and f"on behalf of organizer-{tag}" in english
    assert "Issued" in english


def test_a_part_that_does_not_answer_is_named_above_the_list(client, fake, moved_worker):
    fake.down.add("credentials")
    page = client.get("/audit", headers=ZH)
    assert page.status_code == 200
    notice = re.search(r'<p class="audit-unavailable"[^>]*>(.*?)</p>', page.get_data(as_text=True))[1]
    assert notice == "证书的记录暂时无法读取，下面的列表不含这些部分。"
    assert 'data-kind="worker"' in page.get_data(as_text=True), "the other parts still show"


def test_the_csv_download_carries_the_filters(client, fake, moved_worker):
    page = client.get(f"/audit?kind=worker&id={moved_worker}", headers=ZH).get_data(as_text=True)
    link = re.search(r'<a class="button" href="([^"]+)" download>', page)[1].replace("&amp;", "&")
    assert link.startswith("/audit/export.csv?")
    download = client.get(link, headers=ZH)
    assert download.status_code == 200 and download.content_type.startswith("text/csv")
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a zh file for people opens as UTF-8 in Excel"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["操作"], r["对象编号"]) for r in rows] == [("修改", moved_worker), ("创建", moved_worker)]
    assert any(q.get("format") is None and q["kind"] == "worker" for _, q in fake.asked)


def test_a_workers_history_shows_on_their_page_to_hr(client, fake, moved_worker):
    html = client.get(f"/workers/{moved_worker}", headers=ZH).get_data(as_text=True)
    section = re.search(r'<section class="history.*?</section>', html, re.S)[0]
    assert "变更记录" in section and section.count('class="trail-entry"') == 2
    assert f'href="/audit?part=directory&amp;kind=worker&amp;id={moved_worker}"' in section
    assert "audit.css" in html


def test_a_certificates_history_is_for_hr_and_admins(client, fake, tag):
    credential = {"id": f"c-{tag}", "employee_no": "E1", "holder_name": "王小明", "type_code": "special_equipment",
                  "number": f"SE-{tag}", "issuer": "局", "issued_on": "2025-01-01", "expires_on": "2029-01-01",
                  "next_review_on": None, "status": "revoked", "days_left": None, "verification_code": "ABCD",
                  "revoked_on": "2026-01-01", "revoke_reason": "错发", "superseded_by": None, "notices": [],
                  "reviews": []}
    fake.answer("credentials", f"/credentials/c-{tag}", 200, credential)
    fake.trails["credentials"] = [
        trail_entry("credentials", "credential", f"c-{tag}", LATER, actor=f"hr-{tag}", action="revoke",
                    before={"revoked_on": None, "revoke_reason": None},
                    after={"revoked_on": "2026-01-01", "revoke_reason": "错发"}),
        trail_entry("credentials", "credential", f"other-{tag}", LATER)]
    sign_in_as(client, "hr")
    section = re.search(r'<section class="history.*?</section>',
                        client.get(f"/credentials/c-{tag}", headers=ZH).get_data(as_text=True), re.S)[0]
    assert section.count('class="trail-entry"') == 1 and "吊销" in section and f"hr-{tag}" in section
    assert re.search(r'<th scope="row">吊销原因</th><td class="before">—</td><td class="after">错发</td>', section)

    fake.down.add("credentials")
    unavailable = client.get(f"/credentials/c-{tag}", headers=ZH)
    assert unavailable.status_code == 200 and "变更记录暂时无法读取" in text_of(unavailable)


def test_a_sessions_history_is_for_admins_with_its_enrolments_and_attendance(client, fake, tag):
    fake.answer("training", "/sessions/7", 200, {
        "id": 7, "course_code": "WELD", "trainer": "tr", "location": "Hall 1", "starts_at": LATER.isoformat(),
        "ends_at": (LATER + timedelta(hours=3)).isoformat(), "capacity": 3, "enrolled": 1, "free_seats": 2,
        "waitlisted": 0, "attendance_recorded": 0, "credited_hours": "3.00", "status": "scheduled",
        "cancelled_at": None, "cancellation_reason": None, "cancelled_by": None})
    fake.answer("training", "/courses/WELD", 200, {"code": "WELD", "title": "焊接安全", "occupation": "welder",
                                                   "hours": "3.00", "kind": "safety", "pass_score": None,
                                                   "credential_type": None})
    fake.answer("training", "/sessions/7/enrollments", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    fake.trails["training"] = [
        trail_entry("training", "attendance", "7/E1", LATER, action="record", after={"present": True}),
        trail_entry("training", "enrollment", "7/E1", LATER - timedelta(minutes=5), action="enrol"),
        trail_entry("training", "session", "7", LATER - timedelta(minutes=10), action="create",
                    after={"starts_at": "2026-05-01T01:00:00+00:00", "capacity": 3, "trainer": None}),
        trail_entry("training", "enrollment", "70/E2", LATER, action="enrol"),
        trail_entry("training", "session", "70", LATER, action="create")]
    sign_in_as(client, "trainer")
    assert "变更记录" not in text_of(client.get("/sessions/7", headers=ZH))
    assert fake.asked == [], "a trainer's page does not read the trail"

    sign_in_as(client, "admin")
    html = client.get("/sessions/7", headers=ZH).get_data(as_text=True)
    section = re.search(r'<section class="history.*?</section>', html, re.S)[0]
    assert re.findall(r'data-kind="(\w+)" data-action="(\w+)" data-id="([^"]+)"', section) == [
        ("attendance", "record", "7/E1"), ("enrollment", "enrol", "7/E1"), ("session", "create", "7")]
    assert "<td class=\"after\">是</td>" in section, "yes and no in words"
    assert '<td class="after">2026-05-01 09:00</td>' in section, "instants in the site's time"
    assert 'data-field="capacity"' in section and 'data-field="trainer"' not in section
    assert 'href="/audit?part=training&amp;kind=session&amp;id=7"' in section
    assert 'href="/audit?part=training&amp;id_prefix=7/"' in section


def test_the_audit_page_links_entries_to_their_things(client, fake, tag):
    fake.trails["training"] = [trail_entry("training", "enrollment", "7/E1", LATER, action="enrol")]
    fake.trails["competition"] = [trail_entry("competition", "score", f"k-{tag}/P/3/j1", LATER, action="score",
                                              before={"value": "80.00"}, after={"value": "85.00"})]
    sign_in_as(client, "admin")
    html = client.get("/audit?part=training", headers=ZH).get_data(as_text=True)
    assert '<a href="/sessions/7">7/E1</a>' in html
    html = client.get("/audit?part=competition", headers=ZH).get_data(as_text=True)
    assert f'<a href="/contests/k-{tag}">k-{tag}/P/3/j1</a>' in html
    assert options_of(html, "part") == ["", "directory", "accounts", "scores", "notifications", "competition",
                                        "training", "credentials"]


def test_a_changed_occupation_reads_as_its_name_on_the_page_the_workers_history_and_the_download(client, fake,
                                                                                                moved_worker, tag):
    changed = client.post(f"/workers/{moved_worker}", headers=ZH, data={"csrf_token": "known-csrf-token",
                                                                       "occupation": "welder"})
    assert changed.status_code == 303
    row = r'<tr data-field="occupation"><th scope="row">{}</th><td class="before">{}</td><td class="after">{}</td>'
    page = client.get(f"/audit?kind=worker&id={moved_worker}", headers=ZH).get_data(as_text=True)
    assert re.search(row.format("工种", "电工", "焊工"), page)
    assert re.search(r'<tr data-field="occupation"><th scope="row">工种</th><td class="after">电工</td>', page), \
        "the creation too"
    english = client.get(f"/audit?kind=worker&id={moved_worker}", headers=EN).get_data(as_text=True)
    assert re.search(row.format("Occupation", "Electrician", "Welder"), english)
    history = client.get(f"/workers/{moved_worker}", headers=ZH).get_data(as_text=True)
    assert re.search(row.format("工种", "电工", "焊工"), history)

    link = re.search(r'<a class="button" href="([^"]+)" download>', page)[1].replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(client.get(link, headers=ZH).get_data(as_text=True).lstrip("\ufeff"))))
    assert '"occupation": "焊工"' in rows[0]["改动后"] and '"occupation": "电工"' in rows[0]["改动前"]


def test_an_occupation_outside_the_catalogue_reads_as_its_code(client, fake, tag):
    fake.trails["training"] = [trail_entry("training", "course", f"C{tag}", LATER, action="create",
                                           after={"occupation": f"rigger_{tag.lower()}", "title": "吊装"})]
    sign_in_as(client, "admin")
    page = client.get("/audit?part=training", headers=ZH).get_data(as_text=True)
    assert f'<tr data-field="occupation"><th scope="row">工种</th><td class="after">rigger_{tag.lower()}</td>' in page
