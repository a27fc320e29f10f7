"""`GET /workers?q=` (api.md 1.2, "Directory and master data"): workers found by any part of the name,
the beginning of the employee number or the whole team code, ignoring case, with the other filters
and pages; organizers, who pick contestants and judges' conflicts, read who a worker is and no more."""
from __future__ import annotations

import pytest

from banzu_common.text_rules import NO_NUL_PATTERN

from gateway_support import problem_of

CARD = {"employee_no", "name", "team_code", "occupation", "grade", "status", "left_on"}


@pytest.fixture
def crew(client, token, tag):
    """Teams A<tag> and A<tag>X; workers E<tag>01-04, whose numbers do not begin with a team code."""
    hr = token("hr")
    for code in (f"A{tag}", f"A{tag}X"):
        assert client.post("/api/v1/teams", headers=hr, json={"code": code, "name": "Crew", "company": "Acme"}
                           ).status_code == 201
    for number, name, team, occupation, grade in (
            (f"E{tag}01", "王小明", f"A{tag}", "electrician", "senior"),
            (f"E{tag}02", "李强", f"A{tag}", "fitter", "junior"),
            (f"E{tag}03", "王_芳", f"A{tag}X", "fitter", "junior"),
            (f"E{tag}04", "Zhang Wei", f"A{tag}X", "electrician", "junior")):
        assert client.post("/api/v1/workers", headers=hr, json={
            "employee_no": number, "name": name, "team_code": team, "occupation": occupation, "grade": grade,
        }).status_code == 201
    return lambda n: f"E{tag}0{n}"


def search(client, headers, **query):
    answer = client.get("/api/v1/workers", headers=headers, query_string={"per_page": 500, **query})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_q_finds_by_name_number_prefix_or_team_code(client, token, tag, crew):
    hr = token("hr")

    def found(**query) -> list[str]:  # of this test's workers (other tests' share the database)
        numbers = [w["employee_no"] for w in search(client, hr, **query)["items"]]
        return [number for number in numbers if number.startswith(f"E{tag}")]

    assert found(q="王") == [crew(1), crew(3)], "any part of a Chinese name"
    assert found(q="小明") == [crew(1)]
    assert found(q="zhang") == found(q="WEI") == [crew(4)], "ignoring case"
    assert found(q=f"e{tag}0") == [crew(1), crew(2), crew(3), crew(4)], "the number's beginning, ignoring case"
    assert found(q=f"{tag}01") == [], "a number is found by its beginning only"
    assert found(q=f"a{tag}") == [crew(1), crew(2)], "the whole team code, not A<tag>X"
    assert found(q=f"A{tag}x") == [crew(3), crew(4)]
    assert found(q=f"A{tag}"[:-1]) == [], "part of a team code finds no team"
    assert found(q="_") == [crew(3)], "a LIKE wildcard is matched as itself"
    assert found(q=" 王小明 ") == [crew(1)], "spaces around the text are ignored"


def test_q_combines_with_the_filters_and_pages(client, token, tag, crew):
    hr = token("hr")
    assert [w["employee_no"] for w in search(client, hr, q="王", team=f"A{tag}")["items"]] == [crew(1)]
    assert [w["employee_no"] for w in search(client, hr, q=f"E{tag}", occupation="electrician")["items"]] == [
        crew(1), crew(4)]
    assert [w["employee_no"] for w in search(client, hr, q=f"a{tag}x", grade="junior")["items"]] == [crew(3), crew(4)]
    second = search(client, hr, q=f"E{tag}", per_page=3, page=2)
    assert second == {"items": [second["items"][0]], "page": 2, "per_page": 3, "total": 4}
    assert second["items"][0]["employee_no"] == crew(4)


@pytest.mark.parametrize("query", [{"q": ""}, {"q": "   "}, {"q": "x" * 101}, {"per_page": 501}],
                         ids=["empty", "blank", "too long", "page too large"])
def test_bad_search_input_is_refused(client, token, query):
    answer = client.get("/api/v1/workers", headers=token("hr"), query_string=query)
    assert answer.status_code == 422 and set(problem_of(answer)["errors"]) == set(query)


def test_a_nul_character_in_q_is_refused(client, token):
    answer = client.get("/api/v1/workers?q=A%00B", headers=token("organizer"))
    assert answer.status_code == 422 and problem_of(answer)["errors"] == {"q": ["must not contain NUL characters"]}


def test_organizers_search_and_read_who_a_worker_is_only(client, token, tag, crew):
    organizer = search(client, token("organizer"), q=f"a{tag}")
    assert [w["employee_no"] for w in organizer["items"]] == [crew(1), crew(2)]
    assert all(set(w) == CARD for w in organizer["items"])
    one = client.get(f"/api/v1/workers/{crew(1)}", headers=token("organizer"))
    assert one.status_code == 200 and set(one.get_json()) == CARD
    for roles in (("hr",), ("trainer",), ("admin",), ("organizer", "trainer")):
        assert search(client, token(*roles), q=f"a{tag}") == search(client, token("hr"), q=f"a{tag}"), roles


@pytest.mark.parametrize("roles", [("worker",), ("judge",)])
def test_others_may_not_search_workers(client, token, roles):
    assert client.get("/api/v1/workers", headers=token(*roles), query_string={"q": "王"}).status_code == 403


def test_q_is_documented_with_its_meaning_and_the_no_nul_pattern(app):
    operation = app.extensions["banzu"]["api"].spec.to_dict()["paths"]["/api/v1/workers"]["get"]
    [q] = [parameter for parameter in operation["parameters"] if parameter["name"] == "q"]
    assert q["in"] == "query" and q["schema"]["pattern"] == NO_NUL_PATTERN
    assert (q["schema"]["minLength"], q["schema"]["maxLength"]) == (1, 100)
    for words in ("name contains", "employee number begins", "team code is", "ignoring case"):
        assert words in q["description"], words
    assert "organizer" in operation["description"] and "only" in operation["description"]
