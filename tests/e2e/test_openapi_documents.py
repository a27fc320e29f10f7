"""The OpenAPI documents (the gateway's merged one and each service's own) are valid OpenAPI 3, document
every error as an RFC 9457 problem, and a client generated from the gateway's document works."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from openapi_spec_validator import validate

SERVICES = ("competition", "training", "credentials")
PROBLEM_JSON = "application/problem+json"
METHODS = {"get", "put", "post", "patch", "delete"}


def document(url: str) -> dict:
    with urllib.request.urlopen(url + "/openapi.json", timeout=30) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def documents(banzu) -> dict[str, dict]:
    found = {"gateway": document(banzu.url)}
    found.update({service: document(banzu.service_url(service)) for service in SERVICES})
    assert "x-unavailable" not in found["gateway"]["info"]
    return found


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def resolved(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        kind, name = item["$ref"].split("/")[-2:]
        item = spec["components"][kind][name]
    return item


@pytest.mark.parametrize("part", ("gateway",) + SERVICES)
def test_each_document_is_valid_openapi(documents, part):
    validate(documents[part])


@pytest.mark.parametrize("part", ("gateway",) + SERVICES)
def test_every_error_is_documented_as_a_problem(documents, part):
    spec = documents[part]
    wrong = []
    for path, method, operation in operations(spec):
        assert "default" in operation["responses"], f"{method} {path} documents its errors"
        for status, response in operation["responses"].items():
            if status == "default" or int(status) >= 400:
                content = resolved(spec, response).get("content", {})
                schema = content.get(PROBLEM_JSON, {}).get("schema", {})
                if set(content) != {PROBLEM_JSON} or schema.get("$ref") != "#/components/schemas/Problem":
                    wrong.append(f"{method} {path} {status}: {content}")
    assert not wrong, "\n".join(wrong)
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "instance", "reason", "errors"} <= set(problem)
    assert problem["errors"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_posts_take_an_idempotency_key_and_public_operations_need_no_token(documents):
    spec = documents["gateway"]
    creating = [(path, operation) for path, method, operation in operations(spec)
                if method == "post" and operation.get("security") != []]
    assert len([operation for _path, operation in creating if "201" in operation["responses"]]) >= 15
    missing = [path for path, operation in creating
               if not any(resolved(spec, parameter)["name"] == "Idempotency-Key"
                          for parameter in operation.get("parameters", []))]
    assert not missing, missing
    assert spec["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    assert spec["paths"]["/api/v1/verify/{number}"]["get"]["security"] == []
    assert "security" not in spec["paths"]["/api/v1/teams"]["post"], "the rest needs the bearer token"


def test_downloads_and_decimals_are_documented_as_sent(documents):
    spec = documents["gateway"]
    media = lambda path: set(spec["paths"][path]["get"]["responses"]["200"]["content"])  # noqa: E731
    assert {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= media(
        "/api/v1/assessments")
    assert "image/png" in media("/api/v1/credentials/{credential_id}/qr.png")
    hours = resolved(spec, spec["components"]["schemas"]["Course"])["properties"]["hours"]
    assert hours["type"] == "string" and hours["pattern"]


def test_a_generated_client_signs_in_creates_reads_back_and_reads_problems(banzu, documents, tmp_path):
    (tmp_path / "openapi.json").write_text(json.dumps(documents["gateway"]))
    generated = subprocess.run(
        [Path(sys.executable).parent / "openapi-python-client", "generate", "--path", "openapi.json",
         "--meta", "none", "--output-path", "banzu_api"], cwd=tmp_path, capture_output=True, text=True)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        api = importlib.import_module("banzu_api")
        operation = lambda tag, name: importlib.import_module(f"banzu_api.api.{tag}.{name}")  # noqa: E731
        models = importlib.import_module("banzu_api.models")

        public = api.Client(base_url=banzu.url)
        token = operation("auth", "post_api_v1_auth_token").sync(client=public, body=models.Credentials(
            username=banzu.env["BANZU_ADMIN_USERNAME"], password=banzu.env["BANZU_ADMIN_PASSWORD"]))
        assert token.token_type == "Bearer"
        client = api.AuthenticatedClient(base_url=banzu.url, token=token.access_token)

        code = f"T{uuid.uuid4().hex[:6].upper()}"
        create, read = operation("directory", "post_api_v1_teams"), operation("directory", "get_api_v1_teams_code")
        created = create.sync(client=client, body=models.Team(
            code=code, name="Assembly 3", company="Banzu Works"))
        assert created.code == code
        team = read.sync(client=client, code=code)
        assert (team.code, team.name) == (code, "Assembly 3")

        refused = create.sync(client=client, body=models.Team(code=code, name="", company="x"))
        assert isinstance(refused, models.Problem), refused
        assert refused.status == 422 and refused.reason == "invalid"
        assert "name" in refused.errors.additional_properties
        assert all(isinstance(message, str) for message in refused.errors["name"])
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == "banzu_api" or name.startswith("banzu_api.")]:
            del sys.modules[name]


def test_the_merged_document_keeps_each_services_components(documents):
    merged = documents["gateway"]["components"]
    differing = [f"{service}: {kind} {name}" for service in SERVICES
                 for kind, entries in documents[service]["components"].items()
                 for name, entry in entries.items() if merged[kind][name] != entry]
    assert not differing, "one name, two meanings:\n" + "\n".join(differing)


def test_free_text_in_a_query_has_no_nul_as_documented(banzu, admin, documents):
    q = next(parameter for parameter in documents["gateway"]["paths"]["/api/v1/workers"]["get"]["parameters"]
             if parameter["name"] == "q")
    assert q["schema"]["pattern"] == r"^[^\x00]*$"
    for url, name in ((banzu.url + "/api/v1/workers", "q"), (banzu.service_url("credentials") + "/api/v1/credentials",
                                                             "team")):
        request = urllib.request.Request(f"{url}?{name}=A%00B",
                                         headers={"Authorization": f"Bearer {admin.token}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 422 and refused.value.headers["Content-Type"] == PROBLEM_JSON
        assert json.loads(refused.value.read())["errors"] == {name: ["must not contain NUL characters"]}
