"""Training pages through the Flask test client, with the services stood in for: who may open what,
where each role lands, refusals said in words beside their fields, what the forms send to the API,
the attendance sheet's fields and pre-filled hours, and the plan chart's figures."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from banzu_gateway.entrypoints import pass_through
from web_support import Answer, FakeServices, csrf_of, sent_bytes, sign_in_as

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class RecordingServices(FakeServices):
    """Answers by method too (a POST may be refused where the GET of the same path succeeds) and keeps
    what each call sent."""

    by_method: dict[tuple[str, str, str], Answer] = field(default_factory=dict)
    sent: list[tuple[str, str, object]] = field(default_factory=list)

    def answer_to(self, method: str, service: str, path: str, status: int, body):
        self.by_method[(method, service, "/api/v1" + path)] = Answer(status, body)

    def request(self, service, method, path, headers, body=None, timeout=None, stream=True):
        self.sent.append((method, path, json.loads(body) if (body := sent_bytes(body)) else None))
        found = self.by_method.get((method, service, path.split("?", 1)[0]))
        return found or super().request(service, method, path, headers, body, timeout, stream)

    def body_of(self, method: str, path: str):
        return next(body for m, p, body in reversed(self.sent) if m == method and p.startswith("/api/v1" + path))


@pytest.fixture
def fake(monkeypatch) -> RecordingServices:
    fake = RecordingServices()
    monkeypatch.setattr(pass_through, "client", fake)
    return fake


def page(items: list) -> dict:
    return {"items": items, "page": 1, "per_page": 500, "total": len(items)}


def session(session_id: int = 7, starts_at: datetime | None = None, **changes) -> dict:
    starts_at = starts_at or NOW + timedelta(days=2)
    return {"id": session_id, "course_code": "WELD", "trainer": "tr", "location": "Hall 1",
            "starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=3)).isoformat(),
            "capacity": 3, "enrolled": 3, "free_seats": 0, "waitlisted": 1, "attendance_recorded": 0,
            "credited_hours": "3.00", "status": "scheduled", "cancelled_at": None, "cancellation_reason": None,
            "cancelled_by": None, **changes}


COURSE = {"code": "WELD", "title": "焊接安全", "occupation": "welder", "hours": "3.00", "kind": "safety",
          "pass_score": "60.00", "credential_type": None}


@pytest.mark.parametrize(("roles", "path"), [
    (("worker",), "/training"), (("worker",), "/courses"), (("worker",), "/courses/new"), (("worker",), "/sessions/new"),
    (("worker",), "/sessions/7/attendance"), (("worker",), "/plans"), (("worker",), "/programs"),
    (("worker",), "/mentorships"), (("worker",), "/recertifications"), (("hr",), "/courses"), (("hr",), "/me"),
    (("hr",), "/me/training"), (("trainer",), "/me"), (("organizer",), "/sessions"),
])
def test_training_pages_refuse_roles_they_are_not_for(client, fake, roles, path):
    sign_in_as(client, *roles, employee_no="E1" if "worker" in roles else None)
    response = client.get(path)
    assert response.status_code == 403 and "text/html" in response.content_type


def test_trainers_land_on_their_week_and_workers_on_their_own_page(client, fake):
    sign_in_as(client, "trainer")
    assert client.get("/").headers["Location"] == "/training"
    sign_in_as(client, "worker", employee_no="E1")
    assert client.get("/").headers["Location"] == "/me"


def test_the_menu_shows_a_worker_their_pages_and_no_trainer_pages(client, fake):
    fake.answer("training", "/workers/E1/enrollments", 200, page([]))
    fake.answer("training", "/courses", 200, page([]))
    fake.answer("training", "/workers/E1/training", 200, {
        "employee_no": "E1", "year": NOW.year, "hours": "0.00", "completed_courses": [], "programmes": [],
        "certifications": [], "plan": None})
    fake.answer("training", "/certification-programs", 200, page([]))
    sign_in_as(client, "worker", employee_no="E1")
    html = client.get("/me/training", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for entry in ('href="/me"', 'href="/me/training"', 'href="/me/certificates"', 'href="/sessions"'):
        assert entry in html
    for entry in ('href="/training"', 'href="/courses"', 'href="/plans"', 'href="/recertifications"'):
        assert entry not in html


def test_an_overlap_is_refused_in_words_beside_its_field_and_the_form_keeps_what_was_typed(client, fake):
    fake.answer("training", "/courses", 200, page([COURSE]))
    fake.answer_to("POST", "training", "/sessions", 409, {
        "type": "about:blank", "title": "Conflict", "status": 409, "reason": "location_busy",
        "detail": "Hall 1 already holds an overlapping session.", "session_id": 3})
    sign_in_as(client, "trainer", username="tr")
    form = client.get("/sessions/new").get_data(as_text=True)
    answer = client.post("/sessions/new", data={
        "csrf_token": csrf_of(form), "idempotency_key": "k1", "course_code": "WELD", "location": "Hall 1",
        "starts_at": "2026-03-02T09:00", "ends_at": "2026-03-02T12:00", "capacity": "3", "trainer": ""})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert html.count("该地点在这个时段已被其他培训班占用。") == 2, "on top and beside the location field"
    assert 'id="location-error"' in html and 'value="Hall 1"' in html and 'value="2026-03-02T09:00"' in html
    sent = fake.body_of("POST", "/sessions")
    assert sent == {"course_code": "WELD", "location": "Hall 1", "capacity": 3,
                    "starts_at": "2026-03-02T09:00:00+08:00", "ends_at": "2026-03-02T12:00:00+08:00"}, \
        "typed times are the site's local time; an empty trainer means the signed-in one"


def test_the_attendance_sheet_prefills_hours_and_sends_absent_workers_without_hours(client, fake):
    started = session(starts_at=NOW - timedelta(minutes=5))
    fake.answer("training", "/sessions/7", 200, started)
    fake.answer("training", "/courses/WELD", 200, COURSE)
    fake.answer("training", "/sessions/7/enrollments", 200, page([
        {"session_id": 7, "employee_no": "E1", "status": "enrolled", "name": "王一"},
        {"session_id": 7, "employee_no": "E2", "status": "enrolled", "name": "李二"},
        {"session_id": 7, "employee_no": "E4", "status": "waitlisted", "position": 1, "name": "赵四"}]))
    fake.answer_to("GET", "training", "/sessions/7/attendance", 200, {"session_id": 7, "records": []})
    fake.answer_to("POST", "training", "/sessions/7/attendance", 422, {
        "type": "about:blank", "title": "Invalid input", "status": 422, "reason": "invalid",
        "errors": {"records.0.score": ["must be in [0, 100]"]},
        "codes": {"records.0.score": [{"code": "out_of_range", "min": "0", "max": "100"}]}})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7/attendance").get_data(as_text=True)
    assert 'name="records-0-employee_no" value="E1"' in html and 'name="records-1-employee_no" value="E2"' in html
    assert "E4" not in html, "the waitlist is not on the sheet"
    assert 'id="records-0-hours" name="records-0-hours" type="text" value="3.00"' in html
    assert 'name="records-0-present" value="true" checked' in html and 'id="records-1-score"' in html

    answer = client.post("/sessions/7/attendance", data={
        "csrf_token": csrf_of(html), "records-0-employee_no": "E1", "records-0-present": "true",
        "records-0-hours": "3.00", "records-0-score": "130", "records-1-employee_no": "E2",
        "records-1-present": "false", "records-1-hours": "3.00", "records-1-score": ""})
    assert fake.body_of("POST", "/sessions/7/attendance") == {"records": [
        {"employee_no": "E1", "present": True, "hours": "3.00", "score": "130"},
        {"employee_no": "E2", "present": False}]}
    refused = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="records-0-score-error"' in refused
    assert "请输入 0 至 100 之间的数值。" in refused and 'value="130"' in refused
    assert 'name="records-1-present" value="false" checked' in refused, "the sheet keeps what was marked"


def test_a_worker_enrols_themself_by_their_own_number(client, fake):
    fake.answer("training", "/sessions/7", 200, session())
    fake.answer("training", "/courses/WELD", 200, COURSE)
    fake.answer_to("POST", "training", "/sessions/7/enrollments", 201,
                   {"session_id": 7, "employee_no": "E1", "status": "enrolled"})
    sign_in_as(client, "worker", employee_no="E1")
    html = client.get("/sessions/7").get_data(as_text=True)
    answer = client.post("/sessions/7/enrollments", data={"csrf_token": csrf_of(html), "employee_no": "E2"})
    assert answer.status_code == 303
    assert fake.body_of("POST", "/sessions/7/enrollments") == {"employee_no": "E1"}, "never someone else's"


def test_a_trainer_cancels_one_enrolment_and_sees_who_moved_up(client, fake):
    fake.answer("training", "/sessions/7", 200, session())
    fake.answer("training", "/courses/WELD", 200, COURSE)
    fake.answer("training", "/sessions/7/enrollments", 200, page([]))
    fake.answer_to("DELETE", "training", "/sessions/7/enrollments/E2", 200, {
        "session_id": 7, "employee_no": "E2", "status": "cancelled", "promoted": "E4"})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    answer = client.post("/sessions/7/enrollments/E2/cancel", data={"csrf_token": csrf_of(html)},
                         headers={"Accept-Language": "en"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/sessions/7"
    shown = client.get("/sessions/7", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The enrolment of E2 was cancelled." in shown and "E4, first on the waitlist, took the seat." in shown


def test_cancelling_a_session_needs_a_reason(client, fake):
    fake.answer("training", "/sessions/7", 200, session())
    fake.answer("training", "/courses/WELD", 200, COURSE)
    fake.answer("training", "/sessions/7/enrollments", 200, page([]))
    fake.answer_to("POST", "training", "/sessions/7/cancel", 422, {
        "type": "about:blank", "title": "Invalid input", "status": 422,
        "errors": {"reason": ["Shorter than minimum length 1."]}})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    answer = client.post("/sessions/7/cancel", data={"csrf_token": csrf_of(html), "reason": ""})
    assert answer.status_code == 422 and 'id="reason-error"' in answer.get_data(as_text=True)
    assert fake.body_of("POST", "/sessions/7/cancel") == {}


def test_the_plan_chart_shows_the_average_and_the_share_on_target(client, fake, add_team, tag):
    add_team(f"T{tag}")
    fake.answer("training", "/plans/5/progress", 200, {
        "id": 5, "team_code": f"T{tag}", "year": 2026, "target_hours_per_person": "80.00",
        "items": [{"course_code": "WELD", "month": 3}], "workers": 3, "hours_per_person": "46.67",
        "workers_on_target": 1, "share_on_target": "33.33", "planned": 1, "held": 1, "share_held": "100.00",
        "members": [{"employee_no": "E1", "name": "王一", "hours": "10.00", "on_target": False},
                    {"employee_no": "E2", "name": "李二", "hours": "40.00", "on_target": False},
                    {"employee_no": "E3", "name": "张三", "hours": "90.00", "on_target": True}]})
    fake.answer("training", "/courses", 200, page([COURSE]))
    sign_in_as(client, "hr")
    html = client.get("/plans/5").get_data(as_text=True)
    assert "人均 46.67 h" in html and "目标 80.00 h" in html
    assert "人均 46.67 学时，1 / 3 人达标（33.33 %）。" in html
    assert html.count('class="bar on-target"') == 1 and html.count('class="bar below-target"') == 2
    assert "3月" in html and "焊接安全" in html and f"Team T{tag} 2026 年培训计划" in html


def test_the_week_names_the_certificates_waiting_for_a_refresher_in_the_page_language(client, fake):
    fake.answer("training", "/courses", 200, page([COURSE]))
    fake.answer("training", "/sessions", 200, page([]))
    fake.answer("training", "/recertifications", 200, page([
        {"credential_id": "c1", "employee_no": "E9", "type_code": "special_equipment", "expires_on": "2026-12-20",
         "status": "unplanned", "session_id": None}]))
    fake.answer("credentials", "/credential-types", 200, page([
        {"code": "special_equipment", "name_zh": "特种设备作业人员证", "name_en": "Special equipment operator"}]))
    sign_in_as(client, "trainer")

    html = client.get("/training", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "E9 · Special equipment operator · " in html
