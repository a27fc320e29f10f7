"""Pass-through routes: public paths owned by a service are forwarded to it unchanged.

A pooled HTTP client, no re-parsing of bodies and streamed answers keep the gateway cheap; an
unreachable service answers 502/503, a slow one 504, always as problem+json.
"""
from __future__ import annotations

import logging
import os
import re

import urllib3
from flask import Flask, Response, g, request
from urllib3.exceptions import HTTPError, MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError

from banzu_common.config import service_url
from banzu_common.errors import NotFound
from banzu_common.problems import problem
from banzu_common.web import API_PREFIX

log = logging.getLogger(__name__)

# First path segment under /api/v1 -> owning service. `/workers/{no}/training` belongs to training.
OWNERS = {
    "judges": "competition", "contests": "competition",
    "courses": "training", "sessions": "training", "plans": "training", "certification-programs": "training",
    "mentorships": "training", "recertifications": "training",
    "credential-types": "credentials", "credentials": "credentials", "verify": "credentials",
    "compliance": "credentials", "occupation-requirements": "credentials",
}
WORKER_TRAINING = re.compile(r"^workers/[^/]+/training/?$")
FORWARDED_REQUEST_HEADERS = ("Authorization", "Content-Type", "Accept", "Accept-Language", "Idempotency-Key",
                             "If-None-Match", "If-Match")
FORWARDED_RESPONSE_HEADERS = ("Content-Type", "Content-Disposition", "Location", "ETag", "Retry-After",
                              "WWW-Authenticate", "Idempotent-Replayed", "Cache-Control")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


def owner_of(path: str) -> str | None:
    if WORKER_TRAINING.match(path):
        return "training"
    return OWNERS.get(path.split("/", 1)[0])


class ServiceClient:
    """One connection pool per process, shared by the worker's threads (urllib3 is thread-safe)."""

    def __init__(self):
        self.pool = urllib3.PoolManager(num_pools=8, maxsize=int(os.environ.get("BANZU_GATEWAY_POOL", "32")),
                                        retries=False)
        self.timeout = urllib3.Timeout(connect=float(os.environ.get("BANZU_GATEWAY_CONNECT_TIMEOUT", "2")),
                                       read=float(os.environ.get("BANZU_GATEWAY_READ_TIMEOUT", "30")))

    def request(self, service: str, method: str, path: str, headers: dict, body: bytes | None = None,
                timeout: urllib3.Timeout | None = None, stream: bool = True) -> urllib3.BaseHTTPResponse:
        return self.pool.request(method, service_url(service) + path, headers=headers, body=body,
                                 timeout=timeout or self.timeout, preload_content=not stream, redirect=False)


client = ServiceClient()


def forward(service: str) -> Response:
    headers = {name: request.headers[name] for name in FORWARDED_REQUEST_HEADERS if name in request.headers}
    headers["X-Request-ID"] = g.request_id
    headers["X-Forwarded-For"] = request.remote_addr or ""
    path = request.full_path if request.query_string else request.path
    try:
        upstream = client.request(service, request.method, path, headers, request.get_data() or None)
    except (ReadTimeoutError,) as error:
        log.warning("%s timed out: %s", service, error)
        return problem(504, "Gateway Timeout", f"The {service} service did not answer in time.", reason="upstream_timeout")
    except (MaxRetryError, NewConnectionError, ProtocolError, HTTPError) as error:
        if isinstance(getattr(error, "reason", None), ReadTimeoutError):
            return problem(504, "Gateway Timeout", f"The {service} service did not answer in time.",
                           reason="upstream_timeout")
        log.warning("%s unreachable: %s", service, error)
        return problem(503, "Service Unavailable", f"The {service} service is unreachable; try again shortly.",
                       reason="upstream_unavailable", headers={"Retry-After": "5"})
    response = Response(upstream.stream(64 * 1024), status=upstream.status, direct_passthrough=True)
    response.call_on_close(upstream.release_conn)
    for name in FORWARDED_RESPONSE_HEADERS:
        value = upstream.headers.get(name)
        if value is not None and name.lower() not in HOP_BY_HOP:
            response.headers[name] = value
    if "Content-Length" in upstream.headers:
        response.headers["Content-Length"] = upstream.headers["Content-Length"]
    return response


def install_proxy(app: Flask) -> None:
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    @app.route(f"{API_PREFIX}/<path:path>", methods=methods)
    def pass_through(path: str):
        service = owner_of(path)
        if service is None:
            raise NotFound(f"There is no resource at {request.path}.")
        return forward(service)
