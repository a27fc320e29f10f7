"""pytest fixtures for tests that use the real PostgreSQL and RabbitMQ (a pytest plugin).

One fixture, `infrastructure`, decides where they are: with a Docker engine, pytest-docker brings up
`tests/compose.infrastructure.yml` (on 127.0.0.1, with this run's passwords); without one, the
services already running on this machine are used (BANZU_TEST_POSTGRES_URL, BANZU_TEST_AMQP_URL). Every test run gets its own databases and its own
exchange and queue names, and removes them at the end. Tests that stop a broker get their own
RabbitMQ node or three-node cluster (`rabbit_node`, `rabbit_cluster`, see banzu_common.rabbit_lab).
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from banzu_common.config import Settings
from banzu_common.messaging.connection import blocking_connection
from banzu_common.messaging.topology import delete_all
from banzu_common.rabbit_lab import RabbitLab

@dataclass(frozen=True)
class Infrastructure:
    postgres_url: str  # a maintenance database on the server, for CREATE/DROP DATABASE
    amqp_url: str

    def database_url(self, name: str) -> str:
        return self.postgres_url.rsplit("/", 1)[0] + "/" + name


def docker_engine_available() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def infrastructure(request) -> Infrastructure:
    if os.environ.get("BANZU_TEST_USE_DOCKER", "auto") != "no" and docker_engine_available():
        # tests/compose.infrastructure.yml takes its passwords from here: one pair per test run
        passwords = {name: os.environ.setdefault(f"BANZU_TEST_{name}_PASSWORD", secrets.token_hex(16))
                     for name in ("POSTGRES", "RABBITMQ")}
        services = request.getfixturevalue("docker_services")
        return Infrastructure(
            f"postgresql://postgres:{passwords['POSTGRES']}@127.0.0.1:{services.port_for('postgres', 5432)}/postgres",
            f"amqp://banzu:{passwords['RABBITMQ']}@127.0.0.1:{services.port_for('rabbitmq', 5672)}/%2F")
    return Infrastructure(os.environ.get("BANZU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                          os.environ.get("BANZU_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:8]


def _admin_engine(infrastructure: Infrastructure):
    url = infrastructure.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def make_database(infrastructure, run_id):
    """`make_database("credentials")` -> the URL of a new, empty PostgreSQL database for this run."""
    engine = _admin_engine(infrastructure)
    created: list[str] = []

    def make(label: str) -> str:
        name = f"banzu_t{run_id}_{label}_{len(created)}"
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return infrastructure.database_url(name)

    yield make
    with engine.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def bus_names(run_id) -> dict[str, str]:
    """Environment values that give this run its own exchange and queues."""
    return {"BANZU_EXCHANGE": f"t{run_id}.banzu.events", "BANZU_QUEUE_PREFIX": f"t{run_id}.",
            "BANZU_RETRY_DELAYS_MS": "100,200,400"}


@pytest.fixture(scope="session")
def bus_settings(infrastructure, bus_names):
    """Settings for a service named `name` on this run's isolated bus; the topology is removed at the end."""
    made: list[Settings] = []

    def make(service: str, database_url: str = "sqlite://") -> Settings:
        settings = Settings(service=service, database_url=database_url, broker_url=infrastructure.amqp_url,
                            exchange=bus_names["BANZU_EXCHANGE"], queue_prefix=bus_names["BANZU_QUEUE_PREFIX"],
                            retry_delays_ms=(100, 200, 400), relay_poll_seconds=0.05)
        made.append(settings)
        return settings

    yield make
    if made:
        with blocking_connection(infrastructure.amqp_url) as connection:
            delete_all(connection.channel(), made[0])


def _own_brokers(directory: Path, size: int):
    lab = RabbitLab.create(directory, size)
    try:
        yield lab.start()
    finally:
        lab.teardown()


@pytest.fixture(scope="module")
def rabbit_node(tmp_path_factory):
    """A RabbitMQ node of this test module's own, which it may stop and start again."""
    yield from _own_brokers(tmp_path_factory.mktemp("rabbit-node"), 1)


@pytest.fixture(scope="module")
def rabbit_cluster(tmp_path_factory):
    """A three-node RabbitMQ cluster of this test module's own (BANZU_BROKER_URL: `.broker_url`)."""
    yield from _own_brokers(tmp_path_factory.mktemp("rabbit-cluster"), 3)


class TcpProxy:
    """A TCP forwarder a test can cut and restore, to take the broker away from a process."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.pairs: list = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            # The timeout was for connecting only: left on the socket, a broker quiet for 5 s (an idle
            # queue, a consumer busy with a long batch) would make recv() fail and cut the link.
            upstream.settimeout(None)
            with self.lock:
                self.pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self) -> None:
        self.open = False
        with self.lock:
            for pair in self.pairs:
                for s in pair:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            self.pairs.clear()

    def restore(self) -> None:
        self.open = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.closed = True
        self.cut()
        self.listener.close()


def promtool(*args: str, text: str | None = None) -> str:
    """Runs Prometheus's promtool (Debian package `prometheus`, which the test command installs) and
    fails with its report unless it found nothing wrong; `text` goes to its standard input."""
    found = shutil.which("promtool")
    assert found, "promtool is missing: apt-get install prometheus (scripts/run_tests.sh installs it)"
    done = subprocess.run([found, *args], input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"promtool {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr
