"""Sign-in throttling that no one can aim at others (quality.md "Security"; docs/decisions.md
"Sign-in throttling"): failures count per address, per name at an address and, loosely, per name;
the address is the client's, read from X-Forwarded-For only when a trusted proxy sent it."""
from __future__ import annotations

import random
import uuid
from ipaddress import IPv6Address, ip_network

import pytest

from banzu_gateway.service_layer import accounts
from gateway_support import problem_of
from web_support import csrf_of

PASSWORD = "Throttle-pass-1"
LIMITS = accounts.SIGN_IN_LIMITS


def new_address() -> str:
    """An address no other test uses (documentation range 2001:db8::/32)."""
    return str(IPv6Address((0x20010DB8 << 96) | random.getrandbits(64)))


@pytest.fixture
def owner(runtime) -> str:
    name = f"own-{uuid.uuid4().hex[:8]}"
    with runtime.uow() as uow:
        accounts.create_user(uow, name, PASSWORD, ["hr"], None, created_by="test")
        uow.commit()
    return name


def attempt(client, username: str, password: str, address: str, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/api/v1/auth/token", json={"username": username, "password": password}, headers=headers,
                       environ_base={"REMOTE_ADDR": address})


def assert_locked(answer) -> int:
    assert answer.status_code == 429 and problem_of(answer)["reason"] == "sign_in_locked"
    return int(answer.headers["Retry-After"])


def test_random_names_from_one_address_lock_that_address_only(client, owner):
    attacker, elsewhere = new_address(), new_address()
    statuses = {attempt(client, f"nobody-{uuid.uuid4().hex[:8]}", "guess", attacker).status_code
                for _ in range(LIMITS["address"].failures)}
    assert statuses == {401}
    assert 0 < assert_locked(attempt(client, owner, PASSWORD, attacker)) <= 5 * 60 + 1
    assert attempt(client, owner, PASSWORD, elsewhere).status_code == 200


def test_one_name_hammered_from_one_address_does_not_lock_its_owner_elsewhere(client, owner):
    attacker, home = new_address(), new_address()
    statuses = [attempt(client, owner, f"guess-{n}", attacker).status_code
                for n in range(LIMITS["name_at_address"].failures)]
    assert statuses == [401] * LIMITS["name_at_address"].failures
    assert_locked(attempt(client, owner, PASSWORD, attacker))  # even the right password waits there
    assert attempt(client, owner, PASSWORD, home).status_code == 200


def test_a_name_guessed_from_many_addresses_is_slowed_for_a_minute_at_most(client, owner):
    for _ in range(LIMITS["name"].failures):
        assert attempt(client, owner, "guess", new_address()).status_code == 401
    wait = assert_locked(attempt(client, owner, PASSWORD, new_address()))
    assert wait <= LIMITS["name"].lock.total_seconds() + 1, "the owner is not locked out for long"


@pytest.fixture
def behind_proxy(app, monkeypatch):
    """The gateway trusting the proxies in 10.9.0.0/16 (BANZU_TRUSTED_PROXIES=10.9.0.0/16)."""
    monkeypatch.setattr(app.wsgi_app, "networks", (ip_network("10.9.0.0/16"),))
    return "10.9.0.1"


def test_forwarded_addresses_from_a_trusted_proxy_are_used(client, owner, behind_proxy):
    attacker, home = new_address(), new_address()
    for n in range(LIMITS["name_at_address"].failures):
        assert attempt(client, owner, f"guess-{n}", behind_proxy, forwarded_for=attacker).status_code == 401
    assert_locked(attempt(client, owner, PASSWORD, behind_proxy, forwarded_for=attacker))
    # Another client behind the same proxy is another address: not locked.
    assert attempt(client, owner, PASSWORD, behind_proxy, forwarded_for=f"{new_address()}, 10.9.0.2").status_code == 200
    assert attempt(client, owner, PASSWORD, home).status_code == 200


def test_forwarded_addresses_from_an_untrusted_peer_are_ignored(client, owner, behind_proxy):
    peer = new_address()
    for n in range(LIMITS["name_at_address"].failures):
        answer = attempt(client, owner, f"guess-{n}", peer, forwarded_for=new_address())
        assert answer.status_code == 401
    # A new made-up X-Forwarded-For does not make the peer someone else.
    assert_locked(attempt(client, owner, PASSWORD, peer, forwarded_for=new_address()))


def test_the_sign_in_page_says_when_to_come_back(client, owner):
    attacker = new_address()
    for n in range(LIMITS["name_at_address"].failures):
        attempt(client, owner, f"guess-{n}", attacker)
    page = client.get("/sign-in", environ_base={"REMOTE_ADDR": attacker}).get_data(as_text=True)
    answer = client.post("/sign-in", data={"username": owner, "password": PASSWORD, "csrf_token": csrf_of(page)},
                         environ_base={"REMOTE_ADDR": attacker})
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
