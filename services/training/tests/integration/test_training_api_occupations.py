"""Every occupation a course, a certification programme or a mentorship names must be in the occupation
catalogue, as training has learned it from the directory's events (domain.md, "Occupations are master
data"): anything else is refused on `occupation` and nothing is written."""
from __future__ import annotations

from training_support import course_body

UNKNOWN = "is not an occupation of the catalogue"


def audit_entries(client, auth, kind: str, id_: str) -> list[dict]:
    return client.get("/api/v1/audit", query_string={"kind": kind, "id": id_}, headers=auth("admin")).json["items"]


def test_a_course_of_an_unknown_occupation_is_refused_and_one_learned_from_its_event_is_taken(
        client, auth, directory, tag):
    trainer = auth("trainer")
    painter = f"painter{tag}"
    refused = client.post("/api/v1/courses", json=course_body(f"C{tag}", occupation=painter), headers=trainer)
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert (refused.json["errors"], refused.json["reason"]) == ({"occupation": [UNKNOWN]}, "unknown_occupation")
    assert client.get(f"/api/v1/courses/C{tag}", headers=trainer).status_code == 404
    assert audit_entries(client, auth, "course", f"C{tag}") == [], "nothing written"

    directory.occupation(painter, "油漆工", "Painter")
    taken = client.post("/api/v1/courses", json=course_body(f"C{tag}", occupation=painter), headers=trainer)
    assert taken.status_code == 201 and taken.json["occupation"] == painter, taken.json
    assert [e["action"] for e in audit_entries(client, auth, "course", f"C{tag}")] == ["create"]


def test_a_course_s_occupation_changes_only_to_one_of_the_catalogue(client, auth, tag):
    trainer = auth("trainer")
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    refused = client.patch(f"/api/v1/courses/C{tag}", json={"occupation": f"painter{tag}", "title": "Changed"},
                           headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"occupation": [UNKNOWN]}
    kept = client.get(f"/api/v1/courses/C{tag}", headers=trainer).json
    assert (kept["occupation"], kept["title"]) == ("welder", f"Course C{tag}")
    changed = client.patch(f"/api/v1/courses/C{tag}", json={"occupation": "electrician"}, headers=trainer)
    assert changed.status_code == 200 and changed.json["occupation"] == "electrician"
    assert client.patch(f"/api/v1/courses/C{tag}", json={"title": "Renamed"}, headers=trainer).status_code == 200


def test_a_programme_names_an_occupation_of_the_catalogue_and_hears_of_its_unknown_courses_too(
        client, auth, tag):
    trainer = auth("trainer")
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    programme = {"code": f"P{tag}", "name": "Welder", "occupation": f"painter{tag}", "grade": "intermediate",
                 "credential_type": "skill_level", "courses": [f"C{tag}", f"NO{tag}"], "min_hours": 4}
    refused = client.post("/api/v1/certification-programs", json=programme, headers=trainer)
    assert refused.status_code == 422
    assert refused.json["errors"] == {"courses[1]": [f"There is no course 'NO{tag}'."], "occupation": [UNKNOWN]}
    refused = client.post("/api/v1/certification-programs", json={**programme, "courses": [f"C{tag}"]},
                          headers=trainer)
    assert (refused.status_code, refused.json["reason"]) == (422, "unknown_occupation")
    assert client.get(f"/api/v1/certification-programs/P{tag}", headers=trainer).status_code == 404
    taken = client.post("/api/v1/certification-programs", json={**programme, "courses": [f"C{tag}"],
                                                                "occupation": "welder"}, headers=trainer)
    assert taken.status_code == 201, taken.json


def test_a_mentorship_names_an_occupation_of_the_catalogue(client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    mentor = directory.worker(f"M{tag}", team, grade="technician")
    apprentice = directory.worker(f"A{tag}", team)
    body = {"mentor": mentor, "apprentice": apprentice, "occupation": f"painter{tag}", "goal_grade": "intermediate",
            "starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    refused = client.post("/api/v1/mentorships", json=body, headers=trainer)
    assert (refused.status_code, refused.json["errors"]) == (422, {"occupation": [UNKNOWN]})
    listed = client.get("/api/v1/mentorships", query_string={"employee_no": mentor}, headers=trainer).json
    assert listed["total"] == 0, "nothing written"
    refused = client.post("/api/v1/mentorships", json={**body, "apprentice": f"X{tag}"}, headers=trainer)
    assert refused.json["errors"] == {"apprentice": [f"There is no worker 'X{tag}'."], "occupation": [UNKNOWN]}
    taken = client.post("/api/v1/mentorships", json={**body, "occupation": "welder"}, headers=trainer)
    assert taken.status_code == 201, taken.json


def test_the_openapi_document_says_why_an_occupation_is_refused(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    for method, path in (("post", "/api/v1/courses"), ("patch", "/api/v1/courses/{code}"),
                         ("post", "/api/v1/certification-programs"), ("post", "/api/v1/mentorships")):
        assert UNKNOWN in paths[path][method]["responses"]["422"]["description"], (method, path)
