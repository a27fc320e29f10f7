"""What every benchmark needs: throw-away PostgreSQL databases, isolated bus names, and a report
line that prints the measured figure beside the baseline measured in the same run."""
from __future__ import annotations

import os
import socket
import statistics
import time
import urllib.request
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

POSTGRES = os.environ.get("BANZU_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BANZU_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
RUN = uuid.uuid4().hex[:6]


def database_url(name: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


@contextmanager
def scratch_databases(*labels: str):
    """New empty databases for one benchmark, dropped afterwards."""
    admin = create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    names = [f"banzu_bench_{RUN}_{label}" for label in labels]
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield [database_url(name) for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bus_env() -> dict[str, str]:
    return {"BANZU_BROKER_URL": AMQP, "BANZU_EXCHANGE": f"bench{RUN}.banzu.events",
            "BANZU_QUEUE_PREFIX": f"bench{RUN}."}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(bench_id: str, what: str, measured: float, unit: str, baseline: float | None = None,
           baseline_what: str = "", target: str = "") -> dict:
    """One line: the figure, the baseline, and their ratio (measured / baseline)."""
    ratio = measured / baseline if baseline else None
    line = f"{bench_id} {what}: {measured:,.2f} {unit}"
    if baseline is not None:
        line += f" | baseline ({baseline_what}): {baseline:,.2f} {unit} | {ratio:.2f}× the baseline"
    if target:
        line += f" | target {target}"
    print(line, flush=True)
    return {"id": bench_id, "what": what, "value": measured, "unit": unit, "baseline": baseline, "ratio": ratio,
            "target": target}


def median(values: list[float]) -> float:
    return statistics.median(values)


def remove_bus() -> None:
    """This run's exchanges and queues, with any events nobody consumed in the benchmark."""
    from banzu_common.config import Settings
    from banzu_common.messaging.connection import blocking_connection
    from banzu_common.messaging.topology import delete_all

    names = bus_env()
    settings = Settings(service="bench", database_url="sqlite://", broker_url=names["BANZU_BROKER_URL"],
                        exchange=names["BANZU_EXCHANGE"], queue_prefix=names["BANZU_QUEUE_PREFIX"])
    with blocking_connection(settings.broker_url) as connection:
        delete_all(connection.channel(), settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str) -> None:
    """Until the server at `url` answers /healthz (a minute at most)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
