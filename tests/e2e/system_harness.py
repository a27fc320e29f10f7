"""Starting the whole system for real: gateway, three services, relays, consumers and scheduler on
PostgreSQL test databases and the bus names given (used by the fixtures in tests/conftest.py and by
tests that need a second system with other settings)."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import system as banzu_system  # noqa: E402

from banzu_common.config import Settings  # noqa: E402
from banzu_common.messaging.connection import blocking_connection  # noqa: E402
from banzu_common.messaging.topology import delete_all  # noqa: E402
from banzu_common.testing import TcpProxy  # noqa: E402
from banzu_gateway.entrypoints.admin.seed import OCCUPATIONS  # noqa: E402

from client import Client  # noqa: E402


SERVICES = ("competition", "training", "credentials")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@dataclass
class RunningSystem:
    env: dict
    logs: Path
    proxy: TcpProxy
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    engines: dict = field(default_factory=dict)
    metrics_ports: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.env['BANZU_GATEWAY_PORT']}"

    def service_url(self, part: str) -> str:
        return f"http://127.0.0.1:{self.env[f'BANZU_{part.upper()}_PORT']}"

    def database(self, part: str):
        """One engine per part for the whole run (an engine per call would leave its connection open
        until garbage collection, and the server's connections are shared by every process)."""
        if part not in self.engines:
            self.engines[part] = create_engine(self.env[f"BANZU_{part.upper()}_DATABASE_URL"].replace(
                "postgresql://", "postgresql+psycopg://", 1), pool_size=2)
        return self.engines[part]

    def start(self, name: str, copy: int = 1) -> str:
        """Starts process `name` (its `copy`-th instance, for competing relays and consumers); a relay or
        consumer serves its own metrics on a port of its own (`counted`)."""
        command = banzu_system.processes(self.env)[name]
        name = name if copy == 1 else f"{name}#{copy}"
        log = open(self.logs / f"{name}.log", "ab")
        env = self.env
        if name.split("#")[0].endswith(("-relay", "-consumer")):
            self.metrics_ports[name] = free_port()
            env = {**self.env, "BANZU_METRICS_PORT": str(self.metrics_ports[name])}
        self.processes[name] = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                cwd=banzu_system.ROOT, start_new_session=True)
        return name

    def counted(self, name: str, metric: str) -> float | None:
        """The total of counter `metric` as relay or consumer `name` serves it; None until it serves."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_ports[name]}/metrics", timeout=5) as answer:
                families = list(text_string_to_metric_families(answer.read().decode()))
        except OSError:
            return None
        return sum(sample.value for family in families if family.name == metric for sample in family.samples
                   if sample.name == f"{metric}_total")

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def admin(self) -> Client:
        return Client.sign_in(self.url, self.env["BANZU_ADMIN_USERNAME"], self.env["BANZU_ADMIN_PASSWORD"])

    def occupations(self, named: dict[str, tuple[str, str]]) -> None:
        """Puts these occupations (code -> (zh, en)) in the catalogue, unless there, and returns once every
        service has heard of them (a service refuses an occupation it does not know yet)."""
        admin = self.admin()
        for code, (zh, en) in named.items():
            answer = admin.post("/occupations", {"code": code, "name": {"zh": zh, "en": en}})
            assert answer.status == 201 or answer.json().get("reason") == "occupation_exists", answer
        deadline = time.monotonic() + 30
        for part in SERVICES:
            while not set(named) <= self._occupations_known_to(part):
                assert time.monotonic() < deadline, f"{part} has not heard of the occupations {sorted(named)}"
                time.sleep(0.1)

    def _occupations_known_to(self, part: str) -> set[str]:
        with self.database(part).connect() as connection:
            return set(connection.execute(text("SELECT code FROM directory_occupations")).scalars())

    def occupation(self, code: str) -> str:
        """`code` in the catalogue (named by itself), known to every service."""
        self.occupations({code: (code, code)})
        return code


@contextmanager
def own_bus(infrastructure, run_id: str, mark: str):
    """An exchange and queues of a running system's own (`t<run><mark>.`), removed at the end: the
    messaging tests publish made-up events on this run's names, which no system may take, and a system
    stays up to the end of the test process that started it."""
    names = {"BANZU_EXCHANGE": f"t{run_id}{mark}.banzu.events", "BANZU_QUEUE_PREFIX": f"t{run_id}{mark}.",
             "BANZU_RETRY_DELAYS_MS": "100,200,400"}
    try:
        yield names
    finally:
        with blocking_connection(infrastructure.amqp_url) as connection:
            delete_all(connection.channel(), Settings("gateway", "sqlite://", exchange=names["BANZU_EXCHANGE"],
                                                      queue_prefix=names["BANZU_QUEUE_PREFIX"],
                                                      retry_delays_ms=(100, 200, 400)))


@contextmanager
def running_system(make_database, bus_names: dict, infrastructure, data_dir: Path, **settings: str):
    """The whole system on new PostgreSQL databases and the bus names given, with `settings` added to
    its environment; every process stopped at the end."""
    amqp_host, amqp_port = infrastructure.amqp_url.split("@", 1)[1].split("/", 1)[0].split(":")
    proxy = TcpProxy(amqp_host, int(amqp_port))
    overrides = {
        "BANZU_ADMIN_USERNAME": "admin", "BANZU_ADMIN_PASSWORD": "E2e-" + secrets.token_hex(8),
        "BANZU_JWT_SECRET": secrets.token_hex(32), "BANZU_DATA_DIR": str(data_dir),
        "BANZU_BROKER_URL": f"amqp://guest:guest@127.0.0.1:{proxy.port}/%2F",
        "BANZU_RELAY_POLL_SECONDS": "0.05", "BANZU_WEB_WORKERS": "1", "BANZU_WEB_THREADS": "8",
        # few idle connections per process: two systems of the test run share PostgreSQL's 100
        "BANZU_DB_POOL_SIZE": "2", "BANZU_DB_MAX_OVERFLOW": "8",
        "BANZU_DEMO": "1",  # the worked examples sweep days after today
        # the tests' chat robots (RobotServer) listen on this machine, over http (R14: tests only)
        "BANZU_ROBOT_HOSTS": "127.0.0.1", "BANZU_ROBOT_ALLOW_PRIVATE": "1",
        **bus_names, **settings,
    }
    for part in banzu_system.PARTS:
        overrides[f"BANZU_{part.upper()}_DATABASE_URL"] = make_database(part)
        overrides[f"BANZU_{part.upper()}_PORT"] = str(free_port())
    # QR codes link to the verification page of this run's gateway.
    overrides["BANZU_PUBLIC_URL"] = f"http://127.0.0.1:{overrides['BANZU_GATEWAY_PORT']}"
    env = banzu_system.base_env(overrides)
    banzu_system.prepare(env)
    logs = Path(os.environ.get("BANZU_TEST_OUTPUT", banzu_system.ROOT / "test-output")) / "e2e-logs"
    logs.mkdir(parents=True, exist_ok=True)
    running = RunningSystem(env, logs, proxy)
    try:
        for name in banzu_system.processes(env):
            running.start(name)
        for part in banzu_system.PARTS:
            wait_healthy(running.service_url(part))
        running.occupations(OCCUPATIONS)  # what the demo data has: the tests' workers, courses and contests name them
        yield running
    finally:
        for name in list(running.processes):
            running.stop(name)
        for engine in running.engines.values():
            engine.dispose()
        proxy.__exit__()
