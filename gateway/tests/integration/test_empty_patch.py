"""A PATCH naming no field is refused (422 problem+json) on every PATCH operation of the gateway."""
from __future__ import annotations

import pytest

PATCHES = ["/api/v1/teams/T1", "/api/v1/workers/E1", "/api/v1/users/someone"]


@pytest.mark.parametrize("path", PATCHES)
@pytest.mark.parametrize("body", [{"json": {}}, {}], ids=["empty object", "no body"])
def test_an_empty_patch_is_refused(client, token, path, body):
    answer = client.patch(path, headers=token("admin"), **body)

    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert answer.get_json()["type"] == "urn:banzu:problem:empty_patch"


def test_a_patch_where_there_is_nothing_to_patch_is_still_405_or_404(client, token):
    assert client.patch("/api/v1/teams", headers=token("admin")).status_code == 405
    assert client.patch("/api/v1/no-such-thing", headers=token("admin")).status_code == 404


def test_a_caller_without_the_role_is_refused_before_the_body_is_read(client, token):
    answer = client.patch("/api/v1/teams/T1", headers=token("worker"), json={})

    assert answer.status_code == 403
