"""Promotions flowing from competition's outbox through relay processes and a broker to the
gateway's consumer processes, on PostgreSQL, with brokers the tests may stop (R1, R9, R10)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from event_pipeline import Pipeline  # noqa: E402


@pytest.fixture
def pipeline(make_database, bus_names):
    """`pipeline(broker_url, relays=1, consumers=1, quorum=False)` -> a running Pipeline, closed at the end."""
    made: list[Pipeline] = []
    logs = Path(os.environ.get("BANZU_TEST_OUTPUT", ROOT / "test-output")) / "reliability-logs"
    logs.mkdir(parents=True, exist_ok=True)

    def make(broker_url: str, relays: int = 1, consumers: int = 1, quorum: bool = False) -> Pipeline:
        env = {**bus_names, "BANZU_BROKER_URL": broker_url, "BANZU_QUEUE_TYPE": "quorum" if quorum else "classic"}
        made.append(Pipeline(make_database("producer"), make_database("gateway"), env, relays, consumers, logs))
        return made[-1]

    yield make
    for running in made:
        running.close()
