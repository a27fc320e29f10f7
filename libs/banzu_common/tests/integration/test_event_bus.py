"""The event bus end to end on the real PostgreSQL and RabbitMQ: outbox -> relay -> consumer."""
from __future__ import annotations

import dataclasses
import threading
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import OperationalError

from banzu_common.db import make_engine, session_factory
from banzu_common.messaging.consumer import EventConsumer
from banzu_common.messaging.dead_letters import list_dead_letters, replay
from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.outbox import Outbox
from banzu_common.messaging import relay as relay_module
from banzu_common.messaging.relay import OutboxRelay, OutboxStore
from banzu_common.messaging.tables import add_messaging_tables
from banzu_common.metrics import OutboxBacklog, exposition
from banzu_common.testing import promtool

PROMOTION = "banzu.grade.promotion.earned.v1"


def wait_for(check, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not true after {timeout} s (last: {value!r})")
        time.sleep(0.05)


class Part:
    """One service's database with the messaging tables and an `applied` table for effects."""

    def __init__(self, url: str):
        self.metadata = MetaData()
        self.tables = add_messaging_tables(self.metadata)
        self.applied = Table("applied", self.metadata, Column("id", Integer, primary_key=True),
                             Column("event_id", String(36)), Column("value", String(50)))
        self.engine = make_engine(url)
        self.metadata.create_all(self.engine)
        self.sessions = session_factory(self.engine)

    def count_applied(self, value: str | None = None) -> int:
        query = select(func.count()).select_from(self.applied)
        if value is not None:
            query = query.where(self.applied.c.value == value)
        with self.engine.connect() as connection:
            return connection.scalar(query)


class Running:
    """Runs relay and consumer threads; stops them at exit."""

    def __init__(self):
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, target) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self.threads.append(thread)

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)


@pytest.fixture
def running():
    r = Running()
    yield r
    r.close()


@pytest.fixture
def producer(make_database, bus_settings):
    settings = bus_settings("competition")
    part = Part(make_database("producer"))
    return settings, part, Outbox(part.tables["outbox"], settings.source)


@pytest.fixture
def consumer_part(make_database, bus_settings):
    return bus_settings("gateway"), Part(make_database("consumer"))


def record_effect(part: Part):
    def handle(session, event: Envelope) -> None:
        if event.data.get("poison"):
            raise ValueError("this event can never be applied")
        session.execute(insert(part.applied).values(event_id=event.id, value=event.data["value"]))
    return {PROMOTION: handle}


def write_events(part: Part, outbox: Outbox, values: list[str]) -> None:
    with part.sessions() as session, session.begin():
        outbox.add_all(session, [Envelope.new(PROMOTION, outbox.source, v, {"value": v}, "corr-1") for v in values])


def test_events_flow_once_through_the_real_broker(producer, consumer_part, running, tmp_path, monkeypatch):
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setenv("BANZU_HEARTBEAT_FILE", str(heartbeat))  # what the liveness probes read
    settings, part, outbox = producer
    consumer_settings, target = consumer_part
    relay = OutboxRelay(settings, OutboxStore(part.engine, part.tables["outbox"]), running.stop)
    consumer = EventConsumer(consumer_settings, target.sessions, target.tables["processed_events"],
                             record_effect(target), running.stop)
    running.start(relay.run)
    running.start(consumer.run)
    write_events(part, outbox, [f"v{i}" for i in range(300)])
    wait_for(lambda: target.count_applied() == 300, "all 300 events applied")
    wait_for(lambda: OutboxStore(part.engine, part.tables["outbox"]).pending() == 0, "outbox drained")
    assert target.count_applied() == 300
    heartbeat.unlink()
    wait_for(heartbeat.exists, "the idle relay and consumer keep beating")


def test_the_relay_wakes_when_events_are_committed_not_when_it_next_looks(producer, consumer_part, running,
                                                                          monkeypatch):
    """On PostgreSQL a commit that writes events notifies the listening relay: with its own looks an hour
    apart, each of three commits is still published at once (and a rolled-back write sends nothing)."""
    monkeypatch.setattr(relay_module, "LISTENING_POLL_SECONDS", 3600)
    settings, part, outbox = producer
    consumer_settings, target = consumer_part
    relay = OutboxRelay(dataclasses.replace(settings, relay_poll_seconds=3600),
                        OutboxStore(part.engine, part.tables["outbox"]), running.stop)
    running.start(relay.run)
    running.start(EventConsumer(consumer_settings, target.sessions, target.tables["processed_events"],
                                record_effect(target), running.stop).run)
    wait_for(lambda: relay.listening is not None, "the relay listens")
    for n in range(3):
        write_events(part, outbox, [f"w{n}"])
        wait_for(lambda: target.count_applied(f"w{n}") == 1, f"commit {n} published without a look", timeout=10)
    with pytest.raises(RuntimeError), part.sessions() as session, session.begin():
        outbox.add_all(session, [Envelope.new(PROMOTION, outbox.source, "gone", {"value": "gone"}, None)])
        raise RuntimeError("rolled back")
    assert OutboxStore(part.engine, part.tables["outbox"]).pending() == 0
    running.stop.set()
    write_events(part, outbox, ["last"])  # the notice wakes the relay, which sees the stop and ends
    running.threads[0].join(timeout=10)
    assert not running.threads[0].is_alive()


def test_a_database_outage_holds_the_batch_instead_of_returning_it(producer, consumer_part, running):
    """The consumer's database refuses the first attempts: the events wait with the consumer (a quorum
    queue would count every return against its delivery limit) and are applied once when it is back."""
    settings, part, outbox = producer
    consumer_settings, target = consumer_part

    class Refusing:
        def __init__(self, times: int):
            self.left = times

        def __call__(self):
            if self.left:
                self.left -= 1
                raise OperationalError("BEGIN", {}, ConnectionError("the database is away"))
            return target.sessions()

    sessions = Refusing(3)
    running.start(OutboxRelay(settings, OutboxStore(part.engine, part.tables["outbox"]), running.stop).run)
    running.start(EventConsumer(consumer_settings, sessions, target.tables["processed_events"], record_effect(target),
                                running.stop).run)
    write_events(part, outbox, [f"d{i}" for i in range(50)])
    wait_for(lambda: target.count_applied() == 50, "applied once the database is back")
    assert sessions.left == 0
    assert list_dead_letters(consumer_settings, "gateway") == [], "nothing dead-lettered"


def test_redelivered_event_changes_nothing(consumer_part):
    settings, target = consumer_part
    consumer = EventConsumer(settings, target.sessions, target.tables["processed_events"], record_effect(target))
    event = Envelope.new(PROMOTION, "/banzu/test", "1", {"value": "once"}, None)

    class Delivery:
        def __init__(self, tag):
            self.tag, self.body, self.outcome, self.error = tag, event.to_json(), "done", ""
            self.properties = type("P", (), {"headers": {}})()
            self.attempt = 0

    consumer.apply([Delivery(1), Delivery(2)])  # twice in one batch
    consumer.apply([Delivery(3)])  # and again later
    assert target.count_applied("once") == 1


def test_poison_event_is_dead_lettered_and_replayed(producer, consumer_part, running):
    settings, part, outbox = producer
    consumer_settings, target = consumer_part
    relay = OutboxRelay(settings, OutboxStore(part.engine, part.tables["outbox"]), running.stop)
    handlers = record_effect(target)
    consumer = EventConsumer(consumer_settings, target.sessions, target.tables["processed_events"], handlers,
                             running.stop)
    running.start(relay.run)
    running.start(consumer.run)
    with part.sessions() as session, session.begin():
        outbox.add_all(session, [Envelope.new(PROMOTION, outbox.source, "p", {"value": "poison", "poison": True}, None)])
    write_events(part, outbox, ["after-1", "after-2"])
    wait_for(lambda: target.count_applied() == 2, "later events keep flowing past the poison one")
    dead = wait_for(lambda: list_dead_letters(consumer_settings, "gateway"), "poison message dead-lettered")
    assert len(dead) == 1 and dead[0]["attempts"] == len(consumer_settings.retry_delays_ms) + 1
    assert "never be applied" in dead[0]["error"]

    # the cause is fixed: the handler now accepts the event; replay moves it back
    handlers[PROMOTION] = lambda session, event: session.execute(
        insert(target.applied).values(event_id=event.id, value=event.data["value"]))
    assert replay(consumer_settings, "gateway") == 1
    wait_for(lambda: target.count_applied("poison") == 1, "replayed event applied")
    assert list_dead_letters(consumer_settings, "gateway") == []


def metric(text: str, name: str, **labels: str) -> float:
    """One sample's value in a /metrics text (0 when the series does not exist yet)."""
    return next((sample.value for family in text_string_to_metric_families(text) for sample in family.samples
                 if sample.name == name and labels.items() <= sample.labels.items()), 0.0)


def test_pipeline_metrics_follow_the_outbox_the_relay_and_the_consumer(producer, consumer_part, running,
                                                                        monkeypatch):
    """What operators watch (docs/operations.md "Health and metrics"): the backlog grows and ages
    while the relay is stopped and drains once it runs; publishes and each consumer outcome count."""
    monkeypatch.setattr("banzu_common.messaging.consumer.QUEUE_COUNT_SECONDS", 0.2)
    settings, part, outbox = producer
    consumer_settings, target = consumer_part
    backlog = OutboxBacklog(settings.service, part.engine, part.tables["outbox"])

    def scrape() -> str:
        text, _ = exposition(backlog)
        promtool("check", "metrics", text=text.decode())
        return text.decode()

    before = scrape()
    write_events(part, outbox, ["m1", "m2"])
    poison = Envelope.new(PROMOTION, outbox.source, "p", {"value": "poison", "poison": True}, None)
    with part.sessions() as session, session.begin():
        outbox.add_all(session, [poison])
    stopped = scrape()
    assert metric(stopped, "banzu_outbox_pending", part="competition") == 3
    first_age = metric(stopped, "banzu_outbox_oldest_pending_age_seconds", part="competition")
    later_age = metric(scrape(), "banzu_outbox_oldest_pending_age_seconds", part="competition")
    assert 0 < first_age < later_age, "the oldest unsent event ages while no relay runs"

    handlers = record_effect(target)
    running.start(OutboxRelay(settings, OutboxStore(part.engine, part.tables["outbox"]), running.stop).run)
    running.start(EventConsumer(consumer_settings, target.sessions, target.tables["processed_events"], handlers,
                                running.stop).run)
    wait_for(lambda: metric(scrape(), "banzu_queue_messages", part="gateway", queue="dead_letters") == 1,
             "the dead letter counted")
    after = scrape()
    assert metric(after, "banzu_outbox_pending", part="competition") == 0
    assert metric(after, "banzu_outbox_oldest_pending_age_seconds", part="competition") == 0

    def grew(name: str, **labels: str) -> float:
        return metric(after, name, **labels) - metric(before, name, **labels)

    assert grew("banzu_relay_published_total", part="competition") == 3
    assert grew("banzu_consumer_messages_total", part="gateway", outcome="applied") == 2
    assert grew("banzu_consumer_messages_total", part="gateway", outcome="retried") == \
        len(consumer_settings.retry_delays_ms)
    assert grew("banzu_consumer_messages_total", part="gateway", outcome="dead_lettered") == 1

    handlers[PROMOTION] = lambda session, event: session.execute(  # fixed: the dead letter goes back and applies
        insert(target.applied).values(event_id=event.id, value=event.data["value"]))
    assert replay(consumer_settings, "gateway") == 1
    wait_for(lambda: target.count_applied("poison") == 1, "replayed event applied")
