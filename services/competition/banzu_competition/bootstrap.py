"""The competition service's runtime: settings, database and outbox, built on first use (so tests can
set BANZU_COMPETITION_DATABASE_URL first)."""
from __future__ import annotations

from pathlib import Path

from banzu_common.runtime import ServiceRuntime

from banzu_competition.adapters.tables import metadata
from banzu_competition.service_layer.unit_of_work import CompetitionUnitOfWork

runtime = ServiceRuntime("competition", metadata, Path(__file__).parent / "migrations",
                         unit_of_work=CompetitionUnitOfWork)
