"""The gateway's runtime: settings, database and outbox, built once per process."""
from __future__ import annotations

from pathlib import Path

from banzu_common.runtime import ServiceRuntime

from banzu_gateway.adapters.account_states import gateway_account_check
from banzu_gateway.adapters.tables import metadata
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

runtime = ServiceRuntime("gateway", metadata, Path(__file__).parent / "migrations", unit_of_work=GatewayUnitOfWork)
account_states = gateway_account_check(lambda: runtime.engine)
