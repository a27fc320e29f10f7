"""Promotions flowing from competition's outbox through relay processes and a broker to the
gateway's consumer processes, on PostgreSQL, with brokers the tests may stop (R1, R9, R10)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from banzu_common.config import Settings
from banzu_common.messaging.connection import BROKER_ERRORS, blocking_connection
from banzu_common.messaging.topology import delete_all

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from event_pipeline import Pipeline  # noqa: E402


@pytest.fixture
def pipeline_names(run_id, bus_names) -> dict[str, str]:
    """Bus names of the pipeline's own: on the shared broker, the running system of the end-to-end
    tests (which uses this run's names) must not take the pipeline's events."""
    return bus_names | {"BANZU_EXCHANGE": f"t{run_id}r.banzu.events", "BANZU_QUEUE_PREFIX": f"t{run_id}r."}


@pytest.fixture
def pipeline(make_database, pipeline_names):
    """`pipeline(broker_url, relays=1, consumers=1, quorum=False)` -> a running Pipeline, closed at the end
    and its queues removed (where its broker still runs)."""
    made: list[tuple[str, Pipeline]] = []
    logs = Path(os.environ.get("BANZU_TEST_OUTPUT", ROOT / "test-output")) / "reliability-logs"
    logs.mkdir(parents=True, exist_ok=True)

    def make(broker_url: str, relays: int = 1, consumers: int = 1, quorum: bool = False) -> Pipeline:
        env = {**pipeline_names, "BANZU_BROKER_URL": broker_url,
               "BANZU_QUEUE_TYPE": "quorum" if quorum else "classic"}
        made.append((broker_url, Pipeline(make_database("producer"), make_database("gateway"), env, relays,
                                          consumers, logs)))
        return made[-1][1]

    yield make
    for broker_url, running in made:
        running.close()
        names = Settings("gateway", "sqlite://", exchange=pipeline_names["BANZU_EXCHANGE"],
                         queue_prefix=pipeline_names["BANZU_QUEUE_PREFIX"],
                         retry_delays_ms=tuple(int(d) for d in pipeline_names["BANZU_RETRY_DELAYS_MS"].split(",")))
        try:
            with blocking_connection(broker_url) as connection:
                delete_all(connection.channel(), names)
        except BROKER_ERRORS:
            pass  # the test's own broker nodes are gone already, and their queues with them
