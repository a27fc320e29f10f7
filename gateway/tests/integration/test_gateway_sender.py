"""The sender of e-mails and robot messages against a real SMTP server (aiosmtpd) and a real HTTP
server, on PostgreSQL (quality.md R11): each message arrives once, however many senders run and
however often they stop; failures are tried again with growing delay, then marked failed."""
from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_common.db import make_engine, migrate

from banzu_gateway.adapters.notifications import NotificationRepository
from banzu_gateway.adapters.delivery_queue import DeliveryQueue
from banzu_gateway.adapters.outgoing import MailSettings, RobotTransport, SmtpTransport
from banzu_gateway.adapters.tables import deliveries, delivery_attempts
from banzu_gateway.bootstrap import runtime as gateway_runtime
from banzu_gateway.domain.notices import Kind, Notice, RobotMessage
from banzu_gateway.service_layer.sending import Sender, SenderSettings

from banzu_common.testing_receivers import MailSink, RobotServer

FAST = SenderSettings(retry_seconds=(0.2, 0.4, 0.8, 1.6), batch=5, poll_seconds=0.05)


@pytest.fixture
def engine(make_database):
    """A gateway database of this test's own: the senders take every due message in it."""
    url = make_database("sender")
    migrate(gateway_runtime.migrations_dir, url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def sink():
    with MailSink() as sink:
        yield sink


@pytest.fixture
def robot(monkeypatch):
    """The robot's webhook on this machine: listed as the operator lists a test receiver (R14)."""
    monkeypatch.setenv("BANZU_ROBOT_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BANZU_ROBOT_ALLOW_PRIVATE", "1")
    with RobotServer() as server:
        yield server


def queue_mails(engine, count: int, tag: str = "m") -> None:
    now = datetime.now(timezone.utc)
    with Session(engine) as session, session.begin():
        NotificationRepository(session).add_notices(
            [Notice(f"{tag}{n}/u{n}", f"u{n}", Kind.promotion, f"Title {n}", f"Body {n}", "/me", f"u{n}@example.test")
             for n in range(count)], [], now)


def queue_robot(engine, url: str, key: str = "r1") -> None:
    with Session(engine) as session, session.begin():
        NotificationRepository(session).add_notices([], [RobotMessage(key, "T1", url, "【晋升喜报】王小明")],
                                                    datetime.now(timezone.utc))


def sender(engine, sink: MailSink, name: str, settings: SenderSettings = FAST) -> Sender:
    mail = MailSettings("127.0.0.1", sink.port, "", "", False, "Banzu <banzu@plant.example>", "http://banzu.test")
    return Sender(DeliveryQueue(engine, name), {"email": SmtpTransport(mail), "robot": RobotTransport()}, settings,
                  timeout_seconds=5)


def running(*senders: Sender) -> list[threading.Thread]:
    threads = [threading.Thread(target=s.run, daemon=True) for s in senders]
    for thread in threads:
        thread.start()
    return threads


def stop(senders: list[Sender], threads: list[threading.Thread]) -> None:
    for s in senders:
        s.stop.set()
    for thread in threads:
        thread.join(timeout=30)


def statuses(engine) -> Counter:
    with engine.connect() as connection:
        return Counter(connection.scalars(select(deliveries.c.status)))


def until(check, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what}: not true after {seconds} s")


def test_two_senders_and_a_restart_send_each_message_once(engine, sink):
    queue_mails(engine, 120)
    first, second = sender(engine, sink, "one"), sender(engine, sink, "two")
    threads = running(first, second)
    until(lambda: len(sink.messages) >= 40, "some sent")
    stop([first], threads[:1])  # a restart of one of them, in the middle of its work
    threads[0] = running(third := sender(engine, sink, "three"))[0]
    until(lambda: statuses(engine) == Counter(sent=120), "all sent")
    stop([second, third], threads[1:])
    ids = Counter(message["Message-ID"] for message in sink.messages)
    assert len(ids) == 120 and set(ids.values()) == {1}, "each message once"
    message = sink.to("u7@example.test")[0]
    assert message["Subject"] == "Title 7" and message["From"] == "Banzu <banzu@plant.example>"
    assert message.get_content().split() == ["Body", "7", "http://banzu.test/me"]
    assert message["Message-ID"].endswith("@plant.example>") and message["Auto-Submitted"] == "auto-generated"


def test_a_mail_server_refusing_for_a_while_gets_the_message_once_it_recovers(engine, sink):
    sink.refuse_for(1.0)  # 451 to every recipient: SMTPRecipientsRefused
    queue_mails(engine, 1, "r")
    s = sender(engine, sink, "one")
    threads = running(s)
    until(lambda: len(sink.messages) == 1, "sent after the refusals")
    sink.fail_data(2)  # then 451 to DATA twice: SMTPDataError
    queue_mails(engine, 1, "d")
    until(lambda: statuses(engine) == Counter(sent=2), "both sent")
    stop([s], threads)
    assert len(sink.messages) == 2 and sink.refused >= 3
    with engine.connect() as connection:
        outcomes = [row.outcome for row in connection.execute(select(delivery_attempts).order_by(delivery_attempts.c.id))]
    assert outcomes.count("sent") == 2 and outcomes.count("retry") >= 3 and "failed" not in outcomes


def test_a_robot_answering_500_forever_ends_failed_and_a_missing_one_at_once(engine, sink, robot):
    robot.answer("broken", 500)
    robot.answer("gone", 404)
    queue_robot(engine, robot.url("broken"), "b")
    queue_robot(engine, robot.url("gone"), "g")
    queue_robot(engine, robot.url("fine"), "f")
    s = sender(engine, sink, "one")
    threads = running(s)
    until(lambda: statuses(engine) == Counter(failed=2, sent=1), "the two failures given up, the other sent")
    stop([s], threads)
    assert robot.attempts["broken"] == 1 + len(FAST.retry_seconds) and robot.attempts["gone"] == 1
    assert robot.received["fine"] == [{"msgtype": "text", "text": {"content": "【晋升喜报】王小明"}}]
    with engine.connect() as connection:
        failed = {row.address.rsplit("/", 1)[1]: row.last_error for row in connection.execute(
            select(deliveries).where(deliveries.c.status == "failed"))}
    assert failed == {"broken": "HTTP 500", "gone": "HTTP 404"}


def test_a_robot_address_the_rule_refuses_fails_at_once_for_admins_to_see(engine, sink, robot, monkeypatch):
    """URLs stored before R14, or ones the operator no longer allows: refused before any request."""
    monkeypatch.setenv("BANZU_ROBOT_HOSTS", "localhost")  # and private addresses no longer allowed
    monkeypatch.delenv("BANZU_ROBOT_ALLOW_PRIVATE")
    for key, url in (("m", "http://169.254.169.254/latest/meta-data"), ("r", robot.url("was-fine")),
                     ("l", "https://localhost:15672/api/users"), ("x", "https://0x7f000001:8003/x")):
        queue_robot(engine, url, key)
    s = Sender(DeliveryQueue(engine, "one"), {"robot": RobotTransport()}, FAST, timeout_seconds=5)
    threads = running(s)
    until(lambda: statuses(engine) == Counter(failed=4), "all refused")
    stop([s], threads)
    assert robot.attempts == {}
    with engine.connect() as connection:
        failed = {row.address: (row.attempts, row.last_error) for row in connection.execute(select(deliveries))}
    loopback = "not sent: the robot's URL leads to 127.0.0.1, a loopback address; a robot must be at a public address"
    assert failed == {"http://169.254.169.254/latest/meta-data": (1, "not sent: the robot's URL must be an https:// "
                                                                     "address"),
                      robot.url("was-fine"): (1, "not sent: the robot's URL must be an https:// address"),
                      "https://localhost:15672/api/users": (1, loopback), "https://0x7f000001:8003/x": (1, loopback)}


def test_a_robot_gets_at_most_its_rate_a_minute(engine, sink, robot):
    for n in range(4):
        queue_robot(engine, robot.url("busy"), f"k{n}")
    s = sender(engine, sink, "one", SenderSettings(retry_seconds=(0.2,), batch=5, poll_seconds=0.05,
                                                   robot_per_minute=3))
    threads = running(s)
    until(lambda: len(robot.received.get("busy", [])) == 3, "three sent")

    def fourth_postponed() -> bool:
        """The fourth was looked at and put off to later in the minute (not sent, not tried)."""
        with engine.connect() as connection:
            due = connection.scalar(select(deliveries.c.next_attempt_at).where(deliveries.c.status == "pending"))
        return due is not None and due > datetime.now(timezone.utc) + timedelta(seconds=5)

    until(fourth_postponed, "the fourth put off to later in the minute")
    stop([s], threads)
    assert statuses(engine) == Counter(sent=3, pending=1)
    with engine.connect() as connection:
        assert connection.scalar(select(deliveries.c.attempts).where(deliveries.c.status == "pending")) == 0


def test_a_message_that_cannot_be_built_fails_alone_and_its_batch_is_sent(engine, sink):
    """A subject with a line break (a contest named "Final\\n2026" before names were checked) cannot
    become an e-mail: that message fails at once, with the reason for admins, and the 19 others of
    its batch are sent."""
    now = datetime.now(timezone.utc)
    with Session(engine) as session, session.begin():
        NotificationRepository(session).add_notices([Notice("bad/x", "x", Kind.contest_results,
                                                           "Final\n2026: your result", "Body", "/me", "x@example.test")],
                                                    [], now)
    queue_mails(engine, 19, "ok")
    s = sender(engine, sink, "one", SenderSettings(retry_seconds=(0.2, 0.4), batch=20, poll_seconds=0.05))
    threads = running(s)
    until(lambda: statuses(engine) == Counter(sent=19, failed=1), "the 19 sent, the bad one failed")
    stop([s], threads)
    assert len(sink.messages) == 19 and not sink.to("x@example.test")
    with engine.connect() as connection:
        bad = connection.execute(select(deliveries).where(deliveries.c.status == "failed")).one()
        attempts = connection.execute(select(delivery_attempts).where(delivery_attempts.c.delivery_id == bad.id)).all()
    assert bad.recipient == "x" and bad.attempts == 1
    assert [a.outcome for a in attempts] == ["failed"]
    assert "cannot be built" in bad.last_error and "linefeed" in bad.last_error, bad.last_error


class Faulty:
    """A transport with a fault nobody foresaw for one address; the others go to the real one."""

    def __init__(self, real, address: str):
        self.real, self.address = real, address

    def send(self, item):
        if item.address == self.address:
            raise KeyError("no such template")
        self.real.send(item)

    def close(self):
        self.real.close()


def test_a_fault_nobody_foresaw_fails_that_message_alone(engine, sink):
    queue_mails(engine, 5, "f")
    s = sender(engine, sink, "one")
    s.transports["email"] = Faulty(s.transports["email"], "u2@example.test")
    threads = running(s)
    until(lambda: statuses(engine) == Counter(sent=4, failed=1), "the others sent, that one failed at once")
    stop([s], threads)
    with engine.connect() as connection:
        bad = connection.execute(select(deliveries).where(deliveries.c.status == "failed")).one()
    assert bad.address == "u2@example.test" and bad.attempts == 1 and bad.last_error == "KeyError: 'no such template'"
