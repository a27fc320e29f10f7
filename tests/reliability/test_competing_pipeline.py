"""R10: two relays share competition's outbox and two consumers share the gateway's queue, on
PostgreSQL: every promotion is published, and applied once; each relay and each consumer did a real
share of the work (their own counters), and nothing was published twice (the relays' confirmed
publishes add up to exactly the events committed, and no consumer was handed an event it had applied
already)."""
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
    total = flow.committed()
    published = {name: flow.counted(name, "banzu_relay_published") for name in ("relay-1", "relay-2")}
    settled = {name: flow.counted(name, "banzu_consumer_messages") for name in ("consumer-1", "consumer-2")}
    duplicates = {name: flow.counted(name, "banzu_consumer_duplicates") for name in ("consumer-1", "consumer-2")}
    print(f"R10: {total:,} events; published {published}; settled {settled}; duplicates seen {duplicates}")
    assert sum(published.values()) == total, f"each event published once: {published} for {total}"
    assert sum(settled.values()) == total and sum(duplicates.values()) == 0, (settled, duplicates)
    for name, share in (published | settled).items():
        assert share >= total / 10, f"{name} did a real share of the work: {share:,.0f} of {total:,}"
