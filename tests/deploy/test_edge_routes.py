"""The nginx edge routes every path where the gateway's pass-through would: its map and
banzu_gateway.entrypoints.routes (OWNERS, WORKER_PARTS) cannot drift apart."""
from __future__ import annotations

import http.client
import re
import sys
from pathlib import Path

import pytest

from banzu_common.testing_receivers import RequestRecorder, free_port
from banzu_gateway.entrypoints.routes import OWNERS, WORKER_PARTS, owner_of

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from edge import TEMPLATE, Edge  # noqa: E402

PARTS = ("gateway", "competition", "training", "credentials")


def edge_map() -> tuple[str, list[tuple[re.Pattern, str]]]:
    block = re.search(r"map \$uri \$banzu_upstream \{(.*?)\n\}", TEMPLATE.read_text(), re.S).group(1)
    default, rules = None, []
    for line in block.strip().splitlines():
        key, value = line.split()[0], line.split()[-1].rstrip(";")
        if key == "default":
            default = value
        else:
            rules.append((re.compile(key.lstrip("~")), value))
    return default, rules


def edge_route(path: str) -> str:
    default, rules = edge_map()
    return next((upstream for pattern, upstream in rules if pattern.search(path)), default)


def gateway_route(path: str) -> str:
    return owner_of(path.removeprefix("/api/v1/")) or "gateway" if path.startswith("/api/v1/") else "gateway"


PATHS = sorted({f"/api/v1/{segment}{rest}" for segment in OWNERS for rest in ("", "/", "/x1", "/x1/y/z")}
               | {f"/api/v1/workers/E1/{part}{rest}" for part in WORKER_PARTS for rest in ("", "/", "/x")}
               | {f"/api/v1/{segment}x" for segment in OWNERS}
               | {"/", "/healthz", "/metrics", "/api/v1/auth/token", "/api/v1/teams", "/api/v1/workers",
                  "/api/v1/workers/E1", "/api/v1/workers/E1/profile", "/api/v1/promotions", "/api/v1/openapi.json",
                  "/static/app.css", "/certificates/verify", "/contests"})


@pytest.mark.parametrize("path", PATHS)
def test_the_edge_sends_each_path_where_the_gateway_would(path):
    assert edge_route(path) == gateway_route(path)


def test_every_owner_has_an_upstream_and_every_rule_an_owner():
    _, rules = edge_map()
    assert {upstream for _, upstream in rules} | {"gateway"} == set(PARTS)
    assert set(OWNERS.values()) | set(WORKER_PARTS.values()) <= set(PARTS)


def test_nginx_accepts_the_configuration():
    edge = Edge(18080, {part: f"127.0.0.1:{18000 + n}" for n, part in enumerate(PARTS)})
    try:
        edge.check()  # nginx -t
    finally:
        edge.stop()


# as in gateway/tests/integration/test_gateway_pass_through_paths.py
AS_SENT = ["/api/v1/contests/x%2Fjudges", "/api/v1/contests/what%3Fnot/judges", "/api/v1/contests/no%23fragment/judges",
           "/api/v1/contests/100%25/judges", "/api/v1/contests/two%20words/judges",
           "/api/v1/contests/%E7%8F%AD%E7%BB%84/judges", "/api/v1/contests/a+b/judges", "/api/v1/contests/x;v=1/judges",
           "/api/v1/contests/x/judges?name=a%2Fb&q=1+2"]


def test_the_edge_passes_the_request_target_as_sent_and_the_clients_address_alone():
    with RequestRecorder() as gateway, RequestRecorder() as competition:
        upstreams = {part: gateway.url.removeprefix("http://") for part in PARTS}
        upstreams["competition"] = competition.url.removeprefix("http://")
        with Edge(free_port(), upstreams) as edge:
            for target in AS_SENT:
                connection = http.client.HTTPConnection("127.0.0.1", edge.port, timeout=5)
                connection.request("GET", target, headers={"X-Forwarded-For": "203.0.113.9"})  # made up
                assert connection.getresponse().status == 200
                connection.close()
    assert competition.targets == AS_SENT
    assert {headers["X-Forwarded-For"] for headers in competition.headers} == {"127.0.0.1"}


def test_the_edge_believes_x_forwarded_for_from_the_proxy_in_front_of_it(monkeypatch):
    monkeypatch.setenv("BANZU_EDGE_TRUSTED_PROXIES", "127.0.0.1/32")  # as an ingress controller would be
    with RequestRecorder() as gateway:
        with Edge(free_port(), {part: gateway.url.removeprefix("http://") for part in PARTS}) as edge:
            connection = http.client.HTTPConnection("127.0.0.1", edge.port, timeout=5)
            connection.request("GET", "/api/v1/teams", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
            assert connection.getresponse().status == 200
            connection.close()
    assert gateway.headers[-1]["X-Forwarded-For"] == "203.0.113.9", "the rightmost address it does not trust"
