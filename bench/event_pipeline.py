"""S2: grade promotions committed in a service -> applied to team scores at the gateway.

The competition service's real outbox and relay process (publisher confirms) feed the gateway's real
consumer process (idempotent apply into the score ledger), both on PostgreSQL. Baseline, same run:
bare pika publishing without confirms and consuming with plain acks, no database at all.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import pika
from sqlalchemy import create_engine, insert, text

from common import bus_env, percentile, remove_bus, report, scratch_databases

ROOT = Path(__file__).resolve().parents[1]
PROMOTION = "banzu.grade.promotion.earned.v1"


def engine(url: str):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def promotion(employee_no: str, team: str) -> dict:
    return {"promotion_id": str(uuid.uuid4()), "employee_no": employee_no, "team_code": team,
            "occupation": "electrician", "from_grade": "junior", "to_grade": "intermediate", "source": "contest",
            "source_id": "bench", "source_name": "Benchmark contest", "effective_on": date.today().isoformat()}


def baseline_bare_pika(count: int) -> float:
    queue = f"bench-bare-{uuid.uuid4().hex[:6]}"
    connection = pika.BlockingConnection(pika.URLParameters(bus_env()["BANZU_BROKER_URL"]))
    channel = connection.channel()
    channel.queue_declare(queue, durable=True)
    body = b'{"x": "' + b"y" * 400 + b'"}'
    started = time.perf_counter()
    for _ in range(count):
        channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2))
    channel.basic_qos(prefetch_count=200)
    received = 0
    for method, _, _ in channel.consume(queue, inactivity_timeout=5):
        if method is None:
            break
        received += 1
        if received % 100 == 0 or received == count:
            channel.basic_ack(method.delivery_tag, multiple=True)
        if received == count:
            break
    elapsed = time.perf_counter() - started
    channel.queue_delete(queue)
    connection.close()
    return received / elapsed


class Pipeline:
    """competition's outbox and relay process(es) -> the gateway's consumer process(es), on PostgreSQL.

    Also used by the reliability tests (R1, R9, R10), which give it their own broker nodes and names
    (`env`) and several relays and consumers at once."""

    def __init__(self, producer_url: str, gateway_url: str, env: dict | None = None, relays: int = 1,
                 consumers: int = 1, logs: Path | None = None):
        self.env = {**os.environ, **(env or bus_env()), "BANZU_COMPETITION_DATABASE_URL": producer_url,
                    "BANZU_GATEWAY_DATABASE_URL": gateway_url, "BANZU_RELAY_POLL_SECONDS": "0.02"}
        self.producer = engine(producer_url)
        self.gateway = engine(gateway_url)
        self.logs = logs or Path(os.environ.get("BANZU_BENCH_LOGS", "/tmp"))
        self.processes: dict[str, subprocess.Popen] = {}
        self.metrics_ports: dict[str, int] = {}
        for command in (["banzu-competition", "migrate"], ["banzu-gateway", "migrate"]):
            subprocess.run([self._bin(command[0]), command[1]], env=self.env, check=True, capture_output=True)
        from banzu_common.db import session_factory
        from banzu_common.messaging.outbox import Outbox
        from banzu_competition.adapters.tables import metadata
        self.outbox = Outbox(metadata.tables["outbox"], "/banzu/competition")
        self.sessions = session_factory(self.producer)
        self.workers = [f"B{n:04d}" for n in range(200)]
        self._seed_directory()
        for n in range(1, relays + 1):
            self.start(f"relay-{n}", ["banzu-competition", "relay"])
        for n in range(1, consumers + 1):
            self.start(f"consumer-{n}", ["banzu-gateway", "consume"])

    @staticmethod
    def _bin(name: str) -> str:
        return str(Path(sys.executable).parent / name)

    def start(self, name: str, command: list[str]) -> None:
        """Starts a relay or consumer process, serving its own metrics (`counted`) on a port of its own."""
        from banzu_common.testing_receivers import free_port
        log = open(self.logs / f"pipeline-{name}.log", "a")
        self.metrics_ports[name] = free_port()
        self.processes[name] = subprocess.Popen([self._bin(command[0]), *command[1:]], stdout=log,
                                                env={**self.env, "BANZU_METRICS_PORT": str(self.metrics_ports[name])},
                                                stderr=subprocess.STDOUT)

    def counted(self, name: str, metric: str) -> float:
        """A counter's total as process `name` (still running) serves it, e.g. banzu_relay_published."""
        from prometheus_client.parser import text_string_to_metric_families
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_ports[name]}/metrics", timeout=10) as answer:
            families = text_string_to_metric_families(answer.read().decode())
            return sum(sample.value for family in families if family.name == metric for sample in family.samples
                       if sample.name == f"{metric}_total")

    def _seed_directory(self) -> None:
        from banzu_gateway.adapters.tables import memberships, teams, workers
        now = datetime.now(timezone.utc)
        with self.gateway.begin() as connection:
            connection.execute(insert(teams).values(code="BENCH", name="Bench team", company="Bench Co",
                                                    updated_at=now))
            connection.execute(insert(workers), [{"employee_no": n, "name": n, "team_code": "BENCH",
                                                  "occupation": "electrician", "grade": "junior", "updated_at": now}
                                                 for n in self.workers])
            connection.execute(insert(memberships), [{"employee_no": n, "team_code": "BENCH", "since": date(2000, 1, 1)}
                                                     for n in self.workers])

    def commit(self, count: int) -> None:
        from banzu_common.messaging.envelope import Envelope
        with self.sessions() as session, session.begin():
            self.outbox.add_all(session, [
                Envelope.new(PROMOTION, self.outbox.source, None,
                             promotion(self.workers[i % len(self.workers)], "BENCH"), None)
                for i in range(count)])

    def applied(self) -> int:
        with self.gateway.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM processed_events WHERE type = :t"),
                                      {"t": PROMOTION}).scalar()

    def unpublished(self) -> int:
        with self.producer.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")).scalar()

    def committed(self) -> int:
        with self.producer.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM outbox WHERE type = :t"), {"t": PROMOTION}).scalar()

    def effects(self) -> dict[str, int]:
        """What the gateway holds for the promotions: each must be there once."""
        with self.gateway.connect() as connection:
            return {"promotions": connection.execute(text("SELECT count(*) FROM promotions")).scalar(),
                    "distinct promotions": connection.execute(
                        text("SELECT count(DISTINCT promotion_id) FROM promotions")).scalar(),
                    "ledger entries": connection.execute(
                        text("SELECT count(*) FROM ledger_entries WHERE kind = 'promotion'")).scalar(),
                    "processed events": self.applied()}

    def wait_published(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while self.unpublished():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.unpublished()} events still unpublished")
            time.sleep(0.05)

    def wait_applied(self, total: int, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while self.applied() < total:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {self.applied()} of {total} applied")
            time.sleep(0.05)

    def latencies(self, since: datetime) -> list[float]:
        with self.producer.connect() as connection:
            created = dict(connection.execute(text("SELECT event_id, created_at FROM outbox WHERE created_at >= :s"),
                                              {"s": since}).all())
        with self.gateway.connect() as connection:
            applied = dict(connection.execute(text("SELECT event_id, processed_at FROM processed_events "
                                                   "WHERE processed_at >= :s"), {"s": since}).all())
        return [(applied[e] - created[e]).total_seconds() * 1000 for e in created if e in applied]

    def close(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(timeout=30)
        self.producer.dispose()
        self.gateway.dispose()


def run(events: int = int(os.environ.get("BANZU_BENCH_EVENTS", "20000")), rate: int = 200, seconds: int = 10) -> list[dict]:
    results = []
    with scratch_databases("producer", "gateway") as (producer_url, gateway_url):
        pipeline = Pipeline(producer_url, gateway_url)
        try:
            pipeline.commit(10)  # warm up: connections, topology, first transactions
            pipeline.wait_applied(10)
            started = time.perf_counter()
            for _ in range(events // 1000):
                pipeline.commit(1000)
            pipeline.wait_published()
            relayed = events / (time.perf_counter() - started)
            pipeline.wait_applied(10 + events)
            throughput = events / (time.perf_counter() - started)

            since = datetime.now(timezone.utc)
            for tick in range(rate * seconds // 10):
                due = time.perf_counter() + 1 / (rate / 10)
                pipeline.commit(10)
                time.sleep(max(0.0, due - time.perf_counter()))
            pipeline.wait_applied(10 + events + rate * seconds)
            latencies = pipeline.latencies(since)
        finally:
            pipeline.close()
            remove_bus()
    baseline = baseline_bare_pika(events)
    results.append(report("S2", f"promotions committed -> applied at the gateway ({events:,} events)", throughput,
                          "events/s", baseline, "bare pika, no confirms, no database", "≥ 2,000 events/s"))
    results.append(report("S2", "of which the relay alone (outbox -> broker, confirmed)", relayed, "events/s"))
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    results.append(report("S2", f"commit-to-applied latency at {rate} events/s, p50", p50, "ms"))
    results.append(report("S2", f"commit-to-applied latency at {rate} events/s, p99", p99, "ms",
                          target="≤ 500 ms"))
    return results


if __name__ == "__main__":
    run()
