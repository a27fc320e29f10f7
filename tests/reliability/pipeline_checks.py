"""What the reliability tests measure and check on a Pipeline (bench/event_pipeline.py)."""
from __future__ import annotations

import time

from event_pipeline import Pipeline


class Progress:
    """Samples how many events are applied, to find the longest pause and the time to drain."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.samples: list[tuple[float, int]] = []

    def sample(self) -> int:
        applied = self.pipeline.applied()
        self.samples.append((time.monotonic(), applied))
        return applied

    def wait_for(self, total: int, seconds: float, what: str) -> float:
        """Samples until `total` events are applied; returns when that happened."""
        deadline = time.monotonic() + seconds
        while self.sample() < total:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: {self.samples[-1][1]} of {total} applied after {seconds} s")
            time.sleep(0.2)
        return self.samples[-1][0]

    def longest_pause(self, since: float) -> float:
        """Longest time after `since` during which the applied count did not move."""
        longest, still_since, last = 0.0, since, None
        for at, applied in self.samples:
            if at < since:
                last = applied
                continue
            if applied != last:
                longest = max(longest, at - still_since)
                still_since, last = at, applied
        return longest


def queue_depth(broker_url: str, queue: str) -> int:
    """Messages ready in a queue (a passive declare: the management statistics lag behind)."""
    from banzu_common.messaging.connection import blocking_connection
    with blocking_connection(broker_url) as connection:
        return connection.channel().queue_declare(queue, passive=True).method.message_count


def assert_each_applied_once(pipeline: Pipeline, broker_url: str, queue_prefix: str) -> dict[str, int]:
    committed = pipeline.committed()
    effects = pipeline.effects()
    assert effects == {"promotions": committed, "distinct promotions": committed, "ledger entries": committed,
                       "processed events": committed}, f"{committed} promotions committed; the gateway holds {effects}"
    assert pipeline.unpublished() == 0
    assert queue_depth(broker_url, f"{queue_prefix}gateway.events.dlq") == 0, "nothing was dead-lettered"
    return effects
