"""The training service against a real PostgreSQL database of its own for this test run."""
from __future__ import annotations

import uuid

import pytest

from banzu_common.auth import issue_token

from banzu_training.bootstrap import runtime as service_runtime
from training_support import OCCUPATIONS, Directory

@pytest.fixture(scope="session")
def runtime(make_database):
    """The training's runtime pointed at a new, migrated database of this run, whose copy of the
    occupation catalogue holds the occupations most tests name."""
    with service_runtime.using_database(make_database("training")) as runtime:
        for code in OCCUPATIONS:
            Directory(runtime).occupation(code)
        yield runtime


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
