"""Fixtures shared by every part's tests: the real PostgreSQL and RabbitMQ (see banzu_common.testing)."""
from pathlib import Path

import pytest

pytest_plugins = ["banzu_common.testing"]


@pytest.fixture(scope="session")
def docker_compose_file() -> str:
    # Only the infrastructure, on 127.0.0.1: the tests start the system's own processes themselves.
    return str(Path(__file__).parent / "tests" / "compose.infrastructure.yml")


@pytest.fixture(scope="session")
def docker_setup() -> list[str]:
    return ["up --wait"]
