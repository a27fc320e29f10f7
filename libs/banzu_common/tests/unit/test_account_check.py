"""The token check every part makes (R17): a deactivated account's tokens and those issued before the
account's current version are refused; an account the part never heard of is left to the signature;
what was read is kept a short while, read again when a token is newer than it, and kept when the
store cannot be read. A token carries the duty to change a password an admin set."""
from __future__ import annotations

import jwt
import pytest
from sqlalchemy.exc import OperationalError

from banzu_common.auth import AccountCheck, AccountState, Principal, TokenVerifier, Unauthenticated, issue_token

SECRET = "a-test-secret-of-at-least-32-bytes!!"


class Store:
    """A lookup that counts its reads and can fail like a database that is down."""

    def __init__(self, **accounts: AccountState):
        self.accounts = dict(accounts)
        self.reads = 0
        self.down = False

    def __call__(self, username: str) -> AccountState | None:
        self.reads += 1
        if self.down:
            raise OperationalError("SELECT", {}, ConnectionError("the database is down"))
        return self.accounts.get(username)


def holder(username: str, version: int = 0) -> Principal:
    return Principal(username, frozenset({"hr"}), None, version)


def refusal(check: AccountCheck, principal: Principal) -> str | None:
    try:
        check(principal)
    except Unauthenticated as refused:
        return str(refused)
    return None


def test_an_account_the_part_never_heard_of_keeps_its_tokens():
    assert refusal(AccountCheck(Store(), seconds=0), holder("minted-for-a-test")) is None


def test_a_deactivated_account_and_older_versions_are_refused():
    store = Store(ann=AccountState(active=True, version=2), bob=AccountState(active=False, version=3))
    check = AccountCheck(store, seconds=0)
    assert refusal(check, holder("ann", 2)) is None
    assert "ended" in refusal(check, holder("ann", 1)), "a token from before the change (demoted, new password)"
    assert "deactivated" in refusal(check, holder("bob", 3))
    assert refusal(check, holder("bob", 2)) is not None


def test_a_token_newer_than_the_copy_is_not_refused_by_the_copys_older_state():
    # Reactivated at version 4: the token arrives before the event that says so.
    check = AccountCheck(Store(bob=AccountState(active=False, version=3)), seconds=0)
    assert refusal(check, holder("bob", 4)) is None


def test_what_was_read_is_kept_for_the_interval_and_read_again_for_a_newer_token():
    store = Store(ann=AccountState(active=True, version=1))
    check = AccountCheck(store, seconds=60)
    for _ in range(3):
        assert refusal(check, holder("ann", 1)) is None
    assert store.reads == 1
    store.accounts["ann"] = AccountState(active=True, version=2)
    assert refusal(check, holder("ann", 1)) is None, "within the interval the state read is trusted"
    assert refusal(check, holder("ann", 2)) is None and store.reads == 2, "a newer token reads again"
    assert refusal(check, holder("ann", 1)) is not None
    store.accounts["ann"] = AccountState(active=False, version=3)
    check.forget("ann")
    assert "deactivated" in refusal(check, holder("ann", 2)), "a change in this process applies at once"


def test_when_the_store_cannot_be_read_the_last_known_state_holds():
    store = Store(ann=AccountState(active=False, version=1))
    check = AccountCheck(store, seconds=0)
    assert refusal(check, holder("ann", 1)) is not None
    store.down = True
    assert refusal(check, holder("ann", 1)) is not None, "still deactivated"
    assert refusal(check, holder("never-read", 0)) is None, "nothing known: the signature alone"


def test_a_token_carries_the_duty_to_change_the_password():
    verifier = TokenVerifier(SECRET)
    duty = verifier.verify(issue_token(SECRET, "ann", ["hr"], None, 60, 3, must_change_password=True))
    assert (duty.version, duty.must_change_password) == (3, True)
    assert verifier.verify(issue_token(SECRET, "ann", ["hr"], None, 60, 4)).must_change_password is False


def test_a_malformed_duty_is_refused():
    token = jwt.encode({"sub": "ann", "roles": ["hr"], "exp": 2**40, "pwc": "yes"}, SECRET, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        TokenVerifier(SECRET).verify(token)
