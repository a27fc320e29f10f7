"""Exchanges and queues of events.md, declared idempotently by every relay and consumer.

For each consuming service `<s>`:
- `<prefix><s>.events`: the work queue, bound to the event types it consumes; rejected messages
  dead-letter through `<exchange>.dlx` into `<prefix><s>.events.dlq`;
- `<prefix><s>.events.retry.<n>`: one queue per retry attempt whose TTL is that attempt's delay and
  whose dead-letter target is the work queue again (delayed retries without broker plugins).
With BANZU_QUEUE_TYPE=quorum (a cluster) every one of these is a quorum queue.
"""
from __future__ import annotations

import os

from pika.adapters.blocking_connection import BlockingChannel

from banzu_common.config import Settings
from banzu_common.messaging.catalogue import SUBSCRIPTIONS


def dead_letter_queue(queue: str) -> str:
    return f"{queue}.dlq"


def retry_queue(queue: str, attempt: int) -> str:
    return f"{queue}.retry.{attempt}"


def quorum_queues() -> bool:
    return os.environ.get("BANZU_QUEUE_TYPE") == "quorum"


def _queue_arguments(extra: dict) -> dict:
    if quorum_queues():
        # In a cluster: queues replicated on a majority of nodes, so losing one node loses no message.
        # The delivery limit backs up our own retry count (a message that keeps crashing consumers
        # is dead-lettered); at-least-once dead-lettering keeps a message that moves to the
        # dead-letter or retry path safe across a node failure (it needs reject-publish overflow).
        quorum = {"x-queue-type": "quorum", "x-delivery-limit": 20}
        if "x-dead-letter-exchange" in extra:
            quorum.update({"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"})
        return {**quorum, **extra}
    return extra


def declare_consumer(channel: BlockingChannel, settings: Settings, service: str) -> str:
    queue = settings.queue(service)
    channel.queue_declare(queue, durable=True, arguments=_queue_arguments({
        "x-dead-letter-exchange": settings.dead_letter_exchange,
        "x-dead-letter-routing-key": queue,
    }))
    for event_type in SUBSCRIPTIONS[service]:
        channel.queue_bind(queue, settings.exchange, routing_key=event_type)
    dlq = dead_letter_queue(queue)
    channel.queue_declare(dlq, durable=True, arguments=_queue_arguments({}))
    channel.queue_bind(dlq, settings.dead_letter_exchange, routing_key=queue)
    for attempt, delay in enumerate(settings.retry_delays_ms, start=1):
        channel.queue_declare(retry_queue(queue, attempt), durable=True, arguments=_queue_arguments({
            "x-message-ttl": delay,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": queue,
        }))
    return queue


def declare_all(channel: BlockingChannel, settings: Settings) -> None:
    channel.exchange_declare(settings.exchange, exchange_type="topic", durable=True)
    channel.exchange_declare(settings.dead_letter_exchange, exchange_type="direct", durable=True)
    for service in SUBSCRIPTIONS:
        declare_consumer(channel, settings, service)


def delete_all(channel: BlockingChannel, settings: Settings) -> None:
    """Removes what `declare_all` made (test isolation)."""
    for service in SUBSCRIPTIONS:
        queue = settings.queue(service)
        for name in [queue, dead_letter_queue(queue)] + [retry_queue(queue, n)
                                                         for n in range(1, len(settings.retry_delays_ms) + 1)]:
            channel.queue_delete(name)
    channel.exchange_delete(settings.exchange)
    channel.exchange_delete(settings.dead_letter_exchange)
