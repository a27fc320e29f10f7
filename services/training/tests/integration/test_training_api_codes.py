"""Errors name their rule (api.md 1.2): beside every message of `errors`, `codes` says the rule with its
values, so that clients and the pages say it in their own language."""
from __future__ import annotations

from training_support import course_body


def test_a_course_refused_for_its_range_a_missing_field_and_an_unknown_occupation_names_each_rule(
        client, auth, tag):
    trainer = auth("trainer")
    body = {k: v for k, v in course_body(f"C{tag}").items() if k != "title"}
    missing = client.post("/api/v1/courses", json=body, headers=trainer)
    assert missing.status_code == 422 and missing.json["codes"] == {"title": [{"code": "required"}]}
    refused = client.post("/api/v1/courses", json=course_body(f"C{tag}", hours=0), headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"]["hours"] == ["must be in (0, 1000]"]
    assert refused.json["codes"] == {"hours": [{"code": "out_of_range", "min": "0", "max": "1000",
                                                "min_inclusive": False}]}
    unknown = client.post("/api/v1/courses", json=course_body(f"C{tag}", occupation=f"painter{tag}"),
                          headers=trainer)
    assert unknown.json["codes"] == {"occupation": [{"code": "unknown_occupation"}]}
    assert unknown.json["errors"] == {"occupation": ["is not an occupation of the catalogue"]}


def test_a_reference_to_nothing_and_a_repeated_code_name_their_rules(client, auth, tag):
    trainer = auth("trainer")
    programme = {"code": f"P{tag}", "name": "Welder", "occupation": "welder", "grade": "intermediate",
                 "credential_type": "skill_level", "courses": [f"NO{tag}"], "min_hours": 4}
    refused = client.post("/api/v1/certification-programs", json=programme, headers=trainer)
    assert refused.json["codes"] == {"courses[0]": [{"code": "unknown_course", "value": f"NO{tag}"}]}
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    again = client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer)
    assert again.status_code == 409 and again.json["reason"] == "course_exists"
    assert again.json["codes"] == {"code": [{"code": "duplicate", "field": "code"}]}
