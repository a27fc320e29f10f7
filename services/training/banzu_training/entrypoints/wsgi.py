"""Training's WSGI application (gunicorn banzu_training.entrypoints.wsgi:app)."""
from __future__ import annotations

from banzu_common.account_replica import account_check
from banzu_common.audit_api import audit_blueprint
from banzu_common.personal_data import personal_data_blueprint
from banzu_common.web import create_app

from banzu_training.adapters import personal_data
from banzu_training.adapters.tables import account_versions, metadata
from banzu_training.bootstrap import runtime
from banzu_training.entrypoints.api import (attendance, certification_programs, courses, enrollments, mentorships,
                                            plans, recertifications, sessions, summaries, workers)

BLUEPRINTS = [courses.blp, sessions.blp, enrollments.blp, attendance.blp, plans.blp, certification_programs.blp,
              workers.blp, mentorships.blp, recertifications.blp, summaries.blp, audit_blueprint(runtime),
              personal_data_blueprint(runtime, personal_data.holdings)]


def build_app():
    return create_app(runtime.settings, "Banzu training", BLUEPRINTS, runtime.engine,
                      idempotency_table=metadata.tables["idempotency_keys"],
                      outbox_table=metadata.tables["outbox"],
                      token_check=account_check(lambda: runtime.engine, account_versions))


app = build_app()
