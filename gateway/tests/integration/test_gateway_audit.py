"""The gateway's audit trail: directory and account changes attributed with what changed, nothing
for a refused change, and events applied to the team scores as the system's on behalf of their cause
(a batch of them too); `/audit` merges its own trail (directory, accounts, scores, notifications) and
each service's newest first, HR reading the directory and credentials only; a service that does not
answer is named; deep pages and the CSV download read as many of a service's pages as they need."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from banzu_common.audit import Actor
from banzu_common.auth import issue_token

from banzu_gateway.adapters import gather
from gateway_support import problem_of, promotion
from web_support import TrailServices, trail_entry

API = "/api/v1"


def as_user(runtime, username: str, *roles: str) -> dict:
    return {"Authorization": f"Bearer {issue_token(runtime.settings.jwt_secret, username, roles, None, 600)}"}


def own_trail(client, runtime, **filters) -> list[dict]:
    """The gateway's own parts only (the services are not running in these tests)."""
    answer = client.get(f"{API}/audit", query_string=filters, headers=as_user(runtime, "auditor", "admin"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_directory_writes_are_entries_of_their_actor_and_refusals_leave_none(client, runtime, tag):
    hr = as_user(runtime, f"hr-{tag}", "hr")
    assert client.post(f"{API}/teams", json={"code": f"T{tag}", "name": "一班", "company": "Acme"},
                       headers=hr).status_code == 201
    worker = {"employee_no": f"E{tag}", "name": "王五", "team_code": f"T{tag}", "occupation": "electrician",
              "grade": "junior"}
    assert client.post(f"{API}/workers", json=worker, headers=hr).status_code == 201
    assert client.post(f"{API}/workers", json=worker, headers=hr).status_code == 409
    assert client.patch(f"{API}/workers/E{tag}", json={"grade": "grandmaster"}, headers=hr).status_code == 422
    assert client.patch(f"{API}/workers/E{tag}", json={"grade": "intermediate"}, headers=hr).status_code == 200
    entries = own_trail(client, runtime, part="directory", kind="worker", id=f"E{tag}")
    assert [(e["action"], e["actor"], e["roles"]) for e in entries] == [
        ("change", f"hr-{tag}", ["hr"]), ("create", f"hr-{tag}", ["hr"])]
    assert (entries[0]["before"], entries[0]["after"]) == ({"grade": "junior"}, {"grade": "intermediate"})
    [team] = own_trail(client, runtime, kind="team", id=f"T{tag}")
    assert team["after"]["name"] == "一班"


def test_a_new_password_is_in_the_trail_without_any_secret(client, runtime, tag):
    admin = as_user(runtime, f"adm-{tag}", "admin")
    assert client.post(f"{API}/users", json={"username": f"u{tag}".lower(), "password": "Passw0rd-long",
                                             "roles": ["trainer"]}, headers=admin).status_code == 201
    assert client.patch(f"{API}/users/u{tag}".lower(), json={"password": "An0ther-long-pass"},
                        headers=admin).status_code == 200
    entries = own_trail(client, runtime, part="accounts", id=f"u{tag}".lower())
    assert [e["action"] for e in entries] == ["change", "create"]
    text = str(entries)
    assert "Passw0rd-long" not in text and "An0ther-long-pass" not in text and "password_hash" not in text
    assert entries[0]["after"] == {"password_reset": True}


def test_a_promotion_applied_to_the_scores_is_the_systems_on_behalf_of_its_cause(client, runtime, deliver,
                                                                                 add_team, tag):
    add_team(f"P{tag}", (f"W{tag}", "赵六", "junior"))
    event = replace(promotion(f"W{tag}", f"P{tag}", "junior", "intermediate", "2026-05-01"),
                    actor=f"organizer-{tag}")
    assert deliver(event) == ["done"]
    [applied] = own_trail(client, runtime, part="scores", actor=f"organizer-{tag}")
    assert (applied["actor"], applied["job"], applied["event_id"], applied["action"], applied["kind"]) == (
        "system", "gateway-consumer", event.id, "apply", "promotion")
    grade = own_trail(client, runtime, kind="worker", id=f"W{tag}")[0]
    assert (grade["actor"], grade["cause"], grade["after"]) == ("system", f"organizer-{tag}", {"grade": "intermediate"})


def test_readers_of_the_merged_trail(client, runtime):
    assert client.get(f"{API}/audit", headers=as_user(runtime, "w", "worker")).status_code == 403
    assert client.get(f"{API}/audit", query_string={"part": "accounts"},
                      headers=as_user(runtime, "h", "hr")).status_code == 403
    answer = client.get(f"{API}/audit", query_string={"part": "directory"}, headers=as_user(runtime, "h", "hr"))
    assert answer.status_code == 200 and answer.get_json()["unavailable"] == []
    csv_answer = client.get(f"{API}/audit", query_string={"part": "directory", "format": "csv"},
                            headers=as_user(runtime, "h", "hr"))
    assert csv_answer.content_type.startswith("text/csv")
    assert csv_answer.get_data(as_text=True).startswith("at,part,actor,roles"), "for machines: no byte order mark"
    people = client.get(f"{API}/audit", query_string={"part": "directory", "format": "csv", "lang": "en"},
                        headers=as_user(runtime, "h", "hr")).get_data(as_text=True)
    assert people.startswith("At,Part,Actor,Roles")


@pytest.fixture
def services(monkeypatch) -> TrailServices:
    trails = TrailServices()
    monkeypatch.setattr(gather, "client", trails)
    return trails


def audit(client, headers: dict, **filters):
    return client.get(f"{API}/audit", query_string=filters, headers=headers)


def test_hr_reads_the_directory_and_credentials_and_admins_every_part(client, runtime, token, services, tag):
    hr = token("hr")
    for number in (f"P{tag}1", f"P{tag}10", f"Q{tag}"):
        if number == f"P{tag}1":
            assert client.post(f"{API}/teams", json={"code": f"T{tag}", "name": "班组", "company": "Acme"},
                               headers=hr).status_code == 201
        assert client.post(f"{API}/workers", json={"employee_no": number, "name": "张三", "team_code": f"T{tag}",
                                                   "occupation": "electrician", "grade": "junior"},
                           headers=hr).status_code == 201
    with runtime.uow() as uow:  # a delivery sent again, as the notifications part records it
        uow.audit("retry", "delivery", f"9{tag}", {"status": "failed"}, {"status": "pending"}, part="notifications",
                  actor=Actor(f"admin-{tag}", ("admin",)))
        uow.commit()
    services.fill("credentials", 2, datetime.now(timezone.utc) + timedelta(hours=1))

    mine = audit(client, hr, kind="worker", id=f"P{tag}1").get_json()
    assert [(e["part"], e["action"], e["id"], e["after"]["team_code"]) for e in mine["items"]] == [
        ("directory", "create", f"P{tag}1", f"T{tag}")]
    assert {service for service, _ in services.asked} == {"credentials"}, "HR's reading asks credentials only"
    assert services.asked[0][1] == {"kind": "worker", "id": f"P{tag}1", "per_page": "51"}, \
        "a page and one more, to know whether more follow"
    for part in ("accounts", "scores", "notifications", "competition", "training"):
        refused = audit(client, hr, part=part)
        assert refused.status_code == 403 and problem_of(refused)["status"] == 403, part
    assert audit(client, token("trainer")).status_code == 403

    admin = token("admin")
    [retried] = audit(client, admin, part="notifications", id=f"9{tag}").get_json()["items"]
    assert (retried["actor"], retried["kind"], retried["before"], retried["after"]) == (
        f"admin-{tag}", "delivery", {"status": "failed"}, {"status": "pending"})
    everything = audit(client, admin, per_page=3).get_json()
    assert [e["id"] for e in everything["items"][:2]] == ["credentials-0", "credentials-1"], "newest first"
    assert everything["unavailable"] == []


def test_an_id_prefix_finds_the_parts_of_a_thing_here_and_is_passed_on(client, token, services, tag):
    hr = token("hr")
    assert client.post(f"{API}/teams", json={"code": f"T{tag}", "name": "班组", "company": "Acme"},
                       headers=hr).status_code == 201
    for number in (f"P{tag}1", f"P{tag}10", f"P{tag}2", f"P{tag}_1"):
        assert client.post(f"{API}/workers", json={"employee_no": number, "name": "李四", "team_code": f"T{tag}",
                                                   "occupation": "electrician", "grade": "junior"},
                           headers=hr).status_code == 201
    found = audit(client, hr, part="directory", id_prefix=f"P{tag}1").get_json()["items"]
    assert sorted(e["id"] for e in found) == [f"P{tag}1", f"P{tag}10"]
    assert [e["id"] for e in audit(client, hr, id_prefix=f"P{tag}_").get_json()["items"]] == [f"P{tag}_1"]
    assert services.asked[-1][1]["id_prefix"] == f"P{tag}_"
    too_long = audit(client, hr, id_prefix="x" * 121)
    assert too_long.status_code == 422 and "id_prefix" in problem_of(too_long)["errors"]


def test_deep_pages_and_the_download_read_every_page_a_service_has(client, token, services):
    services.fill("credentials", 1_200, datetime(2030, 1, 1, tzinfo=timezone.utc))
    admin = token("admin")
    deep = audit(client, admin, part="credentials", page=24, per_page=50).get_json()
    assert deep["total"] == 1_200 and deep["next"] is None
    assert [e["id"] for e in deep["items"]] == [f"credentials-{n}" for n in range(1_150, 1_200)]
    assert ["before" in q for _, q in services.asked] == [False, True, True], \
        "each page of the service from where the one before ended"
    assert {q["per_page"] for _, q in services.asked} == {"500"}
    ten = audit(client, admin, part="credentials", page=24, per_page=10).get_json()
    assert [e["id"] for e in ten["items"]][-1] == "credentials-239"
    older = audit(client, admin, part="credentials", before=ten["next"], per_page=5).get_json()
    assert [e["id"] for e in older["items"]] == [f"credentials-{n}" for n in range(240, 245)], \
        "an offset page names where the next one starts"
    assert "page" not in older and older["total"] == 1_200

    download = audit(client, admin, part="credentials", format="csv")
    assert download.status_code == 200 and download.content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1_200 and rows[0]["id"] == "credentials-0" and rows[-1]["id"] == "credentials-1199"

    services.failing_pages.add(("credentials", 2))
    holed = audit(client, admin, part="credentials", page=24, per_page=50).get_json()
    assert holed["unavailable"] == ["credentials"] and holed["items"] == [] and holed["total"] == 0, \
        "a part missing a page is left out whole"


def test_the_download_keeps_before_and_after_as_json_and_defuses_formulas(client, token, services):
    services.fill("credentials", 1, datetime(2030, 1, 1, tzinfo=timezone.utc), action="revoke",
                  before={"revoke_reason": None}, after={"revoke_reason": "吊销"}, actor="=HYPERLINK(\"x\")",
                  roles=["hr", "admin"])
    [row] = csv.DictReader(io.StringIO(audit(client, token("admin"), part="credentials", format="csv")
                                       .get_data(as_text=True).lstrip("\ufeff")))
    assert [query for _, query in services.asked] == [{"per_page": "500"}], \
        "a short trail is one page, even for a download"
    assert json.loads(row["before"]) == {"revoke_reason": None} and json.loads(row["after"]) == {"revoke_reason": "吊销"}
    assert row["actor"] == "'=HYPERLINK(\"x\")" and row["roles"] == "hr admin" and row["cause"] == ""


def test_a_service_that_does_not_answer_is_named_and_the_rest_still_comes(client, token, services):
    services.fill("competition", 3, datetime(2030, 1, 1, tzinfo=timezone.utc))
    services.fill("training", 3, datetime(2030, 1, 2, tzinfo=timezone.utc))
    services.down.add("training")
    answer = audit(client, token("admin"), per_page=2).get_json()
    assert answer["unavailable"] == ["training"]
    assert [e["part"] for e in answer["items"]] == ["competition", "competition"]
    deep = audit(client, token("admin"), part="competition", per_page=500, page=2).get_json()
    assert deep["items"] == [] and deep["total"] == 3


def test_grades_raised_by_a_batch_of_promotions_name_the_cause_of_each(client, token, deliver, add_team, tag):
    add_team(f"G{tag}", (f"G{tag}1", "张三", "junior"), (f"G{tag}2", "李四", "junior"), (f"G{tag}3", "王五", "junior"))
    events = [replace(promotion(f"G{tag}{n}", f"G{tag}", "junior", "intermediate", "2026-11-20"), actor=cause)
              for n, cause in ((1, f"organizer-{tag}"), (2, f"organizer-{tag}"), (3, f"trainer-{tag}"))]
    assert deliver(*events) == ["done", "done", "done"]
    admin = token("admin")
    for n, cause in ((1, f"organizer-{tag}"), (2, f"organizer-{tag}"), (3, f"trainer-{tag}")):
        found = audit(client, admin, part="directory", kind="worker", id=f"G{tag}{n}").get_json()["items"]
        [raised] = [e for e in found if e["action"] == "change"]
        assert (raised["actor"], raised["job"], raised["cause"]) == ("system", "gateway-consumer", cause), n
        assert (raised["before"], raised["after"]) == ({"grade": "junior"}, {"grade": "intermediate"})
    [alone] = [e for e in audit(client, admin, part="directory", id=f"G{tag}3").get_json()["items"]
               if e["action"] == "change"]
    assert alone["event_id"] == events[2].id, "an event applied on its own is named"


def test_the_download_for_people_names_occupations_and_the_one_for_machines_keeps_codes(client, token, services,
                                                                                        tag):
    hr = token("hr")
    assert client.post(f"{API}/teams", json={"code": f"O{tag}", "name": "班组", "company": "Acme"},
                       headers=hr).status_code == 201
    assert client.post(f"{API}/workers", json={"employee_no": f"O{tag}", "name": "张三", "team_code": f"O{tag}",
                                               "occupation": "electrician", "grade": "junior"},
                       headers=hr).status_code == 201
    assert client.patch(f"{API}/workers/O{tag}", json={"occupation": "welder"}, headers=hr).status_code == 200
    services.trails["training"] = [trail_entry("training", "course", f"C{tag}", datetime.now(timezone.utc),
                                               action="create", after={"occupation": f"rigger_{tag.lower()}"})]

    def rows(**filters):
        text = audit(client, token("admin"), format="csv", **filters).get_data(as_text=True).lstrip("\ufeff")
        return [(json.loads(row[-3] or "null"), json.loads(row[-2] or "null")) for row in
                list(csv.reader(io.StringIO(text)))[1:]]

    changed, created = rows(part="directory", kind="worker", id=f"O{tag}", lang="en")
    assert changed == ({"occupation": "Electrician"}, {"occupation": "Welder"})
    assert created[1]["occupation"] == "Electrician" and created[1]["name"] == "张三"
    assert rows(part="directory", kind="worker", id=f"O{tag}", lang="zh")[0] == (
        {"occupation": "电工"}, {"occupation": "焊工"})
    assert rows(part="directory", kind="worker", id=f"O{tag}")[0] == (
        {"occupation": "electrician"}, {"occupation": "welder"}), "for machines: codes"
    assert rows(part="training", lang="zh") == [(None, {"occupation": f"rigger_{tag.lower()}"})], \
        "an occupation outside the catalogue stays its code"
