"""A sweep for a day after today would write permanent `expired` notices (and their penalties) dated
in the future: refused outside a demonstration system; a dry run only counts, for any day."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

API = "/api/v1"


@pytest.fixture
def people(add_worker, tag) -> dict[str, str]:
    add_worker(f"Y{tag}", "张三丰", f"T{tag}")
    return {"Y": f"Y{tag}"}


def notices_and_events(runtime) -> tuple[int, int]:
    tables = runtime.metadata.tables
    with runtime.engine.connect() as connection:
        return tuple(connection.execute(select(func.count()).select_from(tables[name])).scalar_one()
                     for name in ("credential_notices", "outbox"))


def expiring_soon(client, hr, employee_no: str, tag: str) -> None:
    issued = (date.today() - timedelta(days=360)).isoformat()
    answer = client.post(f"{API}/credentials", headers=hr, json={
        "employee_no": employee_no, "type_code": "special_equipment", "number": f"FS{tag}",
        "issuer": "Bureau", "issued_on": issued, "expires_on": (date.today() + timedelta(days=5)).isoformat()})
    assert answer.status_code == 201, answer.get_json()


def test_a_sweep_for_a_later_day_is_refused_and_writes_nothing(client, token, people, tag, runtime):
    expiring_soon(client, token("hr"), people["Y"], tag)
    before = notices_and_events(runtime)
    later = (date.today() + timedelta(days=30)).isoformat()

    answer = client.post(f"{API}/credentials/sweep", query_string={"as_of": later}, headers=token("admin"))

    assert answer.status_code == 409
    assert answer.content_type == "application/problem+json"
    assert answer.get_json()["type"] == "urn:banzu:problem:future_date"
    assert notices_and_events(runtime) == before


def test_a_dry_run_counts_what_a_later_day_would_send_and_writes_nothing(client, token, people, tag, runtime):
    expiring_soon(client, token("hr"), people["Y"], tag)
    before = notices_and_events(runtime)
    later = (date.today() + timedelta(days=30)).isoformat()

    answer = client.post(f"{API}/credentials/sweep", query_string={"as_of": later, "dry_run": "true"},
                         headers=token("admin"))

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["expired"] >= 1 and answer.get_json()["dry_run"] is True
    assert notices_and_events(runtime) == before


def test_a_demonstration_system_may_sweep_a_later_day(client, token, people, tag, runtime, demo):
    expiring_soon(client, token("hr"), people["Y"], tag)
    later = (date.today() + timedelta(days=30)).isoformat()

    answer = client.post(f"{API}/credentials/sweep", query_string={"as_of": later}, headers=token("admin"))

    assert answer.status_code == 200
    assert answer.get_json()["expired"] >= 1 and answer.get_json()["dry_run"] is False
