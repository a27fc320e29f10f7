"""Pass-through routes: public paths owned by a service are forwarded to it unchanged.

Forwarding runs as WSGI middleware in front of Flask: a pass-through request needs no routing,
schemas or request context, only a (cached) token check, the pooled HTTP client and a streamed
answer, which is what keeps the gateway's overhead small. Anything it does not forward (the
gateway's own resources, refused tokens) goes on to the Flask app, which answers it. An unreachable
service answers 503, a slow one 504, always as problem+json. A request body is streamed to the
service as it arrives; one whose Content-Length passes the services' limit (64 MiB, quality.md R16)
is refused with 413 before any of it is read.
"""
from __future__ import annotations

import logging
import time

import urllib3
from flask import Flask
from urllib3.exceptions import HTTPError, ReadTimeoutError
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wsgi import LimitedStream

from banzu_common.auth import TokenVerifier, Unauthenticated
from banzu_common.context import request_id_from
from banzu_common.problems import body_too_large, problem
from banzu_common.metrics import LATENCY, REQUESTS
from banzu_common.web import API_PREFIX, MAX_BODY_BYTES

from banzu_gateway.adapters.service_client import client
from banzu_gateway.entrypoints.routes import owner_of

log = logging.getLogger(__name__)

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# header name -> its WSGI environ key
FORWARDED_REQUEST_HEADERS = {"Authorization": "HTTP_AUTHORIZATION", "Content-Type": "CONTENT_TYPE",
                             "Accept": "HTTP_ACCEPT", "Accept-Language": "HTTP_ACCEPT_LANGUAGE",
                             "Idempotency-Key": "HTTP_IDEMPOTENCY_KEY", "If-None-Match": "HTTP_IF_NONE_MATCH",
                             "If-Match": "HTTP_IF_MATCH"}
FORWARDED_RESPONSE_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "Location", "ETag",
                              "Retry-After", "WWW-Authenticate", "Idempotent-Replayed", "Cache-Control")




def _relay(upstream: urllib3.BaseHTTPResponse):
    try:
        yield from upstream.stream(64 * 1024)
    finally:
        upstream.release_conn()


def _body_refused(length: str):
    """Said by the body's Content-Length, before any of it is read (the nginx edge says the same)."""
    if not length.isdigit():
        return problem(400, "Bad Request", "The Content-Length header is not a number.", reason="bad_request")
    return body_too_large()


def _upstream_failure(service: str, error: Exception):
    if isinstance(error, ClientDisconnected):
        log.info("the client left before sending the whole body for %s", service)
        return problem(400, "Bad Request", "The request body ended before its Content-Length.", reason="bad_request")
    if isinstance(error, ReadTimeoutError) or isinstance(getattr(error, "reason", None), ReadTimeoutError):
        log.warning("%s timed out: %s", service, error)
        return problem(504, "Gateway Timeout", f"The {service} service did not answer in time.",
                       reason="upstream_timeout")
    log.warning("%s unreachable: %s", service, error)
    return problem(503, "Service Unavailable", f"The {service} service is unreachable; try again shortly.",
                   reason="upstream_unavailable", headers={"Retry-After": "5"})


def as_received(environ) -> tuple[str, str]:
    """(path, query) exactly as the client sent them. PATH_INFO is percent-decoded, and forwarding
    it would turn `x%2Fjudges` into two segments or `%3F` into a query, so the path comes from the
    request line (RAW_URI, REQUEST_URI); QUERY_STRING is never decoded."""
    query = environ.get("QUERY_STRING", "")
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        return environ.get("PATH_INFO", ""), query
    raw = raw.split("?", 1)[0].split("#", 1)[0]
    if "://" in raw:  # absolute-form request target
        raw = "/" + raw.split("://", 1)[1].partition("/")[2]
    return raw, query


class PassThrough:
    """WSGI middleware forwarding service-owned paths before Flask sees them."""

    def __init__(self, app, verifier: TokenVerifier, public_prefixes: tuple[str, ...]):
        self.app = app
        self.verifier = verifier
        self.public = public_prefixes

    def __call__(self, environ, start_response):
        path, query = as_received(environ)
        service = owner_of(path[len(API_PREFIX) + 1:]) if path.startswith(API_PREFIX + "/") else None
        if service is None or environ["REQUEST_METHOD"] not in METHODS:
            return self.app(environ, start_response)
        if not path.startswith(self.public):
            try:
                principal = self.verifier.from_header(environ.get("HTTP_AUTHORIZATION"))
            except Unauthenticated:
                return self.app(environ, start_response)  # Flask answers with the 401 problem
            if principal.must_change_password:
                return self.app(environ, start_response)  # Flask answers 403 password_change_required
        started = time.perf_counter()
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        headers = {name: environ[key] for name, key in FORWARDED_REQUEST_HEADERS.items() if environ.get(key)}
        headers["X-Request-ID"] = request_id
        headers["X-Forwarded-For"] = environ.get("REMOTE_ADDR", "")
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            refusal = _body_refused(length)
            refusal.headers["X-Request-ID"] = request_id
            REQUESTS.labels("gateway", environ["REQUEST_METHOD"], f"pass-through:{service}", refusal.status_code).inc()
            return refusal(environ, start_response)
        body = None
        if int(length):  # streamed to the service as it arrives, never held whole
            headers["Content-Length"] = length
            body = LimitedStream(environ["wsgi.input"], int(length))
        try:
            upstream = client.request(service, environ["REQUEST_METHOD"], path + ("?" + query if query else ""),
                                      headers, body)
        except (HTTPError, ClientDisconnected) as error:
            failure = _upstream_failure(service, error)
            failure.headers["X-Request-ID"] = request_id
            REQUESTS.labels("gateway", environ["REQUEST_METHOD"], f"pass-through:{service}", failure.status_code).inc()
            return failure(environ, start_response)
        answer = [(name, value) for name in FORWARDED_RESPONSE_HEADERS
                  if (value := upstream.headers.get(name)) is not None]
        answer += [("X-Request-ID", request_id), ("X-Content-Type-Options", "nosniff")]
        start_response(f"{upstream.status} {upstream.reason or ''}".strip(), answer)
        REQUESTS.labels("gateway", environ["REQUEST_METHOD"], f"pass-through:{service}", upstream.status).inc()
        LATENCY.labels("gateway", f"pass-through:{service}").observe(time.perf_counter() - started)
        return _relay(upstream)


def install_proxy(app: Flask, public_prefixes: tuple[str, ...]) -> None:
    """Forwards with the app's own token verifier (and so its account check)."""
    app.wsgi_app = PassThrough(app.wsgi_app, app.extensions["banzu"]["verifier"], public_prefixes)
