"""The competition service's WSGI application (gunicorn banzu_competition.entrypoints.wsgi:app)."""
from __future__ import annotations

from banzu_competition.entrypoints.app import build_app

app = build_app()
