"""Asking several services at once for one answer (the profile, the audit trail, personal data, team
assessments and skill matrices): each call in parallel with a short timeout; a service that does not
answer in time, fails or sends something unreadable leaves its part "unavailable" and the rest still
comes back."""
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
_TIMEOUT = urllib3.Timeout(connect=0.5, read=2.0)
_DEADLINE_SECONDS = 3.0
_CALLS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="gather")


@dataclass(frozen=True)
class Call:
    """One part of an answer: which service to ask, where, and what of its answer to keep."""

    name: str
    service: str
    path: str
    keep: Callable[[Any], Any]
    body: Any = None  # sent as JSON with a POST (a read with a long question); None: a GET


def items(body: dict) -> list:
    return body["items"]


def whole(body: Any) -> Any:
    return body


def fetch(call: Call, headers: dict, timeout: urllib3.Timeout = _TIMEOUT) -> Any:
    method, body = ("GET", None) if call.body is None else ("POST", json.dumps(call.body, default=str).encode())
    if body is not None:
        headers = headers | {"Content-Type": "application/json"}
    try:
        answer = client.request(call.service, method, call.path, headers, body=body,
                                timeout=timeout, stream=False)
    except HTTPError as error:
        log.warning("%s unreachable for %s: %s", call.service, call.name, error)
        return UNAVAILABLE
    if answer.status != 200:
        log.warning("%s answered %s for %s", call.service, answer.status, call.name)
        return UNAVAILABLE
    try:
        return call.keep(json.loads(answer.data))
    except (ValueError, KeyError, TypeError, ArithmeticError):
        log.warning("%s sent an unreadable answer for %s", call.service, call.name)
        return UNAVAILABLE


def start(calls: list[Call], headers: dict, timeout: urllib3.Timeout = _TIMEOUT) -> dict[str, Future]:
    """Asks for every part at once; `collect` the answers (meanwhile the caller may do its own work)."""
    return {call.name: _CALLS.submit(fetch, call, headers, timeout) for call in calls}


def collect(futures: dict[str, Future], deadline: float = _DEADLINE_SECONDS) -> dict[str, Any]:
    wait(futures.values(), timeout=deadline)
    return {name: future.result() if future.done() else UNAVAILABLE for name, future in futures.items()}


def gather(calls: list[Call], headers: dict, deadline: float = _DEADLINE_SECONDS,
           timeout: urllib3.Timeout = _TIMEOUT) -> dict[str, Any]:
    return collect(start(calls, headers, timeout), deadline)
