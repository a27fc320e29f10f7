"""The gateway's runtime: settings, database and outbox, built once per process."""
from __future__ import annotations

from pathlib import Path

from banzu_common.runtime import ServiceRuntime

from banzu_gateway.adapters.account_states import gateway_account_check
from banzu_gateway.adapters.tables import metadata

runtime = ServiceRuntime("gateway", metadata, Path(__file__).parent / "migrations")
account_states = gateway_account_check(lambda: runtime.engine)
