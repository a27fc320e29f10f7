"""The competition service against a fresh PostgreSQL database of this test run."""
from __future__ import annotations

import pytest

from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.app import build_app
from competition_api import Api


@pytest.fixture(scope="session")
def database(make_database) -> str:
    """The runtime pointed at a new, migrated database of this run."""
    with runtime.using_database(make_database("competition")):
        yield runtime.settings.database_url


@pytest.fixture(scope="session")
def app(database):
    return build_app()


@pytest.fixture
def api(app) -> Api:
    return Api(app.test_client())


@pytest.fixture(params=["postgresql", "sqlite"])
def any_api(request, api, tmp_path):
    """The API on this run's PostgreSQL database, then on a new SQLite file (the embedded default)."""
    if request.param == "postgresql":
        yield api
        return
    with runtime.using_database(f"sqlite:///{tmp_path / 'competition.db'}"):
        yield Api(build_app().test_client())
