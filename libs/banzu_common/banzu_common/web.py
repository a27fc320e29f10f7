"""The Flask application shared by the gateway and every service: flask-smorest API, auth, problem
errors, request ids, idempotency keys, health, metrics (banzu_common.metrics) and offline Swagger UI."""
from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlparse

import swagger_ui_bundle
from flask import Flask, Response, g, request, send_from_directory
from flask_smorest import Blueprint
from sqlalchemy import Engine, Table, text

from banzu_common.audit import ANONYMOUS, Actor, current_actor
from banzu_common.auth import TokenCheck, TokenVerifier, Unauthenticated
from banzu_common.config import Settings, broker_urls
from banzu_common.context import configure_logging, correlation_id, request_id_from
from banzu_common.errors import Forbidden
from banzu_common.idempotency import install_idempotency
from banzu_common.metrics import LATENCY, REQUESTS, OutboxBacklog, exposition
from banzu_common.openapi_document import make_api
from banzu_common.problems import problem, register_problem_handlers
from banzu_common.table_files.reading import MAX_FILE_BYTES
from banzu_common.text_rules import refuse_nul_in_query

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"
# The largest request body: an upload at its limit (quality.md R16); a larger one gets 413 problem+json.
MAX_BODY_BYTES = MAX_FILE_BYTES
# The longest request line (method, target, protocol) answered; a longer one gets 414 problem+json.
# gunicorn's own limit is lifted (deploy/gunicorn.conf.py) so that this answer, not its HTML page, is sent.
MAX_REQUEST_LINE = 8190

DOCS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-init.js"></script></body></html>"""
DOCS_INIT = "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#ui', deepLinking: true});"


def create_app(settings: Settings, title: str, blueprints: Iterable[Blueprint], engine: Engine,
               idempotency_table: Table | None = None, public_paths: tuple[str, ...] = (),
               ready_checks: dict[str, Callable[[], None]] | None = None,
               token_check: TokenCheck | None = None, outbox_table: Table | None = None,
               password_change_path: str | None = None) -> Flask:
    """`token_check` runs on every verified bearer token (every part checks the account behind it,
    banzu_common.auth.AccountCheck); the app's verifier is kept in `app.extensions["banzu"]["verifier"]`
    for other entry points. A token of an account that must change its password is refused (403
    `password_change_required`) on every API path but `password_change_path` (the gateway's
    `/auth/password`). `/metrics` reports the backlog of `outbox_table`."""
    configure_logging()
    app = Flask(settings.service)
    app.config.update(
        API_TITLE=title, API_VERSION="1.0", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json", MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_SORT_KEYS=False,
    )
    public = tuple(public_paths)
    api = make_api(app, public)
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX + (blueprint.url_prefix or ""))
    # every part's idempotency table sits with its other tables: their unique constraints name fields
    register_problem_handlers(app, idempotency_table.metadata if idempotency_table is not None else None)
    verifier = TokenVerifier(settings.jwt_secret, check=token_check)
    app.extensions["banzu"] = {"settings": settings, "engine": engine, "api": api, "verifier": verifier}
    _refuse_long_request_lines(app)
    _install_request_hooks(app, settings, verifier, public, password_change_path)
    refuse_nul_in_query(app, API_PREFIX + "/")
    if idempotency_table is not None:
        install_idempotency(app, engine, idempotency_table)
    _install_operations(app, settings, title, engine, ready_checks or {}, outbox_table)
    return app


def bulk_json(body: dict, status: int = 200) -> Response:
    """A large JSON answer written straight from plain values (text, numbers, booleans, dates and
    decimals as their text), for the bulk summaries of thousands of rows, where passing each row
    through a marshmallow schema would cost more than the query. The route's schema still documents
    the answer; the values must already have its shape (say decimals with two places)."""
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str), status=status,
                    content_type="application/json")


def _refuse_long_request_lines(app: Flask) -> None:
    @app.before_request
    def refuse_long_request_line():
        target = request.environ.get("RAW_URI") or request.full_path
        line = f"{request.method} {target} {request.environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"
        if len(line.encode()) > MAX_REQUEST_LINE:
            return problem(414, "URI Too Long", f"The request line is longer than {MAX_REQUEST_LINE} bytes; "
                           "send long filters in a request body.", reason="uri_too_long")
        return None


def _install_request_hooks(app: Flask, settings: Settings, verifier: TokenVerifier, public: tuple[str, ...],
                           password_change_path: str | None) -> None:
    @app.before_request
    def start():
        g.started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get("X-Request-ID"))
        g.correlation_token = correlation_id.set(g.request_id)
        g.principal = None
        # Only the API needs a bearer token: operations paths and the gateway's web pages (which check
        # their own session cookie) take one when it is sent.
        if not request.path.startswith(API_PREFIX + "/") or request.path.startswith(public) \
                or request.method == "OPTIONS":
            header = request.headers.get("Authorization")
            if header:
                try:
                    g.principal = verifier.from_header(header)
                except Unauthenticated:
                    g.principal = None
        else:
            g.principal = verifier.from_header(request.headers.get("Authorization"))
            if g.principal.must_change_password and request.path != password_change_path:
                raise Forbidden("password_change_required",
                                "This account must change its password first (POST /api/v1/auth/password).")
        actor = Actor(g.principal.username, tuple(sorted(g.principal.roles))) if g.principal else Actor(ANONYMOUS)
        g.actor_token = current_actor.set(actor)
        return None

    @app.after_request
    def finish(response: Response):
        if "request_id" not in g:  # a hook before ours answered
            g.request_id = request_id_from(request.headers.get("X-Request-ID"))
        response.headers["X-Request-ID"] = g.request_id
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(settings.service, request.method, endpoint, response.status_code).inc()
        if "started" in g:
            LATENCY.labels(settings.service, endpoint).observe(time.perf_counter() - g.started)
        return response

    @app.teardown_request
    def reset(_error):
        token = g.pop("correlation_token", None)
        if token is not None:
            correlation_id.reset(token)
        actor_token = g.pop("actor_token", None)
        if actor_token is not None:
            current_actor.reset(actor_token)


def broker_reachable(url: str) -> None:
    """A TCP check only (web workers never open AMQP connections): one reachable node is enough."""
    failure: OSError | None = None
    for node in broker_urls(url):
        parsed = urlparse(node)
        try:
            with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5672), timeout=0.5):
                return
        except OSError as error:
            failure = error
    raise failure or OSError("BANZU_BROKER_URL names no broker")


def _install_operations(app: Flask, settings: Settings, title: str, engine: Engine,
                        ready_checks: dict[str, Callable[[], None]], outbox_table: Table | None) -> None:
    checks = {"database": lambda: _ping_database(engine), "broker": lambda: broker_reachable(settings.broker_url)}
    checks.update(ready_checks)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok", "service": settings.service}

    @app.get("/readyz")
    def readyz():
        results, ready = {}, True
        for name, check in checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as error:  # any failure means "not ready", with the reason shown
                results[name] = f"unavailable: {error.__class__.__name__}"
                ready = False
        if not results.get("broker", "ok").startswith("ok"):
            results["hint"] = "events wait in the outbox until a broker is reachable at BANZU_BROKER_URL"
        return {"status": "ready" if ready else "not ready", "checks": results}, 200 if ready else 503

    backlog = () if outbox_table is None else (OutboxBacklog(settings.service, engine, outbox_table),)

    @app.get("/metrics")
    def metrics():
        body, content_type = exposition(*backlog)
        return Response(body, content_type=content_type)

    @app.get("/docs")
    @app.get("/docs/")
    def docs():
        return Response(DOCS_PAGE.format(title=title), content_type="text/html; charset=utf-8")

    @app.get("/docs/assets/swagger-ui-init.js")
    def docs_init():
        return Response(DOCS_INIT, content_type="application/javascript")

    @app.get("/docs/assets/<path:name>")
    def docs_assets(name: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, name, max_age=86400)


def _ping_database(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))

