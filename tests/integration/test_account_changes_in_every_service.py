"""R17 in each service on its own (PostgreSQL), through the service's own app and event consumer: once
the gateway's `AccountChanged` event is applied, a token issued before the change (roles, password) or
of a deactivated account is refused within 5 s; a token of an account no event spoke of keeps working,
and a token that must first change its password reaches nothing (403 password_change_required)."""
from __future__ import annotations

import importlib
import time
import uuid

import pika
import pytest

from banzu_common.auth import issue_token
from banzu_common.messaging.consumer import Delivery
from banzu_common.messaging.contracts import AccountChanged
from banzu_common.messaging.envelope import Envelope

# part -> (the module whose build_app makes its app, a path any signed-in admin may read)
PARTS = {"competition": ("app", "/api/v1/contests"), "training": ("wsgi", "/api/v1/courses"),
         "credentials": ("wsgi", "/api/v1/credential-types")}
BOUND = 5.0  # R17


@pytest.fixture(params=sorted(PARTS))
def service(request, make_database):
    part = request.param
    runtime = importlib.import_module(f"banzu_{part}.bootstrap").runtime
    with runtime.using_database(make_database(part)) as runtime:
        app = importlib.import_module(f"banzu_{part}.entrypoints.{PARTS[part][0]}").build_app()
        consumer = runtime.consumer(importlib.import_module(f"banzu_{part}.entrypoints.consumer").HANDLERS)
        yield runtime, app.test_client(), consumer, PARTS[part][1]


def status_within(client, path: str, headers: dict, expected: int) -> float:
    """Seconds until `path` answers `expected` to `headers` (fails after the bound)."""
    started = time.monotonic()
    while (status := client.get(path, headers=headers).status_code) != expected:
        assert time.monotonic() - started < BOUND, f"still {status} after {BOUND} s"
        time.sleep(0.05)
    return time.monotonic() - started


def test_a_changed_accounts_older_tokens_are_refused_by_the_service_itself(service):
    runtime, client, consumer, path = service
    secret = runtime.settings.jwt_secret
    name = f"acc-{uuid.uuid4().hex[:6]}"

    def bearer(version: int, **extra) -> dict:
        return {"Authorization": f"Bearer {issue_token(secret, name, ['admin'], None, 600, version, **extra)}"}

    def announce(version: int, active: bool) -> None:
        envelope = Envelope.of(AccountChanged(name, version, active), "/banzu/gateway", None)
        delivery = Delivery(1, pika.BasicProperties(message_id=envelope.id, type=envelope.type, headers={}),
                            envelope.to_json())
        consumer.apply([delivery])
        assert delivery.outcome == "done"

    before = bearer(0)
    assert client.get(path, headers=before).status_code == 200, "no event yet: the signature alone"
    announce(1, active=True)  # demoted, or a new password
    status_within(client, path, before, 401)
    after = bearer(1)
    assert client.get(path, headers=after).status_code == 200
    announce(2, active=False)  # deactivated
    status_within(client, path, after, 401)

    unknown = {"Authorization": f"Bearer {issue_token(secret, 'never-changed', ['admin'], None, 600)}"}
    assert client.get(path, headers=unknown).status_code == 200
    duty = client.get(path, headers={"Authorization": "Bearer " + issue_token(
        secret, "new-hire", ["admin"], None, 600, must_change_password=True)})
    assert duty.status_code == 403 and duty.get_json()["reason"] == "password_change_required"
