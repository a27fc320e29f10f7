"""Parts of an answer fetched from the services in parallel, each within a short time. A service
that does not answer in time, fails or sends something unreadable leaves its part "unavailable",
and the rest still comes back (the worker profile, team assessments, skill matrices)."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import urllib3
from urllib3.exceptions import HTTPError

from banzu_gateway.adapters.service_client import client

log = logging.getLogger(__name__)

UNAVAILABLE = "unavailable"
# Short: a page must not hang on one slow service.
SHORT = urllib3.Timeout(connect=0.5, read=2.0)
_CALLS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="service-parts")


@dataclass(frozen=True)
class Part:
    """One part of an answer: which service to ask, where, and what of its answer to keep."""

    name: str
    service: str
    path: str
    keep: Callable[[Any], Any]
    body: Any = None  # sent as JSON with a POST; None: a GET
    timeout: urllib3.Timeout = SHORT


def fetch(part: Part, headers: dict) -> Any:
    method, body = ("GET", None) if part.body is None else ("POST", json.dumps(part.body, default=str).encode())
    if body is not None:
        headers = headers | {"Content-Type": "application/json"}
    try:
        answer = client.request(part.service, method, part.path, headers, body=body, timeout=part.timeout,
                                stream=False)
    except HTTPError as error:
        log.warning("%s unreachable for %s: %s", part.service, part.name, error)
        return UNAVAILABLE
    if answer.status != 200:
        log.warning("%s answered %s for %s", part.service, answer.status, part.name)
        return UNAVAILABLE
    try:
        return part.keep(json.loads(answer.data))
    except (ValueError, KeyError, TypeError, ArithmeticError):
        log.warning("%s sent an unreadable answer for %s", part.service, part.name)
        return UNAVAILABLE


def start(parts: list[Part], headers: dict) -> dict[str, Future]:
    """Asks for every part at once; `collect` the answers (meanwhile the caller may do its own work)."""
    return {part.name: _CALLS.submit(fetch, part, headers) for part in parts}


def collect(futures: dict[str, Future], deadline_seconds: float = 3.0) -> dict[str, Any]:
    wait(futures.values(), timeout=deadline_seconds)
    return {name: future.result() if future.done() else UNAVAILABLE for name, future in futures.items()}


def fetch_all(parts: list[Part], headers: dict, deadline_seconds: float = 3.0) -> dict[str, Any]:
    return collect(start(parts, headers), deadline_seconds)
