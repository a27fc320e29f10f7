"""The credentials service's WSGI application (gunicorn banzu_credentials.entrypoints.wsgi:app)."""
from __future__ import annotations

from banzu_common.account_replica import account_check
from banzu_common.audit_api import audit_blueprint
from banzu_common.personal_data import personal_data_blueprint
from banzu_common.web import API_PREFIX, create_app

from banzu_credentials.adapters import personal_data
from banzu_credentials.adapters.tables import account_versions, metadata
from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.api import (badges, compliance, credential_import, credential_types, credentials,
                                               occupation_requirements, summary, sweep, verification)

PUBLIC = (f"{API_PREFIX}/verify/", f"{API_PREFIX}/badges/")
BLUEPRINTS = (credential_types.blp, credential_import.blp, sweep.blp, credentials.blp, badges.blp, verification.blp,
              compliance.blp, occupation_requirements.blp, summary.blp, audit_blueprint(runtime, readers=("hr",)),
              personal_data_blueprint(runtime, personal_data.holdings))


def build_app():
    return create_app(runtime.settings, "Banzu credentials", BLUEPRINTS, runtime.engine,
                      idempotency_table=metadata.tables["idempotency_keys"], public_paths=PUBLIC,
                      outbox_table=metadata.tables["outbox"],
                      token_check=account_check(lambda: runtime.engine, account_versions))


app = build_app()
