"""The gateway's WSGI application (gunicorn banzu_gateway.entrypoints.wsgi:app)."""
from __future__ import annotations

from banzu_common.web import API_PREFIX, create_app

from banzu_gateway.adapters.tables import metadata
from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.api import auth, directory
from banzu_gateway.entrypoints.openapi import install_merged_openapi
from banzu_gateway.entrypoints.proxy import install_proxy

PUBLIC = (f"{API_PREFIX}/auth/token", f"{API_PREFIX}/verify/")


def build_app():
    app = create_app(runtime.settings, "Banzu API", [auth.blp, directory.blp], runtime.engine,
                     idempotency_table=metadata.tables["idempotency_keys"], public_paths=PUBLIC)
    install_proxy(app)
    install_merged_openapi(app)
    return app


app = build_app()
