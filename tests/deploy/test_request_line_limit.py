"""A request line too long for the servers is answered 414 problem+json by the application, not by
gunicorn's HTML page; one under the limit is served. Against a real gunicorn with the deployed settings."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from banzu_common.web import MAX_REQUEST_LINE
from system_harness import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def competition(tmp_path_factory):
    """The competition service under gunicorn with deploy/gunicorn.conf.py, on a SQLite database."""
    data = tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "BANZU_COMPETITION_DATABASE_URL": f"sqlite:///{data / 'competition.db'}",
           "BANZU_WEB_WORKERS": "1", "BANZU_WEB_THREADS": "2"}
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "banzu-competition"), "migrate"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(bin_dir / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                               "--bind", f"127.0.0.1:{port}", "banzu_competition.entrypoints.wsgi:app"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
    except OSError:
        server.kill()
        pytest.fail("gunicorn did not start")
    yield port
    server.terminate()
    server.wait(timeout=30)


def get(port: int, target: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", target)
    return connection.getresponse()


def target_of_line_length(length: int) -> str:
    """A target making the request line `GET <target> HTTP/1.1` exactly `length` bytes long."""
    prefix = "/api/v1/contests?name="
    return prefix + "x" * (length - len("GET  HTTP/1.1") - len(prefix))


@pytest.mark.parametrize("length", [MAX_REQUEST_LINE + 1, 20_000])
def test_a_too_long_request_line_is_a_414_problem(competition, length):
    answer = get(competition, target_of_line_length(length))

    assert answer.status == 414
    assert answer.getheader("Content-Type") == "application/problem+json"
    assert json.loads(answer.read())["type"] == "urn:banzu:problem:uri_too_long"
    assert answer.getheader("X-Request-ID")


@pytest.mark.parametrize("length", [4_200, MAX_REQUEST_LINE])
def test_a_request_line_within_the_limit_is_served(competition, length):
    answer = get(competition, target_of_line_length(length))

    assert answer.status == 401  # the application's own answer: no token was sent
    assert answer.getheader("Content-Type") == "application/problem+json"
