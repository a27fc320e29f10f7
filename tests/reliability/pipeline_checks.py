"""What the reliability tests measure and check on a Pipeline (bench/event_pipeline.py)."""
from __future__ import annotations

import threading
import time

from event_pipeline import Pipeline

from banzu_common.messaging.connection import blocking_connection


class Progress:
    """Samples, in the background, how many events are applied, to find the longest pause and the
    time to drain."""

    def __init__(self, pipeline: Pipeline, every: float = 0.1):
        self.pipeline = pipeline
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "Progress":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join(timeout=10)

    def _sample(self) -> None:
        while not self.done.is_set():
            self.samples.append((time.monotonic(), self.pipeline.applied()))
            self.done.wait(self.every)

    def wait_for(self, total: int, seconds: float, what: str) -> float:
        """Waits until `total` events are applied; returns when that was first seen."""
        deadline = time.monotonic() + seconds
        while True:
            seen = next((at for at, applied in reversed(self.samples[-3:]) if applied >= total), None)
            if seen is not None:
                return min(at for at, applied in self.samples if applied >= total)
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: {self.samples[-1][1]} of {total} applied after {seconds} s")
            time.sleep(self.every)

    def longest_pause(self, since: float, until: float) -> float:
        """Longest time between `since` and `until` during which the applied count did not move."""
        longest, still_since, last = 0.0, since, None
        for at, applied in self.samples:
            if at < since:
                last = applied
                continue
            if at > until:
                break
            if applied != last:
                longest = max(longest, at - still_since)
                still_since, last = at, applied
        return max(longest, min(until, self.samples[-1][0]) - still_since)


def _queue_state(broker_url: str, queue: str):
    """A passive declare: exact counts (the management statistics lag behind)."""
    with blocking_connection(broker_url) as connection:
        return connection.channel().queue_declare(queue, passive=True).method


def queue_depth(broker_url: str, queue: str) -> int:
    return _queue_state(broker_url, queue).message_count


def consumers_on(broker_url: str, queue: str) -> int:
    return _queue_state(broker_url, queue).consumer_count


def assert_each_applied_once(pipeline: Pipeline, broker_url: str, queue_prefix: str) -> dict[str, int]:
    committed = pipeline.committed()
    effects = pipeline.effects()
    assert effects == {"promotions": committed, "distinct promotions": committed, "ledger entries": committed,
                       "processed events": committed}, f"{committed} promotions committed; the gateway holds {effects}"
    assert pipeline.unpublished() == 0
    assert queue_depth(broker_url, f"{queue_prefix}gateway.events.dlq") == 0, "nothing was dead-lettered"
    return effects
