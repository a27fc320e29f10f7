"""The pass-through forwards the path exactly as the client sent it: percent-encoding is kept, so an
encoded `/`, `?`, `#` or `%` inside a segment stays data instead of changing the request."""
from __future__ import annotations

import pytest

from banzu_common.testing_receivers import RequestRecorder


@pytest.fixture
def competition(monkeypatch):
    """A real HTTP server in the competition service's place."""
    with RequestRecorder() as recorder:
        monkeypatch.setenv("BANZU_COMPETITION_URL", recorder.url)
        yield recorder


@pytest.mark.parametrize("target", [
    "/api/v1/contests/x%2Fjudges",                  # an encoded slash stays inside the segment
    "/api/v1/contests/what%3Fnot/judges",           # an encoded ? is not a query
    "/api/v1/contests/no%23fragment/judges",        # an encoded # is not a fragment
    "/api/v1/contests/100%25/judges",               # an encoded % is not decoded twice
    "/api/v1/contests/two%20words/judges",          # an encoded space
    "/api/v1/contests/%E7%8F%AD%E7%BB%84/judges",   # non-ASCII UTF-8, percent-encoded (班组)
    "/api/v1/contests/a+b/judges",                  # + is a plus in a path, not a space
    "/api/v1/contests/x;v=1/judges",                # ; parameters stay
    "/api/v1/contests/x/judges?name=a%2Fb&q=1+2",   # the query as sent
])
def test_the_service_receives_the_request_target_as_sent(client, token, competition, target):
    answer = client.get(target, headers=token("hr"))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert competition.targets == [target]


class Sending:
    """A request body as the web server hands it over: read in pieces, each piece's size noted (the test
    client only measures it by seeking)."""

    def __init__(self, size: int):
        self.size = size
        self.at = 0
        self.reads: list[int] = []

    def read(self, size: int = -1) -> bytes:
        size = self.size - self.at if size < 0 else min(size, self.size - self.at)
        self.reads.append(size)
        self.at += size
        return bytes(size)

    def tell(self) -> int:
        return self.at

    def seek(self, offset: int, whence: int = 0) -> int:
        self.at = offset if whence == 0 else self.size + offset
        return self.at


def test_a_body_past_64_mib_is_refused_by_its_length_before_any_of_it_is_read(client, token, competition):
    body = Sending(64 * 1024 * 1024 + 1)
    answer = client.post("/api/v1/contests/c1/judges", headers=token("hr"), input_stream=body)
    assert answer.status_code == 413 and answer.content_type == "application/problem+json"
    assert answer.get_json()["reason"] == "payload_too_large" and "64 MiB" in answer.get_json()["detail"]
    assert body.reads == [] and competition.targets == []
    broken = client.post("/api/v1/contests/c1/judges", headers=token("hr"), data=b"{}",
                         environ_overrides={"CONTENT_LENGTH": "12abc"})
    assert broken.status_code == 400 and competition.targets == []


def test_a_body_is_streamed_to_the_service_in_pieces_as_it_arrives(client, token, competition):
    size = 5 * 1024 * 1024
    body = Sending(size)
    answer = client.put("/api/v1/contests/c1/judges", headers=token("hr") | {"Content-Type": "application/json"},
                        input_stream=body)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert competition.bodies == [bytes(size)] and competition.headers[0]["Content-Length"] == str(size)
    assert sum(body.reads) == size and max(body.reads) <= 64 * 1024, "never the whole body at once"
