"""An occupation's requirements are set only for an occupation of the occupation catalogue, as the
service has learned it from the directory's events (domain.md, "Occupations are master data"): an
unknown one in the path is 422 on `occupation`, and nothing is written."""
from __future__ import annotations

API = "/api/v1"
UNKNOWN = "is not an occupation of the catalogue"


def requirements(client, token, occupation: str) -> list[str]:
    return client.get(f"{API}/occupation-requirements/{occupation}", headers=token("hr")).get_json()["type_codes"]


def trail(client, token, occupation: str) -> list[dict]:
    return client.get(f"{API}/audit", query_string={"kind": "occupation_requirement", "id": occupation},
                      headers=token("admin")).get_json()["items"]


def test_requirements_of_an_unknown_occupation_are_refused_until_its_event_arrives(client, token, add_occupation,
                                                                                    tag):
    admin, painter = token("admin"), f"painter_{tag.lower()}"
    refused = client.put(f"{API}/occupation-requirements/{painter}", headers=admin,
                         json={"type_codes": ["special_operation"]})
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert (refused.get_json()["errors"], refused.get_json()["reason"]) == ({"occupation": [UNKNOWN]},
                                                                            "unknown_occupation")
    assert requirements(client, token, painter) == [] and trail(client, token, painter) == [], "nothing written"

    add_occupation(painter, "油漆工", "Painter")
    taken = client.put(f"{API}/occupation-requirements/{painter}", headers=admin,
                       json={"type_codes": ["special_operation"]})
    assert taken.status_code == 200 and taken.get_json() == {"occupation": painter, "type_codes": ["special_operation"]}
    assert [entry["action"] for entry in trail(client, token, painter)] == ["set"]


def test_an_unknown_occupation_is_named_with_unknown_credential_types(client, token, tag):
    refused = client.put(f"{API}/occupation-requirements/painter_{tag.lower()}", headers=token("admin"),
                         json={"type_codes": ["zzz"]})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"type_codes": ["'zzz' is not a known credential type"],
                                            "occupation": [UNKNOWN]}


def test_the_openapi_document_says_why_a_put_is_refused(client):
    put = client.get("/openapi.json").get_json()["paths"][f"{API}/occupation-requirements/{{occupation}}"]["put"]
    assert UNKNOWN in put["responses"]["422"]["description"]
