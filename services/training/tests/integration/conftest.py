"""The training service against a real PostgreSQL database of its own for this test run."""
from __future__ import annotations

import os
import uuid

import pytest

from banzu_common.auth import issue_token

from banzu_training.bootstrap import runtime as service_runtime
from training_support import Directory

RUNTIME_PROPERTIES = ("settings", "engine", "sessions", "outbox")


@pytest.fixture(scope="session")
def runtime(make_database):
    """The service's runtime pointed at a new, migrated database (it reads its settings on first use)."""
    os.environ["BANZU_TRAINING_DATABASE_URL"] = make_database("training")
    for name in RUNTIME_PROPERTIES:
        service_runtime.__dict__.pop(name, None)
    service_runtime.migrate()
    yield service_runtime
    service_runtime.engine.dispose()
    for name in RUNTIME_PROPERTIES:
        service_runtime.__dict__.pop(name, None)
    os.environ.pop("BANZU_TRAINING_DATABASE_URL")


@pytest.fixture(scope="session")
def app(runtime):
    from banzu_training.entrypoints.wsgi import build_app
    return build_app()


@pytest.fixture(scope="session")
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def auth(runtime):
    """`auth("trainer")` or `auth("worker", employee_no="E1")` -> request headers with a bearer token."""

    def make(*roles: str, employee_no: str | None = None, username: str | None = None) -> dict:
        token = issue_token(runtime.settings.jwt_secret, username or f"user-{uuid.uuid4().hex[:6]}", roles,
                            employee_no, 600)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:6].upper()


@pytest.fixture
def directory(runtime) -> Directory:
    return Directory(runtime)
