"""The gateway against a real PostgreSQL database of its own for this test run."""
from __future__ import annotations

import uuid
from datetime import date

import pika
import pytest

from banzu_common.auth import issue_token
from banzu_common.messaging.consumer import Delivery, EventConsumer
from banzu_common.messaging.envelope import Envelope

from banzu_gateway.adapters.tables import metadata
from banzu_gateway.bootstrap import runtime as gateway_runtime
from banzu_gateway.service_layer import accounts, directory
from banzu_gateway.entrypoints.consumer import HANDLERS
from gateway_support import CREW_PASSWORD, catalogue_the_tests_occupations

@pytest.fixture(scope="session")
def runtime(make_database):
    """The gateway's runtime pointed at a new, migrated database of this run, its catalogue holding
    the tests' occupations."""
    with gateway_runtime.using_database(make_database("gateway")) as runtime:
        catalogue_the_tests_occupations(runtime)
        yield runtime


@pytest.fixture(scope="session")
def app(runtime):
    from banzu_gateway.entrypoints.wsgi import build_app
    return build_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def token(runtime):
    """`token("hr")` or `token("worker", employee_no="E1")` -> the Authorization header of such a user."""

    def make(*roles: str, employee_no: str | None = None) -> dict:
        value = issue_token(runtime.settings.jwt_secret, f"user-{uuid.uuid4().hex[:6]}", roles, employee_no, 600)
        return {"Authorization": f"Bearer {value}"}

    return make


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:6].upper()


@pytest.fixture(scope="session")
def deliver(runtime):
    """`deliver(*envelopes)`: applies events as the gateway's consumer does; returns their outcomes."""
    consumer = EventConsumer(runtime.settings, runtime.sessions, metadata.tables["processed_events"], HANDLERS)

    def apply(*envelopes: Envelope) -> list[str]:
        deliveries = [Delivery(n, pika.BasicProperties(message_id=e.id, type=e.type, headers={}), e.to_json())
                      for n, e in enumerate(envelopes, 1)]
        consumer.apply(deliveries)
        return [d.outcome for d in deliveries]

    return apply


@pytest.fixture(scope="session")
def add_team(runtime):
    """`add_team(code, *workers)` with workers as (employee_no, name, grade): straight into the directory."""

    def add(code: str, *workers: tuple[str, str, str], occupation: str = "electrician") -> None:
        with runtime.uow() as uow:
            directory.create_team(uow, {"code": code, "name": f"Team {code}", "company": "Acme Power"})
            for employee_no, name, grade in workers:
                directory.create_worker(uow, {"employee_no": employee_no, "name": name, "team_code": code,
                                              "occupation": occupation, "grade": grade}, date.today())
            uow.commit()

    return add


@pytest.fixture
def crew(runtime, add_team, tag) -> dict:
    """Team T<tag> led by L<tag> (林班长, who signs in as u<tag> with CREW_PASSWORD) with a member M<tag>
    (马师傅): the people a worker's leaving concerns."""
    team, leader, member, username = f"T{tag}", f"L{tag}", f"M{tag}", f"u{tag}".lower()
    add_team(team, (leader, "林班长", "senior"), (member, "马师傅", "junior"))
    with runtime.uow() as uow:
        directory.update_team(uow, team, {"leader": leader})
        accounts.create_user(uow, username, CREW_PASSWORD, ["worker"], leader, created_by="test")
        uow.commit()
    return {"team": team, "leader": leader, "member": member, "username": username}
