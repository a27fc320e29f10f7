"""The competition service against a fresh PostgreSQL database of this test run."""
from __future__ import annotations

import pytest

from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.app import build_app
from competition_api import Api


@pytest.fixture(scope="session")
def database(make_database) -> str:
    """The runtime reads its settings on first use: point it at this run's database before that."""
    url = make_database("competition")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BANZU_COMPETITION_DATABASE_URL", url)
        assert runtime.settings.database_url == url
    runtime.migrate()
    yield url
    runtime.engine.dispose()


@pytest.fixture(scope="session")
def app(database):
    return build_app()


@pytest.fixture
def api(app) -> Api:
    return Api(app.test_client())
