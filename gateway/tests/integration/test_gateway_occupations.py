"""The occupation catalogue (domain.md "Occupations are master data"): HR adds and renames occupations,
everyone reads them, each change is audited and sent to the services; every occupation a worker names,
by the API or an import (by code or either name), is one of the catalogue's. On PostgreSQL and SQLite."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from banzu_common.messaging.contracts import OccupationUpserted

from banzu_gateway.adapters.tables import audit_log, metadata, workers
from banzu_gateway.bootstrap import runtime as gateway_runtime
from gateway_support import catalogue_the_tests_occupations, problem_of
from test_gateway_worker_import import csv_file, upload

outbox = metadata.tables["outbox"]
NOT_IN_CATALOGUE = "is not an occupation of the catalogue"


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def db(request, runtime, tmp_path_factory):
    """The database the gateway runs on: the run's PostgreSQL one, or a SQLite one of this module with
    the same occupations in its catalogue (each database's tests run together)."""
    if request.param == "postgresql":
        yield runtime
        return
    url = f"sqlite:///{tmp_path_factory.mktemp('occupations') / 'gateway.db'}"
    with gateway_runtime.using_database(url) as sqlite:
        catalogue_the_tests_occupations(sqlite)
        yield sqlite


@pytest.fixture(scope="module")
def app(db):
    """An application built on the test's database (idempotency keys live in it too)."""
    from banzu_gateway.entrypoints.wsgi import build_app
    return build_app()


def code_of(tag: str) -> str:
    return f"trade_{tag.lower()}"


def events_of(db, code: str) -> list[dict]:
    with db.engine.connect() as connection:
        bodies = connection.scalars(select(outbox.c.body).where(outbox.c.type == OccupationUpserted.TYPE)
                                    .order_by(outbox.c.position)).all()
    return [data for data in (json.loads(body)["data"] for body in bodies) if data["code"] == code]


def trail_of(db, code: str) -> list[tuple]:
    with db.engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.before, audit_log.c.after)
                                  .where(audit_log.c.kind == "occupation", audit_log.c.thing_id == code)
                                  .order_by(audit_log.c.id)).all()
    return [(row.action, _json(row.before), _json(row.after)) for row in rows]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def test_hr_adds_an_occupation_everyone_reads_it_and_the_services_hear_of_it(client, token, db, tag):
    code = code_of(tag)
    added = client.post("/api/v1/occupations", headers=token("hr"),
                        json={"code": code, "name": {"zh": " 钳工 ", "en": "Fitter"}})
    assert added.status_code == 201
    assert added.get_json() == {"code": code, "name": {"zh": "钳工", "en": "Fitter"}}, "names are kept trimmed"
    for role in ("worker", "judge", "organizer", "trainer"):
        listed = client.get("/api/v1/occupations", headers=token(role, employee_no="E1"))
        assert listed.status_code == 200
        assert {"code": code, "name": {"zh": "钳工", "en": "Fitter"}} in listed.get_json()["items"]
    codes = [item["code"] for item in client.get("/api/v1/occupations", headers=token("worker"),
                                                 query_string={"per_page": 2}).get_json()["items"]]
    assert codes == sorted(codes) and {"electrician", "welder", code} <= set(codes), "all of them, by code"
    assert client.get("/api/v1/occupations").status_code == 401
    assert events_of(db, code) == [{"code": code, "name_zh": "钳工", "name_en": "Fitter"}]
    assert trail_of(db, code) == [("create", None, {"name_zh": "钳工", "name_en": "Fitter"})]


def test_hr_renames_one_language_and_the_other_stays(client, token, db, tag):
    code = code_of(tag)
    client.post("/api/v1/occupations", headers=token("hr"), json={"code": code, "name": {"zh": "车工", "en": "Lathe"}})
    renamed = client.patch(f"/api/v1/occupations/{code}", headers=token("admin"), json={"name": {"en": "Turner"}})
    assert renamed.status_code == 200 and renamed.get_json() == {"code": code, "name": {"zh": "车工", "en": "Turner"}}
    assert events_of(db, code)[-1] == {"code": code, "name_zh": "车工", "name_en": "Turner"}
    assert trail_of(db, code)[-1] == ("change", {"name_en": "Lathe"}, {"name_en": "Turner"}), "what changed"
    missing = client.patch(f"/api/v1/occupations/nothing_{tag.lower()}", headers=token("hr"),
                           json={"name": {"zh": "无"}})
    assert missing.status_code == 404 and problem_of(missing)["status"] == 404
    for body in ({"name": {}}, {"name": {"zh": "  "}}, {}):
        refused = client.patch(f"/api/v1/occupations/{code}", headers=token("hr"), json=body)
        assert refused.status_code == 422, body
    assert len(events_of(db, code)) == 2, "a refused change sends nothing"


@pytest.mark.parametrize("body, field", [
    ({"code": "Welder", "name": {"zh": "焊工", "en": "Welder"}}, "code"),
    ({"code": "has space", "name": {"zh": "焊工", "en": "Welder"}}, "code"),
    ({"code": "x" * 101, "name": {"zh": "焊工", "en": "Welder"}}, "code"),
    ({"code": "", "name": {"zh": "焊工", "en": "Welder"}}, "code"),
    ({"code": "ok_code", "name": {"zh": " ", "en": "Welder"}}, "name.zh"),
    ({"code": "ok_code", "name": {"zh": "焊工"}}, "name.en"),
    ({"code": "ok_code", "name": {"zh": "焊工", "en": "W" * 201}}, "name.en"),
    ({"code": "ok_code"}, "name"),
])
def test_a_code_is_lowercase_letters_digits_and_underscores_and_both_names_are_given(client, token, body, field):
    refused = client.post("/api/v1/occupations", headers=token("hr"), json=body)
    assert refused.status_code == 422 and field in problem_of(refused)["errors"]


def test_only_hr_and_admins_keep_the_catalogue(client, token, tag):
    code = code_of(tag)
    for role in ("trainer", "organizer", "worker"):
        assert client.post("/api/v1/occupations", headers=token(role),
                           json={"code": code, "name": {"zh": "仪表工", "en": "Instrument fitter"}}).status_code == 403
        assert client.patch("/api/v1/occupations/welder", headers=token(role),
                            json={"name": {"zh": "焊工"}}).status_code == 403
    assert client.post("/api/v1/occupations", headers=token("admin"),
                       json={"code": code, "name": {"zh": "仪表工", "en": "Instrument fitter"}}).status_code == 201


def test_a_code_is_added_once_and_a_retried_add_makes_one(client, token, db, tag):
    code = code_of(tag)
    hr = token("hr") | {"Idempotency-Key": f"occupation-{tag}"}
    body = {"code": code, "name": {"zh": "管工", "en": "Pipe fitter"}}
    first, retried = (client.post("/api/v1/occupations", headers=hr, json=body) for _ in range(2))
    assert (first.status_code, retried.status_code) == (201, 201) and retried.get_json() == first.get_json()
    assert len(events_of(db, code)) == 1 and len(trail_of(db, code)) == 1
    again = client.post("/api/v1/occupations", headers=token("hr"), json=body | {"name": {"zh": "x", "en": "y"}})
    assert again.status_code == 409
    assert problem_of(again)["reason"] == "occupation_exists" and code in problem_of(again)["detail"]
    assert client.get("/api/v1/occupations", headers=token("hr")).get_json()["items"].count(
        {"code": code, "name": {"zh": "管工", "en": "Pipe fitter"}}) == 1, "the first names stay"


def test_a_worker_names_an_occupation_of_the_catalogue(client, token, db, tag, add_team):
    add_team(f"O{tag}")
    hr = token("hr")
    worker = {"employee_no": f"O{tag}1", "name": "王工", "team_code": f"O{tag}", "occupation": "plumber",
              "grade": "junior"}
    refused = client.post("/api/v1/workers", headers=hr, json=worker)
    assert refused.status_code == 422
    assert problem_of(refused)["reason"] == "unknown_occupation"
    assert problem_of(refused)["errors"] == {"occupation": [NOT_IN_CATALOGUE]}
    assert client.get(f"/api/v1/workers/O{tag}1", headers=hr).status_code == 404, "nothing written"
    assert client.post("/api/v1/workers", headers=hr, json=worker | {"occupation": "welder"}).status_code == 201
    changed = client.patch(f"/api/v1/workers/O{tag}1", headers=hr, json={"occupation": "电工"})
    assert changed.status_code == 422 and problem_of(changed)["errors"] == {"occupation": [NOT_IN_CATALOGUE]}, \
        "the API takes the code; names are for files"
    assert client.patch(f"/api/v1/workers/O{tag}1", headers=hr, json={"occupation": "fitter"}).status_code == 200
    found = client.get("/api/v1/workers", headers=hr, query_string={"team": f"O{tag}", "occupation": "fitter"})
    assert [w["employee_no"] for w in found.get_json()["items"]] == [f"O{tag}1"]


def test_an_import_takes_the_code_or_either_name_and_refuses_others_per_row(client, token, db, tag, add_team):
    add_team(f"P{tag}")
    team = f"P{tag}"
    rows = [[f"P{tag}1", "按编号", team, "welder", "junior"],
            [f"P{tag}2", "按中文", team, " 电工 ", "junior"],
            [f"P{tag}3", "按英文", team, "FITTER", "junior"],
            [f"P{tag}4", "英文名", team, "electrician ", "junior"],
            [f"P{tag}5", "不在目录", team, "水管工", "junior"]]
    report = upload(client, token, csv_file(rows)).get_json()
    assert report["errors"] == [{"row": 6, "field": "occupation", "message": f"'水管工' {NOT_IN_CATALOGUE}"}]
    assert report["created"] == 0, "all or nothing"
    report = upload(client, token, csv_file(rows), partial="true").get_json()
    assert report["created"] == 4
    with db.engine.connect() as connection:
        stored = dict(connection.execute(select(workers.c.employee_no, workers.c.occupation)
                                         .where(workers.c.team_code == team)).all())
    assert stored == {f"P{tag}1": "welder", f"P{tag}2": "electrician", f"P{tag}3": "fitter",
                      f"P{tag}4": "electrician"}, "the code is stored"
    again = upload(client, token, csv_file(rows[:4])).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4), "a name reads as its code"


def test_a_name_two_occupations_share_is_refused_and_their_codes_still_work(client, token, db, tag, add_team):
    hr = token("hr")
    first, second = f"a_{tag.lower()}", f"b_{tag.lower()}"
    for code in (first, second):
        client.post("/api/v1/occupations", headers=hr, json={"code": code, "name": {"zh": f"同名{tag}", "en": code}})
    add_team(f"Q{tag}")
    report = upload(client, token, csv_file([[f"Q{tag}1", "甲", f"Q{tag}", f"同名{tag}", "junior"],
                                             [f"Q{tag}2", "乙", f"Q{tag}", second.upper(), "junior"]])).get_json()
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(2, "occupation")]
    assert "more than one occupation" in report["errors"][0]["message"]
    assert report["valid_rows"] == 1

