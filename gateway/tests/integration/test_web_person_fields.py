"""Choosing a person by name, employee number or team (web.md 1.2 "Choosing people"): without scripts a
person field answers with the matches to pick from; a unique name or an exact number goes straight to
the API as the employee number; names stand beside numbers in the lists that had only numbers."""
from __future__ import annotations

from datetime import date

import pytest

from banzu_gateway.entrypoints import pass_through
from banzu_gateway.service_layer import directory
from test_web_training import COURSE, RecordingServices, page, session
from web_support import csrf_of, sign_in_as

EN = {"Accept-Language": "en"}


@pytest.fixture
def people(runtime, tag):
    """Two workers sharing a family name in one team, and a third with a name of their own."""
    team = f"P{tag}"
    numbers = {"zhang_a": f"PA{tag}", "zhang_b": f"PB{tag}", "li": f"PC{tag}"}
    names = {"zhang_a": f"张{tag}甲", "zhang_b": f"张{tag}乙", "li": f"李{tag}"}
    with runtime.uow() as uow:
        directory.create_team(uow, {"code": team, "name": f"焊工{tag}班", "company": "Acme"})
        for key, number in numbers.items():
            directory.create_worker(uow, {"employee_no": number, "name": names[key], "team_code": team,
                                          "occupation": "welder", "grade": "junior"}, date(2026, 1, 1))
        uow.commit()
    return {"team": team, "numbers": numbers, "names": names, "tag": tag}


@pytest.fixture
def fake(monkeypatch) -> RecordingServices:
    services = RecordingServices()
    monkeypatch.setattr(pass_through, "client", services)
    services.answer("training", "/sessions/7", 200, session())
    services.answer("training", "/courses/WELD", 200, COURSE)
    services.answer("training", "/sessions/7/enrollments", 200, page([]))
    return services


def enrol(client, typed: dict) -> tuple[int, str]:
    html = client.get("/sessions/7").get_data(as_text=True)
    answer = client.post("/sessions/7/enrollments", data={"csrf_token": csrf_of(html), **typed}, headers=EN)
    return answer.status_code, answer.get_data(as_text=True)


def test_a_unique_name_enrols_that_worker_by_number(client, fake, people):
    fake.answer_to("POST", "training", "/sessions/7/enrollments", 201,
                   {"employee_no": people["numbers"]["li"], "status": "enrolled", "position": None})
    sign_in_as(client, "trainer")
    status, _ = enrol(client, {"employee_no": f"  {people['names']['li']} "})
    assert status == 303
    assert fake.body_of("POST", "/sessions/7/enrollments") == {"employee_no": people["numbers"]["li"]}


def test_a_shared_name_offers_the_matches_and_the_pick_is_enrolled(client, fake, people):
    fake.answer_to("POST", "training", "/sessions/7/enrollments", 201,
                   {"employee_no": people["numbers"]["zhang_b"], "status": "enrolled", "position": None})
    sign_in_as(client, "trainer")
    typed = f"张{people['tag']}"
    status, html = enrol(client, {"employee_no": typed})
    assert status == 422 and not [s for s in fake.sent if s[0] == "POST"], "nothing is sent until one is chosen"
    assert f"2 workers match “{typed}”: choose one below." in html
    for key in ("zhang_a", "zhang_b"):
        assert f'name="employee_no_pick" value="{people["numbers"][key]}"' in html
        assert people["names"][key] in html
    assert people["numbers"]["li"] not in html

    status, _ = enrol(client, {"employee_no": typed, "employee_no_pick": people["numbers"]["zhang_b"]})
    assert status == 303
    assert fake.body_of("POST", "/sessions/7/enrollments") == {"employee_no": people["numbers"]["zhang_b"]}


def test_nobody_matching_is_said_beside_the_field_in_the_page_language(client, fake, people):
    sign_in_as(client, "trainer")
    html = client.post("/sessions/7/enrollments",
                       data={"csrf_token": csrf_of(client.get("/sessions/7").get_data(as_text=True)),
                             "employee_no": "张三丰"}).get_data(as_text=True)
    assert "没有姓名、工号或班组与“张三丰”相符的员工。" in html
    assert not [s for s in fake.sent if s[0] == "POST"]


def test_an_exact_number_goes_through_even_when_it_begins_other_numbers(client, fake, people, runtime):
    number = people["numbers"]["li"]
    with runtime.uow() as uow:  # a number that begins with the other's: the exact one is meant
        directory.create_worker(uow, {"employee_no": number + "9", "name": "另一个人", "team_code": people["team"],
                                      "occupation": "welder", "grade": "junior"}, date(2026, 1, 1))
        uow.commit()
    fake.answer_to("POST", "training", "/sessions/7/enrollments", 201,
                   {"employee_no": number, "status": "enrolled", "position": None})
    sign_in_as(client, "trainer")
    status, _ = enrol(client, {"employee_no": number})
    assert status == 303 and fake.body_of("POST", "/sessions/7/enrollments") == {"employee_no": number}


def test_a_mentorship_takes_mentor_and_apprentice_by_name(client, fake, people):
    fake.answer_to("POST", "training", "/mentorships", 201, {"id": 3})
    sign_in_as(client, "trainer")
    html = client.get("/mentorships/new").get_data(as_text=True)
    answer = client.post("/mentorships/new", data={
        "csrf_token": csrf_of(html), "idempotency_key": "k-" + people["tag"], "mentor": people["names"]["li"],
        "apprentice": people["numbers"]["zhang_a"], "occupation": "welder", "goal_grade": "intermediate",
        "starts_on": "2026-12-01", "ends_on": "2027-06-01"})
    assert answer.status_code == 303
    sent = fake.body_of("POST", "/mentorships")
    assert (sent["mentor"], sent["apprentice"]) == (people["numbers"]["li"], people["numbers"]["zhang_a"])


def test_the_certificate_list_filters_by_a_holders_name(client, fake, people):
    fake.answer("credentials", "/credential-types", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    fake.answer("credentials", "/credentials", 200, page([]))
    sign_in_as(client, "hr")
    response = client.get(f"/credentials?employee_no={people['names']['li']}")
    assert response.status_code == 200
    assert any(p.startswith("/api/v1/credentials?") and f"employee_no={people['numbers']['li']}" in p
               for _, p, _ in fake.sent)
    ambiguous = client.get(f"/credentials?employee_no=张{people['tag']}", headers=EN)
    assert ambiguous.status_code == 400 and 'name="employee_no_pick"' in ambiguous.get_data(as_text=True)


def test_recertification_cases_and_the_ledger_name_the_worker(client, fake, people):
    number = people["numbers"]["li"]
    fake.answer("credentials", "/credential-types", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    fake.answer("training", "/recertifications", 200, page([
        {"employee_no": number, "name": people["names"]["li"], "credential_id": "c1", "type_code": "weld_cert",
         "expires_on": "2027-01-31", "status": "unplanned"}]))
    fake.answer("training", "/courses", 200, page([]))
    sign_in_as(client, "hr")
    html = client.get("/recertifications").get_data(as_text=True)
    card = html.split('data-credential="c1"')[1].split("</h2>")[0]
    assert people["names"]["li"] in card and number in card


@pytest.mark.parametrize(("roles", "listing"), [(("trainer",), "/mentorships"), (("hr",), "/recertifications")])
def test_mentorships_and_recertification_cases_filter_by_a_workers_name(client, fake, people, roles, listing):
    fake.answer("credentials", "/credential-types", 200, {"items": [], "page": 1, "per_page": 500, "total": 0})
    fake.answer("training", listing, 200, page([]))
    fake.answer("training", "/courses", 200, page([]))
    sign_in_as(client, *roles)
    response = client.get(f"{listing}?employee_no={people['names']['li']}&status=")
    assert response.status_code == 200
    assert any(p.startswith(f"/api/v1{listing}?") and f"employee_no={people['numbers']['li']}" in p
               for _, p, _ in fake.sent)
    fake.sent.clear()
    ambiguous = client.get(f"{listing}?employee_no=张{people['tag']}", headers=EN)
    assert ambiguous.status_code == 400 and 'name="employee_no_pick"' in ambiguous.get_data(as_text=True)
    assert not any(p.startswith(f"/api/v1{listing}?") for _, p, _ in fake.sent), "not read until one is chosen"
