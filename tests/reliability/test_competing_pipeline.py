"""R10: two relays share competition's outbox and two consumers share the gateway's queue, on
PostgreSQL: every promotion is published, and applied once."""
from __future__ import annotations

from pipeline_checks import assert_each_applied_once, consumers_on

PROMOTIONS = 20_000


def test_two_relays_and_two_consumers_apply_every_event_once(pipeline, infrastructure, pipeline_names):
    flow = pipeline(infrastructure.amqp_url, relays=2, consumers=2)
    flow.commit(10)
    flow.wait_applied(10, seconds=120)
    for _ in range(PROMOTIONS // 1000):
        flow.commit(1000)
    flow.wait_applied(flow.committed(), seconds=300)
    queue = f"{pipeline_names['BANZU_QUEUE_PREFIX']}gateway.events"
    assert consumers_on(infrastructure.amqp_url, queue) == 2, "both consumers are at work on the queue"
    assert all(process.poll() is None for process in flow.processes.values()), "no process gave up"
    assert_each_applied_once(flow, infrastructure.amqp_url, pipeline_names["BANZU_QUEUE_PREFIX"])
