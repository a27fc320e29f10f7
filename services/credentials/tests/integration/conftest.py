"""The credentials service against a real PostgreSQL database of its own for this test run."""
from __future__ import annotations

import dataclasses
import uuid

import pika
import pytest

from banzu_common.auth import issue_token
from banzu_common.db import make_engine, migrate, session_factory
from banzu_common.messaging.contracts import OccupationUpserted, TeamUpserted, WorkerUpserted
from banzu_common.messaging.consumer import Delivery, EventConsumer
from banzu_common.messaging.envelope import Envelope
from banzu_common.messaging.outbox import Outbox

from banzu_credentials.adapters.tables import metadata
from banzu_credentials.bootstrap import runtime as service_runtime
from banzu_credentials.entrypoints.consumer import HANDLERS
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork
from credentials_support import event

@pytest.fixture(scope="session")
def migrated_database(make_database):
    """`migrated_database()` -> the URL of a new database at the latest schema."""

    def make() -> str:
        url = make_database("credentials")
        migrate(service_runtime.migrations_dir, url)
        return url

    return make


@pytest.fixture(scope="session")
def runtime(make_database):
    """The service's runtime pointed at a new, migrated database of this run."""
    with service_runtime.using_database(make_database("credentials")) as runtime:
        yield runtime


@pytest.fixture
def demo(runtime, monkeypatch):
    """The service run as a demonstration system, whose clock may move forward (BANZU_DEMO): the
    worked example's dates lie after today."""
    monkeypatch.setitem(runtime.__dict__, "settings", dataclasses.replace(runtime.settings, demo=True))


@pytest.fixture(scope="session")
def app(runtime):
    from banzu_credentials.entrypoints.wsgi import build_app
    return build_app()


@pytest.fixture(scope="session")
def token(runtime):
    def make(*roles: str, employee_no: str | None = None) -> dict:
        value = issue_token(runtime.settings.jwt_secret, f"user-{uuid.uuid4().hex[:6]}", roles, employee_no, 600)
        return {"Authorization": f"Bearer {value}"}

    return make


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:8].upper()


@pytest.fixture(scope="session")
def consumer(runtime):
    """The real idempotent consumer of the service, applying envelopes without a broker."""
    return EventConsumer(runtime.settings, runtime.sessions, metadata.tables["processed_events"], HANDLERS)


@pytest.fixture(scope="session")
def deliver(consumer):
    """`deliver(envelope)`: applies one event as the consumer does; returns the delivery's outcome."""

    def apply(envelope: Envelope) -> str:
        properties = pika.BasicProperties(message_id=envelope.id, type=envelope.type, headers={})
        delivery = Delivery(1, properties, envelope.to_json())
        consumer.apply([delivery])
        return delivery.outcome

    return apply


@pytest.fixture(scope="session")
def add_worker(deliver):
    """Puts a team and a worker into the service's directory copy, through the directory events."""

    def add(employee_no: str, name: str, team_code: str, occupation: str = "crane_operator",
            grade: str = "senior") -> None:
        deliver(event(TeamUpserted.TYPE, team_code, {"code": team_code, "name": f"Team {team_code}",
                                                 "company": "Harbour", "workshop": None}))
        deliver(event(WorkerUpserted.TYPE, employee_no, {"employee_no": employee_no, "name": name,
                                                     "team_code": team_code, "company": "Harbour",
                                                     "occupation": occupation, "grade": grade}))

    return add


@pytest.fixture(scope="session")
def add_occupation(deliver):
    """`add_occupation(code)`: the occupation catalogue's event for one occupation, through the consumer;
    requirements may name it from then on. Returns the code."""

    def add(code: str, name_zh: str | None = None, name_en: str | None = None) -> str:
        deliver(event(OccupationUpserted.TYPE, code, {"code": code, "name_zh": name_zh or code,
                                                      "name_en": name_en or code}))
        return code

    return add


@pytest.fixture
def standalone_uow(migrated_database):
    """Units of work on a database of their own, for tests that look at the whole table."""
    engine = make_engine(migrated_database())
    sessions = session_factory(engine)
    outbox = Outbox(metadata.tables["outbox"], "/banzu/credentials")
    yield lambda: CredentialsUnitOfWork(sessions, outbox)
    engine.dispose()

