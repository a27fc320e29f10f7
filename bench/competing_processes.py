"""R10: throughput of the event pipeline with two relays and two consumers at once (competing on
competition's outbox with SKIP LOCKED and on the gateway's queue), beside one of each, same run.

Every event is still applied once: the count of promotions at the gateway is checked after each run.
"""
from __future__ import annotations

import os
import time

from common import bus_env, remove_bus, report, scratch_databases
from event_pipeline import Pipeline


def throughput(processes: int, events: int) -> float:
    with scratch_databases(f"producer{processes}", f"gateway{processes}") as (producer_url, gateway_url):
        pipeline = Pipeline(producer_url, gateway_url, bus_env(), relays=processes, consumers=processes)
        try:
            pipeline.commit(10)
            pipeline.wait_applied(10)
            started = time.perf_counter()
            for _ in range(events // 1000):
                pipeline.commit(1000)
            pipeline.wait_applied(10 + events)
            elapsed = time.perf_counter() - started
            effects = pipeline.effects()
            if set(effects.values()) != {10 + events}:
                raise RuntimeError(f"{10 + events} promotions committed, the gateway holds {effects}")
        finally:
            pipeline.close()
            remove_bus()
    return events / elapsed


def run(events: int = int(os.environ.get("BANZU_BENCH_EVENTS", "20000"))) -> list[dict]:
    one = throughput(1, events)
    two = throughput(2, events)
    return [report("R10", f"two relays and two consumers, {events:,} promotions outbox -> applied", two,
                   "events/s", one, "one relay and one consumer", "every event applied once")]


if __name__ == "__main__":
    run()
