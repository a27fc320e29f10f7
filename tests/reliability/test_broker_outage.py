"""R1: the broker process stops for 30 s while more than 10,000 promotions are in flight, writes go
on meanwhile, then it starts again: every promotion is applied once at the gateway.

The broker is a RabbitMQ node of this test's own (the machine's shared broker stays up)."""
from __future__ import annotations

import time

import pytest

from pipeline_checks import Progress, assert_each_applied_once

pytestmark = pytest.mark.cluster

BATCH = 30_000
OUTAGE_SECONDS = 30


def test_broker_stopped_for_30_s_with_10000_events_in_flight(rabbit_node, pipeline, pipeline_names):
    node = rabbit_node.nodes[0]
    flow = pipeline(rabbit_node.broker_url)
    flow.commit(10)
    flow.wait_applied(10, seconds=120)

    for _ in range(BATCH // 1000):
        flow.commit(1000)
    deadline = time.monotonic() + 120
    while flow.committed() - flow.unpublished() < 2_000:  # stop once events sit in the broker
        assert time.monotonic() < deadline, "the relay does not publish"
        time.sleep(0.05)
    rabbit_node.stop(node)
    stopped = time.monotonic()
    applied_at_stop, unpublished_at_stop = flow.applied(), flow.unpublished()
    in_flight = flow.committed() - applied_at_stop
    assert in_flight >= 10_000, f"only {in_flight} events in flight when the broker stopped"

    written_during_outage = 0
    while time.monotonic() - stopped < OUTAGE_SECONDS:
        flow.commit(100)  # raises if a write is refused
        written_during_outage += 100
        time.sleep(1)
    assert not rabbit_node.running(node)
    rabbit_node.restart(node)
    restarted = time.monotonic()
    with Progress(flow) as progress:
        drained = progress.wait_for(flow.committed(), seconds=300, what="after the broker came back")
    effects = assert_each_applied_once(flow, rabbit_node.broker_url, pipeline_names["BANZU_QUEUE_PREFIX"])
    print(f"\nR1: broker process stopped {OUTAGE_SECONDS} s with {in_flight:,} events in flight "
          f"({unpublished_at_stop:,} still in the outbox, {in_flight - unpublished_at_stop:,} published, "
          f"not yet applied); {written_during_outage:,} written during the outage, all accepted; "
          f"drained {drained - restarted:.1f} s after the restart; "
          f"{effects['promotions']:,} promotions applied, 0 lost, 0 applied twice")
