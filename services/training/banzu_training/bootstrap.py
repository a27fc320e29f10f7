"""Training's runtime: settings, database and outbox, built on first use, so a process (or a test)
can set BANZU_TRAINING_DATABASE_URL before anything touches the database."""
from __future__ import annotations

from pathlib import Path

from banzu_common.runtime import ServiceRuntime

from banzu_training.adapters.tables import metadata
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork

runtime = ServiceRuntime("training", metadata, Path(__file__).parent / "migrations",
                         unit_of_work=TrainingUnitOfWork)
