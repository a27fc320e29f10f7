"""One OpenAPI document for the whole public API: the gateway's own paths plus each service's."""
from __future__ import annotations

import copy
import json
import logging
import time

import urllib3
from flask import Flask, current_app

from banzu_gateway.adapters.service_client import client
from banzu_gateway.entrypoints.routes import owner_of

log = logging.getLogger(__name__)
SERVICES = ("competition", "training", "credentials")
CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, dict]] = {}


def service_spec(service: str) -> dict | None:
    cached = _cache.get(service)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        answer = client.request(service, "GET", "/openapi.json", {"Accept": "application/json"},
                                timeout=urllib3.Timeout(connect=1, read=3), stream=False)
        spec = json.loads(answer.data) if answer.status == 200 else None
    except (urllib3.exceptions.HTTPError, ValueError) as error:
        log.info("OpenAPI of %s unavailable: %s", service, error)
        spec = None
    if spec is not None:
        _cache[service] = (time.monotonic() + CACHE_SECONDS, spec)
    return spec


def merged_spec() -> dict:
    spec = copy.deepcopy(current_app.extensions["banzu"]["api"].spec.to_dict())
    components = spec.setdefault("components", {})
    missing = []
    for service in SERVICES:
        other = service_spec(service)
        if other is None:
            missing.append(service)
            continue
        for path, operations in other.get("paths", {}).items():
            public = path.removeprefix("/api/v1/")
            if public != path and owner_of(public) == service:
                spec["paths"][path] = operations
        # Schemas, responses and parameters the operations refer to (the shared ones are the same everywhere).
        for kind, entries in other.get("components", {}).items():
            for name, entry in entries.items():
                components.setdefault(kind, {}).setdefault(name, entry)
    if missing:
        spec["info"]["x-unavailable"] = missing
    return spec


def install_merged_openapi(app: Flask) -> None:
    app.view_functions["api-docs.openapi_json"] = lambda: merged_spec()
