"""A service's copy of the accounts' token versions (R17), on PostgreSQL and SQLite: the highest
version of an account wins whatever order its events arrive in, and the token check made against the
copy refuses what the gateway refuses."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import MetaData, select

from banzu_common.account_replica import account_check, account_handlers, add_account_table
from banzu_common.auth import Principal, Unauthenticated
from banzu_common.db import make_engine, session_factory
from banzu_common.messaging.contracts import AccountChanged
from banzu_common.messaging.envelope import Envelope


@pytest.fixture(params=["postgresql", "sqlite"])
def copy(request, make_database, tmp_path):
    """(engine, sessions, the table, its event handler) on a new database of each kind."""
    url = make_database("accounts") if request.param == "postgresql" else f"sqlite:///{tmp_path / 'copy.db'}"
    metadata = MetaData()
    table = add_account_table(metadata)
    engine = make_engine(url)
    metadata.create_all(engine)
    yield engine, session_factory(engine), table, account_handlers(table)[AccountChanged.TYPE]
    engine.dispose()


def changed(username: str, version: int, active: bool = True) -> Envelope:
    return Envelope.of(AccountChanged(username, version, active), "/banzu/gateway", str(uuid.uuid4()))


def apply(copy, *events: Envelope) -> None:
    _, sessions, _, handler = copy
    with sessions() as session, session.begin():
        handler.apply(session, list(events))


def stored(copy, username: str) -> tuple[int, bool] | None:
    _, sessions, table, _ = copy
    with sessions() as session:
        row = session.execute(select(table.c.token_version, table.c.active).where(table.c.username == username)).first()
    return None if row is None else (row.token_version, row.active)


def test_the_highest_version_wins_in_any_order_and_within_a_batch(copy):
    apply(copy, changed("ann", 2), changed("ann", 3, active=False), changed("bob", 1))
    assert stored(copy, "ann") == (3, False) and stored(copy, "bob") == (1, True)
    apply(copy, changed("ann", 2))  # late, out of order
    assert stored(copy, "ann") == (3, False)
    apply(copy, changed("ann", 4))  # reactivated
    assert stored(copy, "ann") == (4, True)


def test_the_check_against_the_copy_refuses_older_and_deactivated_tokens(copy):
    engine = copy[0]
    check = account_check(lambda: engine, copy[2], seconds=0)
    apply(copy, changed("ann", 2), changed("bob", 5, active=False))

    def refused(username: str, version: int) -> bool:
        try:
            check(Principal(username, frozenset({"hr"}), None, version))
        except Unauthenticated:
            return True
        return False

    assert not refused("ann", 2) and refused("ann", 1)
    assert refused("bob", 5) and refused("bob", 0)
    assert not refused("never-changed", 0)
