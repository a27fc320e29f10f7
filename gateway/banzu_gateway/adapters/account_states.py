"""The gateway's check of every bearer token against the account behind it.

A token stays signed until it expires, so the gateway asks the account whether it still stands:
an account that was deactivated, or whose token version rose since the token was issued (password,
roles or linked employee number changed), has its tokens refused with 401 (banzu_common.auth.AccountCheck,
the same check every service makes against its copy of the accounts' versions). The answer is kept
per process for a few seconds (BANZU_ACCOUNT_CHECK_SECONDS, default 5), so a busy gateway reads each
account at most once per interval; a change made through this process applies at once, one made
through another gateway process within that interval.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from banzu_common.account_replica import account_check
from banzu_common.auth import AccountCheck

from banzu_gateway import config
from banzu_gateway.adapters.tables import users

DEFAULT_SECONDS = 5.0


def gateway_account_check(engine: Callable[[], Engine], seconds: float | None = None) -> AccountCheck:
    if seconds is None:
        seconds = config.account_check_seconds(DEFAULT_SECONDS)
    return account_check(engine, users, seconds)
