"""The credentials service's runtime: settings, database and outbox, built on first use (so tests can
set BANZU_CREDENTIALS_DATABASE_URL first)."""
from __future__ import annotations

from pathlib import Path

from banzu_common.runtime import ServiceRuntime

from banzu_credentials.adapters.tables import metadata
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

runtime = ServiceRuntime("credentials", metadata, Path(__file__).parent / "migrations",
                         unit_of_work=CredentialsUnitOfWork)
