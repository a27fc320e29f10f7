"""The Flask application shared by the gateway and every service: flask-smorest API, auth, problem
errors, request ids, idempotency keys, health, metrics (banzu_common.metrics) and offline Swagger UI."""
from __future__ import annotations

import hashlib
import json
import logging
import socket
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import urlparse

import swagger_ui_bundle
from flask import Flask, Response, g, request, send_from_directory
from flask_smorest import Api, Blueprint
from sqlalchemy import Engine, Table, insert, select, text
from sqlalchemy.exc import IntegrityError

from banzu_common.audit import ANONYMOUS, Actor, current_actor
from banzu_common.auth import TokenCheck, TokenVerifier, Unauthenticated
from banzu_common.config import Settings, broker_urls
from banzu_common.context import configure_logging, correlation_id, new_correlation_id
from banzu_common.metrics import LATENCY, REQUESTS, OutboxBacklog, exposition
from banzu_common.problems import problem, register_problem_handlers

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"

DOCS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-init.js"></script></body></html>"""
DOCS_INIT = "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#ui', deepLinking: true});"


def create_app(settings: Settings, title: str, blueprints: Iterable[Blueprint], engine: Engine,
               idempotency_table: Table | None = None, public_paths: tuple[str, ...] = (),
               ready_checks: dict[str, Callable[[], None]] | None = None,
               token_check: TokenCheck | None = None, outbox_table: Table | None = None) -> Flask:
    """`token_check` runs on every verified bearer token (the gateway checks the account behind it);
    the app's verifier is kept in `app.extensions["banzu"]["verifier"] for other entry points.
    `/metrics` reports the backlog of `outbox_table`."""
    configure_logging()
    app = Flask(settings.service)
    app.config.update(
        API_TITLE=title, API_VERSION="1.0", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json", MAX_CONTENT_LENGTH=64 * 1024 * 1024, JSON_SORT_KEYS=False,
    )
    api = Api(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}, "security": [{"bearer": []}]})
    api.ma_plugin.converter.add_attribute_function(_numeric_bounds)
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX + (blueprint.url_prefix or ""))
    register_problem_handlers(app)
    verifier = TokenVerifier(settings.jwt_secret, check=token_check)
    app.extensions["banzu"] = {"settings": settings, "engine": engine, "api": api, "verifier": verifier}
    public = tuple(public_paths)
    _install_request_hooks(app, settings, verifier, public)
    if idempotency_table is not None:
        _install_idempotency(app, engine, idempotency_table)
    _install_operations(app, settings, title, engine, ready_checks or {}, outbox_table)
    return app


def bulk_json(body: dict, status: int = 200) -> Response:
    """A large JSON answer written straight from plain values (text, numbers, booleans, dates and
    decimals as their text), for the bulk summaries of thousands of rows, where passing each row
    through a marshmallow schema would cost more than the query. The route's schema still documents
    the answer; the values must already have its shape (say decimals with two places)."""
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str), status=status,
                    content_type="application/json")


def _numeric_bounds(converter, field, ret, **_kwargs) -> dict:
    """Range bounds of Decimal fields come out as strings ("0"); JSON Schema wants numbers."""
    return {key: float(Decimal(ret[key])) if "." in str(ret[key]) else int(Decimal(ret[key]))
            for key in ("minimum", "maximum") if isinstance(ret.get(key), (str, Decimal))}


def _install_request_hooks(app: Flask, settings: Settings, verifier: TokenVerifier, public: tuple[str, ...]) -> None:
    @app.before_request
    def start():
        g.started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID") or new_correlation_id()
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
        actor = Actor(g.principal.username, tuple(sorted(g.principal.roles))) if g.principal else Actor(ANONYMOUS)
        g.actor_token = current_actor.set(actor)
        return None

    @app.after_request
    def finish(response: Response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
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


def _install_idempotency(app: Flask, engine: Engine, table: Table) -> None:
    """A POST retried with the same Idempotency-Key and body returns the first answer again."""

    def fingerprint() -> str:
        return hashlib.sha256(request.method.encode() + request.full_path.encode() + request.get_data()).hexdigest()

    @app.before_request
    def replay_known_key():
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key or g.get("principal") is None:
            return None
        with engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.principal == g.principal.username,
                                                         table.c.key == key[:200])).first()
        if row is None:
            g.idempotency_key = key[:200]
            # Taken now: once the view has parsed a multipart body the stream is spent.
            g.idempotency_fingerprint = fingerprint()
            return None
        if row.fingerprint != fingerprint():
            return problem(422, "Invalid input", "This Idempotency-Key was used with another request.",
                           reason="idempotency_key_reused", errors={"Idempotency-Key": ["used with another request"]})
        response = Response(row.body, status=row.status, content_type="application/json")
        response.headers["Idempotent-Replayed"] = "true"
        return response

    @app.after_request
    def remember_answer(response: Response):
        key = g.pop("idempotency_key", None)
        if key and 200 <= response.status_code < 300 and not response.is_streamed:
            try:
                with engine.begin() as connection:
                    connection.execute(insert(table).values(
                        principal=g.principal.username, key=key, fingerprint=g.idempotency_fingerprint,
                        status=response.status_code, body=response.get_data(as_text=True),
                        created_at=datetime.now(timezone.utc)))
            except IntegrityError:
                pass  # a concurrent retry with the same key stored its answer first
        return response


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

