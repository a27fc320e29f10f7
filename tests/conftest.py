"""The whole system, started for real: gateway, three services, relays, consumers and scheduler on
PostgreSQL test databases and this run's own exchange and queues (shared by tests/e2e and tests/browser)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from client import Client  # noqa: E402
from system_harness import banzu_system, free_port, own_bus, running_system  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from edge import Edge  # noqa: E402


@pytest.fixture(scope="session")
def banzu(make_database, run_id, infrastructure, tmp_path_factory):
    with own_bus(infrastructure, run_id, "s") as names, \
            running_system(make_database, names, infrastructure, tmp_path_factory.mktemp("data")) as running:
        yield running


@pytest.fixture(scope="session")
def admin(banzu) -> Client:
    return banzu.admin()


@pytest.fixture(scope="session")
def edge(banzu):
    """Debian's nginx with deploy/k8s/edge/banzu-edge.conf.template in front of the running system."""
    with Edge(free_port(), {part: f"127.0.0.1:{port}" for part, port in banzu_system.ports(banzu.env).items()},
              banzu.logs) as running:
        yield running
