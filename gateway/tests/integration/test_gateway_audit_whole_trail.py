"""The whole audit trail, however long: 20,000 entries of the gateway's own parts (ten to an instant,
directory and accounts mixed) and a thousand of a service's at the same instants page to their end
through `GET /audit?before=`, every entry exactly once and newest first; an offset page deep down is
there and says where to continue; the CSV holds every row, and so do the audit page's "older" links
and its download. A download that would miss a part is refused, not short."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from banzu_common.audit import Position

from banzu_gateway.adapters import gather
from banzu_gateway.entrypoints import pass_through
from web_support import TrailServices, sign_in_as

API = "/api/v1"
OWN = 20_000
THEIRS = 1_000
START = datetime(2001, 3, 1, tzinfo=timezone.utc)  # long before anything other tests write


@pytest.fixture
def services(monkeypatch) -> TrailServices:
    fake = TrailServices()
    monkeypatch.setattr(gather, "client", fake)
    monkeypatch.setattr(pass_through, "client", fake)
    return fake


@pytest.fixture
def long_trail(runtime, services, tag) -> str:
    """The actor of 20,000 directory and accounts entries, written in one statement, and of a
    thousand credentials entries at the same instants; removed afterwards."""
    actor = f"bulk-{tag}"
    with runtime.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_log (at, part, actor, roles, action, kind, thing_id, after) "
            "SELECT :start + (n / 10) * interval '1 second', CASE WHEN n % 2 = 0 THEN 'directory' ELSE 'accounts' "
            "END, :actor, 'hr', 'change', 'worker', 'W' || n, json_build_object('n', n) "
            "FROM generate_series(0, :last) AS n"), {"start": START, "actor": actor, "last": OWN - 1})
    services.fill("credentials", THEIRS, START + timedelta(seconds=THEIRS - 1), actor=actor)
    yield actor
    with runtime.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE actor = :actor"), {"actor": actor})


def read(client, headers, **query) -> dict:
    answer = client.get(f"{API}/audit", query_string=query, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def expected_ids() -> set[tuple[str, str]]:
    return ({("directory" if n % 2 == 0 else "accounts", f"W{n}") for n in range(OWN)}
            | {("credentials", f"credentials-{n}") for n in range(THEIRS)})


def test_the_merged_trail_pages_to_its_end_and_its_csv_has_every_row(client, token, long_trail):
    admin = token("admin")
    entries, page, pages = [], read(client, admin, actor=long_trail, per_page=500), 1
    assert page["total"] == OWN + THEIRS and page["unavailable"] == []
    while page["next"] is not None:
        entries += page["items"]
        page, pages = read(client, admin, actor=long_trail, per_page=500, before=page["next"]), pages + 1
    entries += page["items"]
    assert pages == 42 and len(entries) == OWN + THEIRS
    assert {(e["part"], e["id"]) for e in entries} == expected_ids(), "every entry exactly once"
    positions = [Position.of_answer(e) for e in entries]
    assert all(newer > older for newer, older in zip(positions, positions[1:])), "newest first, strictly"

    deep = read(client, admin, actor=long_trail, per_page=25, page=300)
    assert [e["id"] for e in deep["items"]] == [e["id"] for e in entries[299 * 25:300 * 25]], "page 300 is there"
    after = read(client, admin, actor=long_trail, per_page=25, before=deep["next"])
    assert [e["id"] for e in after["items"]] == [e["id"] for e in entries[300 * 25:301 * 25]]
    last = read(client, admin, actor=long_trail, per_page=25, page=(OWN + THEIRS) // 25)
    assert last["items"][-1]["id"] == entries[-1]["id"] and last["next"] is None

    directory = read(client, admin, actor=long_trail, part="directory", per_page=500,
                     before=Position.of_answer(entries[999]).cursor)
    assert [e["id"] for e in directory["items"]] == [e["id"] for e in entries[1000:]
                                                    if e["part"] == "directory"][:500], "filters combine with it"

    download = client.get(f"{API}/audit", query_string={"actor": long_trail, "format": "csv"}, headers=admin)
    assert download.status_code == 200 and download.is_streamed, "a download streams"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert [(r["part"], r["id"]) for r in rows] == [(e["part"], e["id"]) for e in entries], "every row, in order"


def test_a_download_that_would_miss_a_part_is_refused(client, token, services):
    services.down.add("training")
    refused = client.get(f"{API}/audit", query_string={"format": "csv"}, headers=token("admin"))
    assert refused.status_code == 503 and refused.get_json()["unavailable"] == ["training"]
    assert "training" in refused.get_json()["detail"]


def older_link(html: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)">', html)
    return found[1].replace("&amp;", "&") if found else None


def test_the_audit_page_goes_back_to_the_oldest_entry_and_downloads_every_row(client, long_trail):
    sign_in_as(client, "admin")
    page = client.get(f"/audit?actor={long_trail}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "21000 in all, newest first" in page and "Back to the newest" not in page
    seen = re.findall(r'data-part="(\w+)" data-kind="\w+" data-action="\w+" data-id="([^"]+)"', page)
    link = older_link(page)
    for _ in range(3):
        assert link.startswith("/audit?") and "before=" in link and f"actor={long_trail}" in link, \
            "the older page is a bookmark: its cursor and the filters"
        page = client.get(link, headers={"Accept-Language": "en"}).get_data(as_text=True)
        seen += re.findall(r'data-part="(\w+)" data-kind="\w+" data-action="\w+" data-id="([^"]+)"', page)
        assert "Back to the newest" in page
        link = older_link(page)
    assert len(seen) == len(set(seen)) == 100

    oldest = client.get(f"/audit?actor={long_trail}&page={(OWN + THEIRS) // 25}", headers={"Accept-Language": "en"})
    assert oldest.status_code == 200 and older_link(oldest.get_data(as_text=True)) is None
    assert oldest.get_data(as_text=True).rstrip().count('data-id="W1"') == 1, "the oldest entry is on the last page"

    download = client.get(f"/audit/export.csv?actor={long_trail}", headers={"Accept-Language": "zh-CN"})
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == OWN + THEIRS and {(r["对象编号"]) for r in rows} == {i for _, i in expected_ids()}
