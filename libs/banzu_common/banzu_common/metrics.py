"""Prometheus metrics of every part: HTTP, the event pipeline, and how each kind of process shows them.

Web workers run under gunicorn, several per process group: with PROMETHEUS_MULTIPROC_DIR set (by
deploy/gunicorn.conf.py, one empty directory per gunicorn master) their counters are kept in files
there and `/metrics` adds up every worker's, so any worker answers with the group's totals. Relays,
consumers, the scheduler and the sender are single processes: each serves its own metrics on
BANZU_METRICS_PORT (`serve_from_env`). The outbox's backlog is read from the part's database when
`/metrics` is scraped, so it keeps being reported while the relay is down.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timezone

from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram,
                               generate_latest, multiprocess, start_http_server)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine, Table, func, select
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# -- web -------------------------------------------------------------------------------------------
REQUESTS = Counter("banzu_http_requests", "HTTP requests", ["service", "method", "endpoint", "status"])
LATENCY = Histogram("banzu_http_request_seconds", "HTTP request latency", ["service", "endpoint"])

# -- the event pipeline (labelled by part: gateway, competition, training, credentials) ------------
RELAY_PUBLISHED = Counter("banzu_relay_published", "Outbox events the broker confirmed", ["part"])
RELAY_FAILURES = Counter("banzu_relay_failures", "Relay failures: broker (no connection, or it was lost), "
                         "refused (events the broker nacked), database (outbox unreadable or not marked)",
                         ["part", "reason"])
CONSUMED = Counter("banzu_consumer_messages", "Messages a consumer settled, by outcome: applied, retried "
                   "(sent to a retry queue), dead_lettered", ["part", "outcome"])
OUTCOMES = {"done": "applied", "retry": "retried", "dead": "dead_lettered"}
DUPLICATES = Counter("banzu_consumer_duplicates", "Deliveries of an event the part had applied already (acknowledged, "
                     "nothing changed): a redelivery, or an event published twice", ["part"])
QUEUED = Gauge("banzu_queue_messages", "Messages ready in a part's queue (queue=events) and its dead-letter queue "
               "(queue=dead_letters), as its consumer last counted them", ["part", "queue"],
               multiprocess_mode="mostrecent")
# not "job": Prometheus gives every scraped series its own `job` label
SCHEDULER_RUNS = Counter("banzu_scheduler_runs", "Scheduled job runs, by outcome (done, failed)",
                         ["job_name", "outcome"])


class OutboxBacklog:
    """Collector: events written but not yet confirmed by the broker, and the age of the oldest."""

    def __init__(self, part: str, engine: Engine, outbox: Table):
        self.part, self.engine, self.outbox = part, engine, outbox

    def collect(self):
        pending = GaugeMetricFamily("banzu_outbox_pending", "Outbox events not yet published", labels=["part"])
        oldest = GaugeMetricFamily("banzu_outbox_oldest_pending_age_seconds",
                                   "Age of the oldest unpublished outbox event (0 when none)", labels=["part"])
        try:
            with self.engine.connect() as connection:
                count, first = connection.execute(select(func.count(), func.min(self.outbox.c.created_at))
                                                  .where(self.outbox.c.published_at.is_(None))).one()
        except SQLAlchemyError as error:  # the other metrics still go out; /readyz tells the database is away
            log.warning("metrics: cannot read the %s outbox (%s)", self.part, error.__class__.__name__)
            return []
        if first is not None and first.tzinfo is None:  # SQLite hands back naive UTC
            first = first.replace(tzinfo=timezone.utc)
        pending.add_metric([self.part], count)
        oldest.add_metric([self.part], (datetime.now(timezone.utc) - first).total_seconds() if first else 0.0)
        return [pending, oldest]


def exposition(*collectors) -> tuple[bytes, str]:
    """The text a `/metrics` answer carries: this process's metrics, or with PROMETHEUS_MULTIPROC_DIR
    set the sum over the process group's workers (a fresh registry per scrape, as the client's
    multiprocess mode requires), plus `collectors` read now."""
    registry = CollectorRegistry(support_collectors_without_names=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Everything())
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Everything:
    """The process's default registry, inside a registry of the scrape's own."""

    def collect(self):
        return REGISTRY.collect()


def serve_from_env() -> None:
    """A background process's own endpoint on BANZU_METRICS_PORT (BANZU_METRICS_HOST, default
    127.0.0.1); unset, nothing is served. Prometheus scrapes it, and `up == 0` says the process is down."""
    port = int(os.environ.get("BANZU_METRICS_PORT") or 0)
    if port:
        start_http_server(port, addr=os.environ.get("BANZU_METRICS_HOST", "127.0.0.1"))
