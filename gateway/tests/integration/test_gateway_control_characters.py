"""R15 in the gateway: team, worker and occupation names, codes and a leaver's reason are one line: a
tab, CR, LF, NUL or other control character is refused with 422 naming the field, through the API and
in an imported file alike."""
from __future__ import annotations

import io

from openpyxl import Workbook

from banzu_common.text_rules import ONE_LINE_MESSAGE

from gateway_support import problem_of


def refused_on(answer) -> dict:
    assert answer.status_code == 422, answer.get_json()
    return problem_of(answer)["errors"]


def test_teams_and_workers_are_named_on_one_line(client, token, tag):
    hr = token("hr")
    team = {"code": f"K{tag}", "name": "Line\n2", "company": "Acme\tPower", "workshop": "Hall\x00"}
    assert refused_on(client.post("/api/v1/teams", json=team, headers=hr)) == {
        "name": [ONE_LINE_MESSAGE], "company": [ONE_LINE_MESSAGE], "workshop": [ONE_LINE_MESSAGE]}
    assert "code" in refused_on(client.post("/api/v1/teams", headers=hr, json=team | {
        "code": f"K{tag}\n", "name": "Line 2", "company": "Acme", "workshop": None})), "a code ends before a line break"
    assert client.post("/api/v1/teams", headers=hr, json=team | {"name": "Line 2", "company": "Acme",
                                                                 "workshop": None}).status_code == 201
    assert refused_on(client.patch(f"/api/v1/teams/K{tag}", json={"name": "Line\r2"}, headers=hr)) == {
        "name": [ONE_LINE_MESSAGE]}
    worker = {"employee_no": f"W{tag}", "name": "王\u0085小明", "team_code": f"K{tag}", "occupation": "electrician",
              "grade": "junior"}
    assert refused_on(client.post("/api/v1/workers", json=worker, headers=hr)) == {"name": [ONE_LINE_MESSAGE]}
    assert client.post("/api/v1/workers", json=worker | {"name": "王小明"}, headers=hr).status_code == 201
    assert refused_on(client.patch(f"/api/v1/workers/W{tag}", json={"name": "王小明\n"}, headers=hr)) == {
        "name": [ONE_LINE_MESSAGE]}
    leave = {"left_on": "2026-01-05", "reason": "moved\r\naway"}
    assert refused_on(client.post(f"/api/v1/workers/W{tag}/leave", json=leave, headers=hr)) == {
        "reason": [ONE_LINE_MESSAGE]}


def test_occupation_names_are_one_line(client, token, tag):
    hr = token("hr")
    code = f"turner_{tag.lower()}"
    errors = refused_on(client.post("/api/v1/occupations", headers=hr, json={
        "code": code, "name": {"zh": "车\t工", "en": "Turner\n"}}))
    assert errors == {"name.zh": [ONE_LINE_MESSAGE], "name.en": [ONE_LINE_MESSAGE]}
    assert client.post("/api/v1/occupations", headers=hr, json={"code": code, "name": {"zh": "车工", "en": "Turner"}}
                       ).status_code == 201
    assert refused_on(client.patch(f"/api/v1/occupations/{code}", headers=hr, json={"name": {"en": "Lathe\x00"}})
                      ) == {"name.en": [ONE_LINE_MESSAGE]}
    assert "code" in refused_on(client.post("/api/v1/occupations", headers=hr, json={
        "code": f"lathe_{tag.lower()}\n", "name": {"zh": "车工", "en": "Lathe"}}))


def test_an_imported_name_with_a_line_break_is_refused(client, token, tag, add_team):
    add_team(f"X{tag}")
    book = Workbook()
    for row in (["employee_no", "name", "team_code", "occupation", "grade"],
                [f"N{tag}1", "王\n小明", f"X{tag}", "electrician", "junior"],
                [f"N{tag}2", "李四", f"X{tag}", "electrician", "junior"]):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    answer = client.post("/api/v1/workers/import", query_string={"dry_run": "true"}, headers=token("hr"),
                         data={"file": (data, "workers.xlsx")}, content_type="multipart/form-data")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["errors"] == [{"row": 2, "field": "name", "message": ONE_LINE_MESSAGE}]


def test_an_account_is_named_on_one_line(client, token, tag):
    admin = token("admin")
    body = {"username": f"ac{tag}\n".lower(), "password": "Account-pass-1", "roles": ["hr"]}
    assert "username" in refused_on(client.post("/api/v1/users", json=body, headers=admin)), "ends before a line break"
    body |= {"username": f"ac{tag}".lower(), "roles": ["worker"], "employee_no": f"E{tag}\t"}
    assert refused_on(client.post("/api/v1/users", json=body, headers=admin)) == {"employee_no": [ONE_LINE_MESSAGE]}
