"""The credentials service's own audit trail pages to its end, on PostgreSQL and on SQLite (the
embedded default): 20,000 entries, many made at the same instant, read with `?before=` from each
page's `next` come back every one exactly once, newest first; filters keep working with the cursor;
`?page=` counted from the newest reaches the last entry too; a cursor the trail never gave is refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from banzu_common.auth import issue_token

from banzu_credentials.bootstrap import runtime as service_runtime

API = "/api/v1"
ENTRIES = 20_000
START = datetime(2001, 3, 1, tzinfo=timezone.utc)  # long before anything other tests write


@pytest.fixture(params=["postgresql", "sqlite"])
def trail_api(request, runtime, app, tmp_path):
    """(test client, the audit table's engine) of this run's PostgreSQL database or a new SQLite file."""
    if request.param == "postgresql":
        yield app.test_client(), runtime
        return
    from banzu_credentials.entrypoints.wsgi import build_app
    with service_runtime.using_database(f"sqlite:///{tmp_path / 'credentials.db'}") as sqlite_runtime:
        yield build_app().test_client(), sqlite_runtime


def add_entries(runtime, actor: str) -> None:
    """20,000 entries in one statement, ten to an instant (so their order within it is by number)."""
    table = runtime.metadata.tables["audit_log"]
    rows = [{"at": START + timedelta(seconds=n // 10), "part": "credentials", "actor": actor, "roles": "hr",
             "action": "issue" if n % 4 else "revoke", "kind": "credential", "thing_id": f"c-{n}",
             "after": {"n": n}} for n in range(ENTRIES)]
    with runtime.engine.begin() as connection:
        connection.execute(insert(table), rows)


def remove_entries(runtime, actor: str) -> None:
    table = runtime.metadata.tables["audit_log"]
    with runtime.engine.begin() as connection:
        connection.execute(table.delete().where(table.c.actor == actor))


def read(client, headers, **query) -> dict:
    answer = client.get(f"{API}/audit", query_string=query, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def every_page(client, headers, **filters) -> list[dict]:
    entries, page = [], read(client, headers, per_page=500, **filters)
    while True:
        entries += page["items"]
        if page["next"] is None:
            return entries
        page = read(client, headers, per_page=500, before=page["next"], **filters)


def test_twenty_thousand_entries_page_to_their_end(trail_api, tag):
    client, runtime = trail_api
    actor = f"bulk-{tag}"
    add_entries(runtime, actor)
    admin = {"Authorization": f"Bearer {issue_token(runtime.settings.jwt_secret, 'auditor', ['admin'], None, 600)}"}
    try:
        entries = every_page(client, admin, actor=actor)
        assert len(entries) == ENTRIES
        assert [e["id"] for e in entries] == [f"c-{n}" for n in reversed(range(ENTRIES))], \
            "every entry exactly once, newest first (by number within an instant)"

        first = read(client, admin, actor=actor, per_page=500)
        assert (first["total"], first["page"]) == (ENTRIES, 1)
        deep = read(client, admin, actor=actor, per_page=25, page=300)
        assert [e["id"] for e in deep["items"]][0] == f"c-{ENTRIES - 1 - 299 * 25}", "page 300 of 800 is there"
        assert read(client, admin, actor=actor, per_page=25, before=deep["next"])["items"][0]["id"] == \
            f"c-{ENTRIES - 1 - 300 * 25}", "and says where the next one starts"
        last = read(client, admin, actor=actor, per_page=500, page=40)
        assert (len(last["items"]), last["items"][-1]["id"], last["next"]) == (500, "c-0", None)

        ones = every_page(client, admin, actor=actor, kind="credential", id_prefix="c-1",
                          **{"from": "2001-03-01", "to": "2001-03-01"})
        assert [e["id"] for e in ones] == [f"c-{n}" for n in reversed(range(ENTRIES)) if str(n).startswith("1")], \
            "the filters combine with the cursor"
        assert every_page(client, admin, actor=actor, to="2001-02-28") == []
    finally:
        remove_entries(runtime, actor)


def test_a_cursor_the_trail_never_gave_is_refused_beside_before(client, token):
    for cursor in ("not-a-cursor", "WzEsMiwzXQ"):  # the second is valid base64 of [1,2,3]
        refused = client.get(f"{API}/audit", query_string={"before": cursor}, headers=token("admin"))
        assert refused.status_code == 422 and "before" in refused.get_json()["errors"], cursor
    cursor = "WyIyMDAxLTAzLTAxVDAwOjAwOjAwKzAwOjAwIiwiY3JlZGVudGlhbHMiLDFd"  # as `next` gives them
    assert client.get(f"{API}/audit", query_string={"before": cursor}, headers=token("admin")).status_code == 200
    both = client.get(f"{API}/audit", query_string={"before": cursor, "page": 2}, headers=token("admin"))
    assert both.status_code == 422 and "page" in both.get_json()["errors"], "a cursor or a page number, not both"
