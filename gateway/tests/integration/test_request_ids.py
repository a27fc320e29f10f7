"""Every answer of the gateway carries an X-Request-ID: the caller's when it is a sane token, else a new one."""
from __future__ import annotations

import pytest

PATHS = ["/", "/sign-in", "/assets/audit.css", "/no-such-page", "/healthz", "/openapi.json", "/api/v1/teams",
         "/api/v1/no-such-thing"]


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_has_a_request_id(client, path):
    answer = client.get(path)

    assert answer.headers.get("X-Request-ID")


@pytest.mark.parametrize("path", PATHS)
def test_the_callers_sane_request_id_comes_back(client, path):
    assert client.get(path, headers={"X-Request-ID": "trace-42.a"}).headers["X-Request-ID"] == "trace-42.a"


@pytest.mark.parametrize("received", ["", "   ", "has space", "<script>", "x" * 65])
def test_an_unusable_request_id_is_replaced(client, received):
    sent = client.get("/", headers={"X-Request-ID": received}).headers["X-Request-ID"]

    assert sent and sent != received


def test_a_forwarded_request_has_a_request_id(client, token):
    """The pass-through path (answered by the service, or by the gateway when the service is away)."""
    assert client.get("/api/v1/contests", headers=token("organizer")).headers.get("X-Request-ID")


def test_a_sign_in_form_post_redirect_has_a_request_id(client):
    answer = client.post("/sign-in", data={"username": "nobody", "password": "wrong"})

    assert answer.headers.get("X-Request-ID")
