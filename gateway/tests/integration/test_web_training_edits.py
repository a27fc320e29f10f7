"""Training edit forms (web.md 1.2 "Master data pages"): a session's time, place and seats on
/sessions/{id} before it starts, and a plan's courses by month on /plans/{id} during its year; what
they send to the API and the refusals in words beside their fields, with the services stood in for."""
from __future__ import annotations

from datetime import timedelta

import pytest

from banzu_gateway.entrypoints import pass_through
from test_web_training import COURSE, NOW, RecordingServices, page, session
from web_support import csrf_of, sign_in_as

REFUSED = {"type": "about:blank", "title": "Conflict", "status": 409}


@pytest.fixture
def fake(monkeypatch) -> RecordingServices:
    """The services stood in for, answering by method and keeping what each call sent."""
    services = RecordingServices()
    monkeypatch.setattr(pass_through, "client", services)
    return services


def a_session(fake, **changes):
    fake.answer("training", "/sessions/7", 200, session(**changes))
    fake.answer("training", "/courses/WELD", 200, COURSE)
    fake.answer("training", "/sessions/7/enrollments", 200, page([]))


def test_a_trainer_sees_the_change_form_filled_with_the_session_until_it_starts(client, fake):
    a_session(fake)
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    assert 'action="/sessions/7/edit"' in html and "修改时间、地点或名额" in html
    assert 'id="location" name="location" type="text" value="Hall 1"' in html
    assert 'id="capacity" name="capacity" type="number" value="3"' in html
    assert '<label for="starts_at">' in html and 'type="datetime-local"' in html

    a_session(fake, starts_at=NOW - timedelta(minutes=5))
    assert 'action="/sessions/7/edit"' not in client.get("/sessions/7").get_data(as_text=True)
    a_session(fake, status="cancelled")
    assert 'action="/sessions/7/edit"' not in client.get("/sessions/7").get_data(as_text=True)


def test_only_what_changed_is_sent_and_the_page_says_who_took_a_seat(client, fake):
    a_session(fake)
    fake.answer("training", "/sessions/7/enrollments", 200, page([
        {"session_id": 7, "employee_no": "E4", "status": "enrolled", "name": "Zhao Si"},
        {"session_id": 7, "employee_no": "E5", "status": "enrolled", "name": None}]))
    fake.answer_to("PATCH", "training", "/sessions/7", 200, session(capacity=5, enrolled=5, waitlisted=0)
                   | {"enrolled_from_waitlist": ["E4", "E5"]})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    starts = 'name="starts_at" type="datetime-local" value="'
    typed_start = html.split(starts, 1)[1].split('"', 1)[0]
    typed_end = html.split('name="ends_at" type="datetime-local" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), "starts_at": typed_start,
                                                    "ends_at": typed_end, "location": "Hall 1", "capacity": "5"},
                         headers={"Accept-Language": "en"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/sessions/7"
    assert fake.body_of("PATCH", "/sessions/7") == {"capacity": 5}, "an unchanged time is no move"
    shown = client.get("/sessions/7", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The session was changed." in shown and "Zhao Si (E4), E5 moved from the waitlist to seats, in order." in shown


def test_a_new_place_says_how_many_were_told(client, fake):
    a_session(fake)
    fake.answer_to("PATCH", "training", "/sessions/7", 200, session(location="Hall 2")
                   | {"enrolled_from_waitlist": []})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), "location": "Hall 2", "capacity": "3",
                                          "starts_at": "2030-01-02T09:00", "ends_at": "2030-01-02T12:00"})
    assert fake.body_of("PATCH", "/sessions/7") == {"location": "Hall 2", "starts_at": "2030-01-02T09:00:00+08:00",
                                                    "ends_at": "2030-01-02T12:00:00+08:00"}
    assert "已通知 4 位已报名或候补的员工新的时间和地点。" in client.get("/sessions/7").get_data(as_text=True)


def test_nothing_changed_sends_nothing(client, fake):
    a_session(fake)
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    typed = {name: html.split(f'name="{name}" type="{kind}" value="', 1)[1].split('"', 1)[0]
             for name, kind in (("starts_at", "datetime-local"), ("ends_at", "datetime-local"),
                                ("location", "text"), ("capacity", "number"))}
    answer = client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), **typed})
    assert answer.status_code == 303 and not [m for m, _, _ in fake.sent if m == "PATCH"]
    assert "没有修改任何内容。" in client.get("/sessions/7").get_data(as_text=True)


def test_fewer_seats_than_enrolled_is_refused_in_words_beside_the_capacity(client, fake):
    a_session(fake)
    fake.answer_to("PATCH", "training", "/sessions/7", 409, REFUSED | {
        "reason": "capacity_below_enrolled", "enrolled": 3,
        "detail": "3 workers are enrolled; the capacity cannot be lower than that."})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    answer = client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), "capacity": "2"})
    refused = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert refused.count("已有 3 人报名，名额不能少于 3。") == 2, "on top and beside the capacity"
    assert 'id="capacity-error"' in refused and 'name="capacity" type="number" value="2"' in refused
    assert fake.body_of("PATCH", "/sessions/7") == {"capacity": 2}


def test_a_started_session_and_a_busy_trainer_are_said_in_words(client, fake):
    a_session(fake)
    fake.answer_to("PATCH", "training", "/sessions/7", 409, REFUSED | {
        "reason": "session_started", "detail": "The session has already started; it can no longer be changed."})
    sign_in_as(client, "trainer")
    html = client.get("/sessions/7").get_data(as_text=True)
    refused = client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), "location": "Hall 9"},
                          headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The session has started: its time, place and seats can no longer change." in refused

    fake.answer_to("PATCH", "training", "/sessions/7", 409, REFUSED | {
        "reason": "trainer_busy", "detail": "Trainer tr already runs an overlapping session.", "session_id": 3})
    refused = client.post("/sessions/7/edit", data={"csrf_token": csrf_of(html), "starts_at": "2030-01-02T09:00"})
    html = refused.get_data(as_text=True)
    assert 'id="starts_at-error"' in html and html.count("该培训师在这个时段已有其他培训班。") == 2
    assert 'value="2030-01-02T09:00"' in html, "the form keeps what was typed"


def plan_answers(fake, year: int, tag: str):
    fake.answer("training", "/plans/5/progress", 200, {
        "id": 5, "team_code": f"T{tag}", "year": year, "target_hours_per_person": "80.00",
        "items": [{"course_code": "WELD", "month": 3}, {"course_code": "SAFE", "month": 6}], "workers": 0,
        "hours_per_person": "0.00", "workers_on_target": 0, "share_on_target": "0.00", "planned": 2, "held": 0,
        "share_held": "0.00", "members": []})
    fake.answer("training", "/courses", 200, page([COURSE, COURSE | {"code": "SAFE", "title": "安全规程"}]))


def test_a_plan_of_this_year_offers_its_rows_to_change_and_hr_only_reads(client, fake, add_team, tag):
    add_team(f"T{tag}")
    plan_answers(fake, NOW.year, tag)
    sign_in_as(client, "trainer")
    html = client.get("/plans/5").get_data(as_text=True)
    assert 'action="/plans/5/edit"' in html
    assert '<option value="WELD" selected>' in html.split('id="items-0-course_code"', 1)[1].split("</select>", 1)[0]
    assert '<option value="6" selected>' in html.split('id="items-1-month"', 1)[1].split("</select>", 1)[0]
    assert 'name="items-1-remove"' in html and 'name="rows" value="add"' in html
    sign_in_as(client, "hr")
    assert 'action="/plans/5/edit"' not in client.get("/plans/5").get_data(as_text=True)
    plan_answers(fake, NOW.year - 1, tag)
    sign_in_as(client, "trainer")
    assert 'action="/plans/5/edit"' not in client.get("/plans/5").get_data(as_text=True), "a past year stays"


def test_rows_are_added_and_removed_without_script_and_saving_sends_the_whole_list(client, fake, add_team, tag):
    add_team(f"T{tag}")
    plan_answers(fake, NOW.year, tag)
    fake.answer_to("PATCH", "training", "/plans/5", 200, {"id": 5, "team_code": f"T{tag}", "year": NOW.year,
                                                          "target_hours_per_person": "80.00", "items": []})
    sign_in_as(client, "trainer")
    csrf = csrf_of(client.get("/plans/5").get_data(as_text=True))
    rows = {"csrf_token": csrf, "target_hours_per_person": "80.00", "items-0-course_code": "WELD",
            "items-0-month": "3", "items-1-course_code": "SAFE", "items-1-month": "6", "items-1-remove": "true"}
    more = client.post("/plans/5/edit", data=rows | {"rows": "add"}).get_data(as_text=True)
    assert 'id="items-1-course_code"' in more and 'name="items-2-course_code"' not in more, \
        "the ticked row went, an empty one came"
    assert not [m for m, _, _ in fake.sent if m == "PATCH"], "adding a row sends nothing"

    answer = client.post("/plans/5/edit", data=rows | {"items-2-course_code": "SAFE", "items-2-month": "11"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/plans/5"
    assert fake.body_of("PATCH", "/plans/5") == {"target_hours_per_person": "80.00", "items": [
        {"course_code": "WELD", "month": 3}, {"course_code": "SAFE", "month": 11}]}
    assert "培训计划已修改。" in client.get("/plans/5").get_data(as_text=True)


def test_an_unknown_course_is_refused_beside_its_own_row(client, fake, add_team, tag):
    add_team(f"T{tag}")
    plan_answers(fake, NOW.year, tag)
    fake.answer_to("PATCH", "training", "/plans/5", 422, {
        "type": "about:blank", "title": "Invalid input", "status": 422, "reason": "invalid",
        "errors": {"items[1].course_code": ["There is no course 'GONE'."]},
        "codes": {"items[1].course_code": [{"code": "unknown_course", "value": "GONE"}]}})
    sign_in_as(client, "trainer")
    csrf = csrf_of(client.get("/plans/5").get_data(as_text=True))
    answer = client.post("/plans/5/edit", data={
        "csrf_token": csrf, "items-0-course_code": "WELD", "items-0-month": "3", "items-1-course_code": "",
        "items-1-month": "", "items-2-course_code": "GONE", "items-2-month": "4"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="items-2-course_code-error"' in html, "the second used row is row 3"
    assert fake.body_of("PATCH", "/plans/5")["items"] == [{"course_code": "WELD", "month": 3},
                                                          {"course_code": "GONE", "month": 4}]


def test_a_past_years_plan_is_refused_in_words(client, fake, add_team, tag):
    add_team(f"T{tag}")
    plan_answers(fake, NOW.year, tag)
    fake.answer_to("PATCH", "training", "/plans/5", 409, REFUSED | {
        "reason": "plan_year_over", "year": 2025, "detail": "The plan's year 2025 is over; its plan no longer changes."})
    sign_in_as(client, "trainer")
    csrf = csrf_of(client.get("/plans/5").get_data(as_text=True))
    answer = client.post("/plans/5/edit", data={"csrf_token": csrf, "items-0-course_code": "WELD",
                                                "items-0-month": "3"}, headers={"Accept-Language": "en"})
    assert answer.status_code == 409
    assert "The year 2025 is over: its plan no longer changes." in answer.get_data(as_text=True)
