"""A contest's occupation must be in the occupation catalogue, as the service has learned it from the
directory's events (domain.md, "Occupations are master data"), on PostgreSQL and SQLite."""
from __future__ import annotations

from competition_api import SEGMENTS, TODAY, add_occupation, ok, refused, tag

UNKNOWN = "is not an occupation of the catalogue"


def contest_body(occupation: str) -> dict:
    return {"name": f"Contest {tag()}", "occupation": occupation, "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(), "segments": SEGMENTS}


def contests_total(api) -> int:
    return ok(api.organizer.get("/contests", per_page=1))["total"]


def test_a_contest_of_an_unknown_occupation_is_refused_and_nothing_is_written(any_api):
    api = any_api
    before = contests_total(api)
    problem = refused(api.organizer.post("/contests", contest_body(f"painter-{tag()}")), 422, "unknown_occupation")
    assert problem["errors"] == {"occupation": [UNKNOWN]}
    assert contests_total(api) == before
    created = ok(api.organizer.post("/contests", contest_body("welder")), 201)
    assert created["occupation"] == "welder"
    assert contests_total(api) == before + 1


def test_an_occupation_is_usable_once_its_event_has_arrived_and_keeps_its_code_when_renamed(any_api):
    api = any_api
    code = f"painter-{tag()}"
    refused(api.organizer.post("/contests", contest_body(code)), 422, "unknown_occupation")
    add_occupation(code, "油漆工", "Painter")
    contest_id = ok(api.organizer.post("/contests", contest_body(code)), 201)["id"]
    add_occupation(code, "涂装工", "Coating worker")  # HR renames it: the code stays, and so does the contest's
    assert ok(api.organizer.get(f"/contests/{contest_id}"))["occupation"] == code
    ok(api.organizer.patch(f"/contests/{contest_id}", {"name": "Renamed", "occupation": code}))


def test_changing_a_contest_s_occupation_to_an_unknown_one_is_refused(any_api):
    api = any_api
    contest_id = api.contest()
    before = ok(api.organizer.get(f"/contests/{contest_id}"))
    problem = refused(api.organizer.patch(f"/contests/{contest_id}", {"occupation": f"painter-{tag()}",
                                                                      "name": "Changed"}), 422, "unknown_occupation")
    assert problem["errors"] == {"occupation": [UNKNOWN]}
    assert ok(api.organizer.get(f"/contests/{contest_id}")) == before, "nothing of the change was kept"
    assert ok(api.organizer.patch(f"/contests/{contest_id}", {"occupation": "welder"}))["occupation"] == "welder"


def test_a_contest_that_no_longer_changes_says_so_before_looking_at_the_occupation(api):
    contest_id = api.contest()
    api.lifecycle(contest_id, "open")
    ok(api.organizer.post(f"/contests/{contest_id}/cancel", {"reason": "Rained out"}))
    refused(api.organizer.patch(f"/contests/{contest_id}", {"occupation": f"painter-{tag()}"}), 409)


def test_the_openapi_document_says_why_a_contest_is_refused(api):
    paths = api.client.get("/openapi.json").get_json()["paths"]
    for method, path in (("post", "/api/v1/contests"), ("patch", "/api/v1/contests/{contest_id}")):
        assert UNKNOWN in paths[path][method]["responses"]["422"]["description"]
