"""Fixtures shared by every part's tests: the real PostgreSQL and RabbitMQ (see banzu_common.testing)."""
from pathlib import Path

import pytest

pytest_plugins = ["banzu_common.testing"]


@pytest.fixture(scope="session")
def docker_compose_file() -> str:
    return str(Path(__file__).parent / "docker-compose.yml")


@pytest.fixture(scope="session")
def docker_setup() -> list[str]:
    # Only the infrastructure: the tests start the system's own processes themselves.
    return ["up --build --wait postgres rabbitmq"]
