"""R9: a three-node RabbitMQ cluster with quorum queues loses the node leading the queues in the
middle of 10,000 promotions, and later gets it back: every promotion is applied once, and the relay
and the consumer carry on with the surviving nodes.

The cluster is this test's own (three nodes from Debian's rabbitmq-server beside the shared broker)."""
from __future__ import annotations

import json
import time

import pytest

from pipeline_checks import Progress, assert_each_applied_once

pytestmark = pytest.mark.cluster

PROMOTIONS = 10_000


def clients_on(cluster, node) -> int:
    """AMQP connections the cluster's nodes hold on `node`'s listener."""
    anyone = next(n for n in cluster.nodes if cluster.running(n))
    ports = cluster.ctl(anyone, "list_connections", "port", "--no-table-headers").split()
    return sum(1 for port in ports if port == str(node.port))


def test_losing_the_leading_node_in_the_middle_of_10000_promotions(rabbit_cluster, pipeline, pipeline_names):
    flow = pipeline(rabbit_cluster.broker_url, quorum=True)
    flow.commit(10)
    flow.wait_applied(10, seconds=120)
    queue = f"{pipeline_names['BANZU_QUEUE_PREFIX']}gateway.events"
    leader = rabbit_cluster.leader(queue)
    connected_to_leader = clients_on(rabbit_cluster, leader)

    with Progress(flow) as progress:
        for _ in range(PROMOTIONS // 1000):
            flow.commit(1000)
        progress.wait_for(10 + 1000, seconds=120, what="before the node is stopped")
        stopping = time.monotonic()
        in_flight = flow.committed() - flow.applied()
        rabbit_cluster.stop(leader)
        stopped = time.monotonic()
        drained = progress.wait_for(flow.committed(), seconds=300, what="with the leading node stopped")
    pause = progress.longest_pause(stopping, drained)
    new_leader = rabbit_cluster.leader(queue)
    assert new_leader != leader and not rabbit_cluster.running(leader), "drained by the surviving nodes"

    rabbit_cluster.restart(leader)
    members = json.loads(rabbit_cluster.ctl(leader, "quorum_status", queue, "--formatter", "json",
                                            tool="rabbitmq-queues"))
    assert {m["Node Name"] for m in members} == {n.name for n in rabbit_cluster.nodes}
    assert all(m["Raft State"] in ("leader", "follower") for m in members), members
    flow.commit(1000)  # and the cluster with all three nodes goes on working
    flow.wait_applied(flow.committed(), seconds=120)
    effects = assert_each_applied_once(flow, rabbit_cluster.broker_url, pipeline_names["BANZU_QUEUE_PREFIX"])
    print(f"\nR9: stopped {leader.name} (leader of {queue}, {connected_to_leader} client connection(s) on it) "
          f"with {in_flight:,} events in flight (its process took {stopped - stopping:.1f} s to exit); "
          f"longest pause in applying {pause:.1f} s; drained by the surviving nodes {drained - stopping:.1f} s "
          f"after the stop (new leader {new_leader.name}); the node "
          f"rejoined as a follower; {effects['promotions']:,} promotions applied, 0 lost, 0 applied twice")
