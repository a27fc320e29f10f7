"""R4: an OpenAPI-driven fuzzer (schemathesis) over every public operation of the gateway's merged
document, with every check it has: no 5xx, every status, media type, header and body as documented,
schema-valid requests accepted and schema-invalid ones refused (so the document tells the truth)."""
from __future__ import annotations

import json
import urllib.request
import uuid
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup

# Sign-in is left out: random failed sign-ins from one address would trip the throttling that the
# rest of this session's tests sign in through (it has its own tests, and the generated client signs in).
EXCLUDED = "/api/v1/auth/token"
EXAMPLES_PER_OPERATION = 30
load_all_checks()
EVERY_CHECK = list(CHECKS.get_all())  # not a server error, status code, content type, headers, schema, ...
# The server ignores query parameters it does not know (links with extra parameters keep working).
CONFIG = schemathesis.Config.from_dict({"generation": {"allow-extra-parameters": False}})
# Rules no JSON schema can state, because they compare fields with each other or with stored data: a
# schema-valid request may still get a 422 naming the rule (every other check still applies).
RULES_BEYOND_THE_SCHEMA = {
    "POST /api/v1/auth/password": "current_password must be the caller's password",
    "POST /api/v1/certification-programs": "its courses exist; its occupation is in the occupation catalogue",
    "POST /api/v1/contests": "the segment weights add up to 100; ends_on is not before starts_on; its occupation "
                             "is in the occupation catalogue",
    "PATCH /api/v1/contests/{contest_id}": "the segment weights add up to 100; ends_on is not before starts_on; a "
                                           "new occupation is in the occupation catalogue",
    "POST /api/v1/courses": "its occupation is in the occupation catalogue",
    "PATCH /api/v1/courses/{code}": "a new occupation is in the occupation catalogue",
    "POST /api/v1/credential-types": "only a type that expires has reminders",
    "POST /api/v1/credentials": "its type exists; expires_on is after issued_on",
    "POST /api/v1/credentials/import": "the file is a CSV or XLSX table with the documented columns",
    "POST /api/v1/workers/import": "the file is a CSV or XLSX table with the documented columns",
    "POST /api/v1/mentorships": "the period lasts 3 to 12 months; mentor and apprentice exist; its occupation is in "
                                "the occupation catalogue",
    "POST /api/v1/mentorships/{mentorship_id}/evaluations": "on falls within the mentorship's period",
    "PUT /api/v1/occupation-requirements/{occupation}": "the credential types exist; the occupation is in the "
                                                        "occupation catalogue",
    "POST /api/v1/plans": "its team exists",
    "PATCH /api/v1/plans/{plan_id}": "its courses exist",
    "POST /api/v1/sessions": "its course exists; ends_at is after starts_at",
    "PATCH /api/v1/sessions/{session_id}": "ends_at is after starts_at, a changed one compared with the stored "
                                           "other; times within the years 1900 to 9000",
    "POST /api/v1/teams": "the leader is a member of the team",
    "POST /api/v1/users": "a worker account names an employee number",
    "POST /api/v1/workers": "its team exists; its occupation is in the occupation catalogue",
    "PATCH /api/v1/workers/{employee_no}": "its team exists; a new occupation is in the occupation catalogue",
    "GET /api/v1/assessments": "as_of falls within the year",
    "GET /api/v1/teams/{code}/assessment": "as_of falls within the year",
    "PATCH /api/v1/teams/{code}": "the leader is a member of the team",
    "PUT /api/v1/teams/{code}/robot": "https to an allowed robot host whose addresses are all public (R14)",
    "POST /api/v1/sessions/{session_id}/attendance": "each worker once in the sheet",
    "POST /api/v1/sessions/{session_id}/enrollments": "the worker exists",
    "GET /api/v1/audit": "to is not before from; before is a cursor the trail gave (opaque text), not with page > 1",
    "GET /api/v1/promotions": "to is not before from",
}


def public_api(banzu):
    with urllib.request.urlopen(banzu.url + "/openapi.json", timeout=30) as answer:
        document = json.loads(answer.read())
    assert "x-unavailable" not in document["info"], "every service's operations are in the document"
    return schemathesis.openapi.from_dict(document, config=CONFIG).exclude(path=EXCLUDED)


def failures_of(operation, banzu, token: str, mode: GenerationMode) -> list[tuple[str, str]]:
    """(check, what happened) for one operation over a few generated requests (derandomized: repeatable)."""
    found: list[tuple[str, str]] = []
    headers = {"Authorization": f"Bearer {token}"}

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        if "Idempotency-Key" in (case.headers or {}):
            # A client uses a new key for each new request (an old key with another body is refused).
            case.headers["Idempotency-Key"] = uuid.uuid4().hex
        response = case.call(base_url=banzu.url, headers=headers, timeout=30)
        where = f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:120]}"
        for check in EVERY_CHECK:
            if check.__name__ == "positive_data_acceptance" and response.status_code == 422 \
                    and operation.label in RULES_BEYOND_THE_SCHEMA:
                continue
            try:
                case.validate_response(response, checks=[check], headers=headers,
                                       transport_kwargs={"base_url": banzu.url, "timeout": 30})
            except FailureGroup as group:
                for failure in group.exceptions:
                    found.append((check.__name__, f"{operation.label} | {where} -> {response.status_code} "
                                                  f"{response.content[:240].decode(errors='replace')}: {failure.title}: "
                                                  f"{str(failure.message)[:300]}"))

    try:
        call()
    except Unsatisfiable:
        # Only an operation with nothing to send (no parameter, no body, no credentials) has no invalid
        # request to make; anything else that cannot be generated is a fault of its document.
        assert mode is GenerationMode.NEGATIVE and nothing_to_send(operation), operation.label
    return found


def nothing_to_send(operation) -> bool:
    definition = operation.definition.raw
    return not definition.get("parameters") and "requestBody" not in definition and definition.get("security") == []


def test_every_public_operation_behaves_as_its_document_says(banzu, admin):
    schema = public_api(banzu)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50, "the merged document lists the whole public API"
    found = [failure for operation in operations for mode in GenerationMode
             for failure in failures_of(operation, banzu, admin.token, mode)]
    totals = Counter(check for check, _ in found)
    per_operation = Counter(f"{check} {what.split(' | ')[0]}" for check, what in found)
    assert not found, (f"{dict(totals)}\n" + "\n".join(f"{n} x {where}" for where, n in per_operation.items())
                       + "\n" + "\n".join(f"[{check}] {what}" for check, what in found[:100]))
