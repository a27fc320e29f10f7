"""The competition service's Flask application."""
from __future__ import annotations

from flask import Flask

from banzu_common.account_replica import account_check
from banzu_common.audit_api import audit_blueprint
from banzu_common.personal_data import personal_data_blueprint
from banzu_common.web import create_app

from banzu_competition.adapters import personal_data
from banzu_competition.adapters.tables import account_versions, metadata
from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.api import (assignments, audit, contestants, contests, judges, progress, results,
                                               scores, worker_results)

BLUEPRINTS = [judges.blp, contests.blp, contestants.blp, assignments.blp, progress.blp, scores.blp, results.blp,
              audit.blp, worker_results.blp, audit_blueprint(runtime),
              personal_data_blueprint(runtime, personal_data.holdings)]


def build_app() -> Flask:
    return create_app(runtime.settings, "Banzu competition", BLUEPRINTS, runtime.engine,
                      idempotency_table=metadata.tables["idempotency_keys"],
                      outbox_table=metadata.tables["outbox"],
                      token_check=account_check(lambda: runtime.engine, account_versions))
