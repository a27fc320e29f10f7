"""The gateway's WSGI application (gunicorn banzu_gateway.entrypoints.wsgi:app)."""
from __future__ import annotations

from banzu_common.proxies import TrustedProxies
from banzu_common.web import API_PREFIX, create_app

from banzu_gateway import config
from banzu_gateway.adapters import robot_hosts
from banzu_gateway.adapters.tables import metadata
from banzu_gateway.bootstrap import account_states, runtime
from banzu_gateway.entrypoints.api import (assessments, audit, auth, directory, notifications, occupations,
                                          personal_data, profile, promotions, team_scores, worker_import)
from banzu_gateway.entrypoints.openapi import install_merged_openapi
from banzu_gateway.entrypoints.pass_through import install_proxy
from banzu_gateway.service_layer.team_scores import scoring_settings
from banzu_gateway.web import install_web

# Public: the token endpoint, the QR code's verification, and the Open Badges issuer document, status lists and
# badge verification (anyone holding a badge checks it without an account).
PUBLIC = (f"{API_PREFIX}/auth/token", f"{API_PREFIX}/verify/", f"{API_PREFIX}/badges/")
BLUEPRINTS = (auth.blp, worker_import.blp, directory.blp, occupations.blp, profile.blp, team_scores.blp,
              promotions.blp, notifications.blp, audit.blp, personal_data.blp, assessments.blp)


def build_app():
    scoring_settings()  # a broken settings file stops the start, not a later request
    robot_hosts.hosts_from_env()  # so does a test-only robot setting in production
    app = create_app(runtime.settings, "Banzu API", BLUEPRINTS, runtime.engine,
                     idempotency_table=metadata.tables["idempotency_keys"], public_paths=PUBLIC,
                     token_check=account_states, outbox_table=metadata.tables["outbox"],
                     password_change_path=f"{API_PREFIX}/auth/password")
    install_web(app, runtime.settings.jwt_secret, secure=config.public_url().startswith("https://"))
    install_proxy(app, PUBLIC)
    install_merged_openapi(app)
    # outermost, so the pass-through and the pages see the client's address too
    app.wsgi_app = TrustedProxies(app.wsgi_app, runtime.settings.trusted_proxies)
    return app


app = build_app()
