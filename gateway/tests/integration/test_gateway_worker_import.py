"""POST /workers/import: CSV and XLSX, dry run, all or nothing, partial, directory events."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from banzu_common import testing_uploads as hostile
from banzu_common.messaging.contracts import WorkerUpserted

from banzu_gateway.adapters.tables import memberships, metadata, workers
from gateway_support import problem_of

outbox = metadata.tables["outbox"]
HEADER = ["employee_no", "name", "team_code", "occupation", "grade"]


def csv_file(rows: list[list[str]], header=HEADER) -> tuple[io.BytesIO, str]:
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return io.BytesIO(("\ufeff" + text).encode()), "workers.csv"


def xlsx_file(rows: list[list[str]]) -> tuple[io.BytesIO, str]:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data, "workers.xlsx"


def upload(client, token, file, **params):
    return client.post("/api/v1/workers/import", query_string=params, data={"file": file},
                       content_type="multipart/form-data", headers=token("hr"))


def stored(runtime, numbers) -> dict[str, tuple]:
    with runtime.uow() as uow:
        rows = uow.session.execute(select(workers.c.employee_no, workers.c.name, workers.c.team_code, workers.c.grade)
                                   .where(workers.c.employee_no.in_(numbers)))
        return {row.employee_no: tuple(row)[1:] for row in rows}


def announced(runtime, numbers) -> list[dict]:
    with runtime.uow() as uow:
        bodies = uow.session.scalars(select(outbox.c.body).where(outbox.c.type == WorkerUpserted.TYPE)).all()
    return [data for data in (json.loads(body)["data"] for body in bodies) if data["employee_no"] in numbers]


@pytest.fixture
def teams(tag, add_team):
    add_team(f"I{tag}", (f"E{tag}OLD", "Old Name", "junior"))
    add_team(f"J{tag}")
    return f"I{tag}", f"J{tag}"


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_clean_file_creates_and_updates_workers_with_events(client, token, runtime, tag, teams, make_file):
    i, j = teams
    rows = [[f"E{tag}N1", "新员工一", i, "electrician", "junior"],
            [f"E{tag}N2", "New Two", j, "welder", "高级工"],
            [f"E{tag}OLD", "Old Name", j, "electrician", "Intermediate worker"]]
    report = upload(client, token, make_file(rows)).get_json()
    assert (report["created"], report["updated"], report["unchanged"], report["errors"]) == (2, 1, 0, [])
    numbers = [f"E{tag}N1", f"E{tag}N2", f"E{tag}OLD"]
    assert stored(runtime, numbers) == {f"E{tag}N1": ("新员工一", i, "junior"), f"E{tag}N2": ("New Two", j, "senior"),
                                        f"E{tag}OLD": ("Old Name", j, "intermediate")}
    events = announced(runtime, numbers)
    assert sorted(e["employee_no"] for e in events) == sorted(numbers + [f"E{tag}OLD"])  # the first from its creation
    assert {"company": "Acme Power", "grade": "senior"}.items() <= next(
        e for e in events if e["employee_no"] == f"E{tag}N2").items()
    with runtime.uow() as uow:
        moves = uow.session.scalars(select(memberships.c.team_code).where(
            memberships.c.employee_no == f"E{tag}OLD").order_by(memberships.c.id)).all()
    assert moves == [i, j]
    again = upload(client, token, make_file(rows)).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert len(announced(runtime, numbers)) == len(events)


def test_a_dry_run_validates_and_writes_nothing(client, token, runtime, tag, teams):
    report = upload(client, token, csv_file([[f"E{tag}D1", "Dry", teams[0], "electrician", "junior"],
                                             [f"E{tag}D2", "Dry", "NO-TEAM", "electrician", "junior"]]),
                    dry_run="true").get_json()
    assert report["dry_run"] is True and report["valid_rows"] == 1 and report["created"] == 0
    assert report["errors"] == [{"row": 3, "field": "team_code", "message": "there is no team 'NO-TEAM'"}]
    assert stored(runtime, [f"E{tag}D1"]) == {}


def bad_rows(tag, team):
    return [[f"E{tag}G1", "Good", team, "electrician", "junior"],
            [f"E{tag}B1", "", team, "electrician", "junior"],
            [f"E{tag}B2", "Bad grade", team, "electrician", "master"],
            ["bad number!", "Bad no", team, "electrician", "junior"],
            [f"E{tag}G1", "Twice", team, "electrician", "junior"],
            [f"E{tag}G2", "Good too", team, "electrician", "senior"]]


def test_any_error_writes_nothing(client, token, runtime, tag, teams):
    report = upload(client, token, csv_file(bad_rows(tag, teams[0]))).get_json()
    assert (report["created"], report["valid_rows"]) == (0, 2)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "name"), (4, "grade"), (5, "employee_no"),
                                                                  (6, "employee_no")]
    assert "first in row 2" in report["errors"][-1]["message"]
    assert stored(runtime, [f"E{tag}G1", f"E{tag}G2"]) == {}


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_partial_writes_the_good_rows(client, token, runtime, tag, teams, make_file):
    report = upload(client, token, make_file(bad_rows(tag, teams[0])), partial="true").get_json()
    assert (report["created"], len(report["errors"])) == (2, 4)
    assert set(stored(runtime, [f"E{tag}G1", f"E{tag}G2"])) == {f"E{tag}G1", f"E{tag}G2"}


@pytest.mark.parametrize("file, message", [
    ((io.BytesIO(b""), "empty.csv"), "is empty"),
    ((io.BytesIO(b"employee_no,name\nE1,A\n"), "short.csv"), "has no column team_code, occupation, grade"),
    ((io.BytesIO(b"\xff\xfe\x00garbage"), "latin.csv"), "UTF-8"),
    ((io.BytesIO(b"PK\x03\x04 not really a workbook"), "broken.xlsx"), "XLSX"),
])
def test_an_unreadable_file_is_invalid_input(client, token, file, message):
    answer = upload(client, token, file)
    assert answer.status_code == 422 and message in problem_of(answer)["errors"]["file"][0]


@pytest.mark.parametrize("content, filename, message", [
    (hostile.dimension_bomb(), "bomb.xlsx", "declares the cells A1:XFD1048576: more than 200,000 rows or 64 columns"),
    (hostile.zip_bomb(64), "bomb.xlsx", "has a part that unpacks to more than 100 times its size"),
    (hostile.wide(65), "wide.xlsx", "has more than 64 columns (row 1)"),
    (hostile.csv_rows(200_001), "long.csv", "has more than 200,000 rows"),
])
def test_a_hostile_file_is_refused_naming_the_limit(client, token, content, filename, message):
    answer = upload(client, token, (io.BytesIO(content), filename))
    assert answer.status_code == 422
    assert problem_of(answer)["errors"] == {"file": [message]} and problem_of(answer)["detail"] == f"The file {message}."


def test_an_upload_past_64_mib_is_refused_by_its_length(client, token):
    answer = client.post("/api/v1/workers/import", data=b"x", content_type="multipart/form-data; boundary=x",
                         environ_overrides={"CONTENT_LENGTH": str(64 * 1024 * 1024 + 1)}, headers=token("hr"))
    assert answer.status_code == 413 and problem_of(answer)["reason"] == "payload_too_large"
    assert problem_of(answer)["detail"] == "The request body is larger than 64 MiB."


def test_rows_read_before_a_limit_shows_are_not_imported_even_partially(client, token, runtime, tag, teams):
    content = hostile.far_row([[f"E{tag}F1", "Before", teams[0], "electrician", "junior"]])
    answer = upload(client, token, (io.BytesIO(content), "far.xlsx"), partial="true")
    assert answer.status_code == 422 and problem_of(answer)["errors"] == {"file": ["has more than 200,000 rows"]}
    assert stored(runtime, [f"E{tag}F1"]) == {}


def test_a_missing_file_or_bad_flag_is_invalid_input(client, token, teams):
    answer = client.post("/api/v1/workers/import", data={}, content_type="multipart/form-data", headers=token("hr"))
    assert answer.status_code == 422 and "file" in problem_of(answer)["errors"]
    answer = upload(client, token, csv_file([]), dry_run="maybe")
    assert answer.status_code == 422 and "dry_run" in problem_of(answer)["errors"]


def test_only_hr_imports(client, token):
    for roles in (("worker",), ("trainer",)):
        answer = client.post("/api/v1/workers/import", data={"file": csv_file([])}, content_type="multipart/form-data",
                             headers=token(*roles, employee_no="E1"))
        assert answer.status_code == 403 and problem_of(answer)["status"] == 403
    assert client.post("/api/v1/workers/import", data={"file": csv_file([])},
                       content_type="multipart/form-data").status_code == 401


def test_the_template_files_carry_the_import_columns_and_import_as_nothing(client, token):
    as_csv = client.get("/api/v1/workers/import/template", headers=token("hr"))
    assert as_csv.status_code == 200 and as_csv.content_type.startswith("text/csv")
    assert 'filename="workers-template.csv"' in as_csv.headers["Content-Disposition"]
    assert as_csv.data.decode("utf-8-sig").splitlines() == [",".join(HEADER)]
    as_xlsx = client.get("/api/v1/workers/import/template", query_string={"format": "xlsx"}, headers=token("hr"))
    sheet = load_workbook(io.BytesIO(as_xlsx.data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [HEADER]
    for template, name in ((as_csv.data, "workers.csv"), (as_xlsx.data, "workers.xlsx")):
        report = upload(client, token, (io.BytesIO(template), name), dry_run="true").get_json()
        assert report["errors"] == [] and report["valid_rows"] == 0
    assert client.get("/api/v1/workers/import/template", headers=token("trainer")).status_code == 403
    assert client.get("/api/v1/workers/import/template", query_string={"format": "pdf"},
                      headers=token("hr")).status_code == 422


def test_an_upload_resent_with_its_idempotency_key_gets_the_first_report(client, token, tag, add_team):
    add_team(f"R{tag}")
    content = csv_file([[f"R{tag}1", "Resent", f"R{tag}", "welder", "junior"]])[0].getvalue()
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), "w.csv")}, boundary=f"b-{tag}")
    headers = token("hr") | {"Idempotency-Key": f"upload-{tag}"}
    answers = [client.post("/api/v1/workers/import", data=body, headers=headers,
                           content_type=f"multipart/form-data; boundary={boundary}") for _ in range(2)]
    assert [a.get_json()["created"] for a in answers] == [1, 1]
    assert answers[1].headers.get("Idempotent-Replayed") == "true"
