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
