"""A service's copy of the gateway's sign-in accounts (R17): for each account that changed, its token
version and whether it is active, kept from `AccountChanged` events. The service's token check
(banzu_common.auth.AccountCheck) reads it, so a deactivated, demoted or re-passworded account's older
tokens are refused by the service itself, also when a request reaches it without the gateway (the
nginx edge sends the services' paths straight to them).

An account with no entry has nothing to refuse: a token minted with the shared secret for a service
call, a test or a benchmark names an account no event ever spoke of. Versions only rise, so the
higher one wins whatever order the events arrive in.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Boolean, Column, Engine, Integer, MetaData, String, Table, select
from sqlalchemy.orm import Session

from banzu_common.auth import AccountCheck, AccountState
from banzu_common.db import insert_rows
from banzu_common.messaging.consumer import Batched
from banzu_common.messaging.contracts import AccountChanged
from banzu_common.messaging.envelope import Envelope

# How long a process trusts what it read before reading again. With the event's own way (relay and
# consumer, well under a second when the queue is not busy) it keeps R17's bound of 5 s.
CHECK_SECONDS = 1.0


def add_account_table(metadata: MetaData) -> Table:
    return Table(
        "account_versions", metadata,
        Column("username", String(80), primary_key=True),
        Column("token_version", Integer, nullable=False),
        Column("active", Boolean, nullable=False),
    )


def account_handlers(accounts: Table) -> dict:
    """The batched handler of `AccountChanged`: the highest version of each account wins."""

    def on_accounts(session: Session, events: list[Envelope]) -> None:
        newest: dict[str, dict] = {}
        for event in events:
            change = event.contract()
            row = {"username": change.username, "token_version": change.token_version, "active": change.active}
            if change.username not in newest or newest[change.username]["token_version"] <= change.token_version:
                newest[change.username] = row
        insert_rows(session, accounts, list(newest.values()), key="username", newer_by="token_version")

    return {AccountChanged.TYPE: Batched(on_accounts)}


def account_check(engine: Callable[[], Engine], accounts: Table, seconds: float = CHECK_SECONDS) -> AccountCheck:
    """The token check against a table of accounts with `username`, `active` and `token_version`
    columns: a service's copy, or the gateway's own accounts. `engine` is called on use: tests point
    the runtime at another database."""

    def lookup(username: str) -> AccountState | None:
        with engine().connect() as connection:
            row = connection.execute(select(accounts.c.active, accounts.c.token_version)
                                     .where(accounts.c.username == username)).first()
        return None if row is None else AccountState(bool(row.active), int(row.token_version))

    return AccountCheck(lookup, seconds)


def create_account_table(op) -> None:
    """For a service's migration that brings in the copy."""
    add_account_table(MetaData()).create(op.get_bind())


def drop_account_table(op) -> None:
    op.drop_table("account_versions")
