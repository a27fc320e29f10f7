"""The sender: takes due messages from the outbox of outgoing messages and sends them, at least once
towards the mail server or the webhook. A failure is tried again after a growing delay
(BANZU_DELIVERY_RETRY_SECONDS), and once those are used up the message is marked failed, which
admins see and may send again. Several senders may run: each claims its own rows (see
adapters/delivery_queue.py). A robot gets at most BANZU_ROBOT_PER_MINUTE messages a minute (WeCom and
DingTalk group robots refuse more than 20); the rest wait without losing an attempt.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from prometheus_client import Counter, Gauge

from banzu_gateway import config
from banzu_gateway.adapters.delivery_queue import DeliveryQueue, Outgoing
from banzu_gateway.adapters.outgoing import Permanent, Temporary

log = logging.getLogger(__name__)

SENT = Counter("banzu_deliveries_sent", "Outgoing messages sent", ["channel"])
FAILED_ATTEMPTS = Counter("banzu_delivery_attempts_failed", "Failed attempts to send, by what followed",
                          ["channel", "then"])
PENDING = Gauge("banzu_deliveries_pending", "Outgoing messages waiting to be sent")


@dataclass(frozen=True)
class SenderSettings:
    retry_seconds: tuple[float, ...] = (10, 60, 300, 1800, 7200)  # delays after each failed attempt
    batch: int = 20
    poll_seconds: float = 1.0
    robot_per_minute: int = 20

    @classmethod
    def from_env(cls) -> "SenderSettings":
        return cls(**config.sender())

    def lease(self, timeout_seconds: float) -> timedelta:
        """Long enough for a whole batch to time out message by message."""
        return timedelta(seconds=self.batch * timeout_seconds * 2 + 60)


class Sender:
    def __init__(self, queue: DeliveryQueue, transports: dict, settings: SenderSettings,
                 stop: threading.Event | None = None, timeout_seconds: float = 15.0):
        self.queue = queue
        self.transports = transports
        self.settings = settings
        self.stop = stop or threading.Event()
        self.lease = settings.lease(timeout_seconds)

    def run(self) -> None:
        log.info("sender %s: sending e-mails and robot messages", self.queue.sender)
        while not self.stop.is_set():
            try:
                PENDING.set(self.queue.pending())
                busy = self.send_due()
            except Exception:  # the database is away: wait and try again
                log.exception("sender: cannot read the outgoing messages; trying again shortly")
                busy = 0
            if not busy:
                self.stop.wait(self.settings.poll_seconds)
        for transport in self.transports.values():
            transport.close()

    def send_due(self) -> int:
        """Sends one batch of due messages; returns how many were taken."""
        claimed = self.queue.claim(self.settings.batch, self.lease, _now())
        for index, item in enumerate(claimed):
            if self.stop.is_set():
                self.queue.release(claimed[index:])
                break
            self._send(item)
        for transport in self.transports.values():
            transport.close()  # one SMTP connection per batch
        return len(claimed)

    def _send(self, item: Outgoing) -> None:
        if item.channel == "robot" and self._robot_busy(item):
            return
        try:
            self.transports[item.channel].send(item)
        except Exception as error:  # whatever goes wrong with one message stays with that message
            retry_at = self._retry_at(item) if isinstance(error, Temporary) else None
            if not isinstance(error, (Temporary, Permanent)):  # not foreseen: never worth holding others up for
                log.exception("sender: %s %s cannot be sent", item.channel, item.id)
                error = Permanent(f"{type(error).__name__}: {error}")
            self.queue.failed(item, str(error)[:1000], _now(), retry_at, error.reason)
            FAILED_ATTEMPTS.labels(item.channel, "retry" if retry_at else "failed").inc()
            log.warning("sender: %s %s to %s failed (attempt %d): %s; %s", item.channel, item.id, item.recipient,
                        item.attempts + 1, error, f"next try at {retry_at:%H:%M:%S}" if retry_at else "given up")
            return
        self.queue.sent(item, _now())
        SENT.labels(item.channel).inc()

    def _retry_at(self, item: Outgoing) -> datetime | None:
        """After the n-th failed attempt, the n-th delay; none once they are used up."""
        delays = self.settings.retry_seconds
        return _now() + timedelta(seconds=delays[item.attempts]) if item.attempts < len(delays) else None

    def _robot_busy(self, item: Outgoing) -> bool:
        now = _now()
        if self.queue.sent_to_since(item.address, now - timedelta(minutes=1)) < self.settings.robot_per_minute:
            return False
        self.queue.postpone(item, now + timedelta(seconds=60 / self.settings.robot_per_minute))
        return True


def _now() -> datetime:
    return datetime.now(timezone.utc)
