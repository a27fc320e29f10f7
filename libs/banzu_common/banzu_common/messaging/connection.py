"""Broker connections for relay, consumer and replay processes (never inside a web worker).

BANZU_BROKER_URL may name several nodes of one RabbitMQ cluster (comma-separated AMQP URLs): a
connection goes to the first node in that order that answers, so a process whose node goes away
reconnects to another one (and back to the first once it is up again and the process reconnects).
"""
from __future__ import annotations

import logging
import time

import pika
from pika.exceptions import AMQPChannelError, AMQPConnectionError

from banzu_common.config import broker_urls

log = logging.getLogger(__name__)

BROKER_ERRORS = (AMQPConnectionError, AMQPChannelError, ConnectionError, OSError)
# compose's broker publishes no port: it serves the compose project's own containers only
HOW_TO_START = ("start one with `rabbitmq-server -detached` (Debian package rabbitmq-server), "
                "or point BANZU_BROKER_URL at yours")


def parameters(url: str) -> pika.URLParameters:
    """One node's connection parameters (`url` is a single AMQP URL)."""
    params = pika.URLParameters(url)
    params.heartbeat = 30
    params.blocked_connection_timeout = 60
    params.connection_attempts = 1
    params.socket_timeout = 5
    return params


def blocking_connection(broker_url: str) -> pika.BlockingConnection:
    # pika tries the listed nodes in order and keeps the first that accepts.
    return pika.BlockingConnection([parameters(url) for url in broker_urls(broker_url)])


def connected_node(connection: pika.BlockingConnection) -> pika.URLParameters:
    """The node a blocking connection reached (pika keeps it on the underlying connection)."""
    return connection._impl.params


def safe_url(broker_url: str) -> str:
    return ", ".join(url.split("@")[-1] for url in broker_urls(broker_url))


class Backoff:
    """Growing delay between reconnection attempts; says once, clearly, that the broker is down."""

    def __init__(self, what: str, url: str, first: float = 0.5, longest: float = 5.0):
        self.what, self.url, self.first, self.longest = what, url, first, longest
        self.delay = first
        self.down = False

    def failed(self, error: Exception, stop=None) -> None:
        if not self.down:
            log.warning("%s: broker at %s unreachable (%s); retrying with growing delay; %s",
                        self.what, safe_url(self.url), error.__class__.__name__, HOW_TO_START)
            self.down = True
        if stop is not None:
            stop.wait(self.delay)
        else:
            time.sleep(self.delay)
        self.delay = min(self.delay * 2, self.longest)

    def succeeded(self) -> None:
        if self.down:
            log.info("%s: broker reachable again", self.what)
        self.down = False
        self.delay = self.first
