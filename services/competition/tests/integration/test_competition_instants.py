"""Every instant the competition answers carries its offset, on PostgreSQL and on SQLite (which keeps
no offset of its own)."""
from __future__ import annotations

import re

from competition_api import add_team, add_worker, ok, tag

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def instants(value) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in instants(item)]
    if isinstance(value, list):
        return [found for item in value for found in instants(item)]
    return [value] if isinstance(value, str) and INSTANT.match(value) else []


def test_every_instant_answered_has_an_offset(any_api):
    api, t = any_api, tag()
    add_team(f"T{t}", f"Acme {t}")
    add_worker(f"E{t}", f"T{t}", f"Acme {t}", "senior")
    contest = api.contest(segments=[{"code": "T", "name": "Theory", "weight": 100, "max_score": 100,
                                     "method": "measurement"}])
    bib = api.start_with(contest, [f"E{t}"])[f"E{t}"]
    entered = ok(api.organizer.put(f"/contests/{contest}/scores/T/{bib}", {"score": 70}))
    ok(api.organizer.put(f"/contests/{contest}/scores/T/{bib}", {"score": 75, "reason": "re-marked"}))
    answers = [entered, ok(api.organizer.get(f"/contests/{contest}/scores")),
               ok(api.organizer.get(f"/contests/{contest}/audit")),
               ok(api.organizer.get(f"/contests/{contest}/progress")),
               ok(api.caller("auditor", ["admin"]).get("/audit"))]

    found = instants(answers)

    assert {"entered_at", "changed_at"} <= {key for a in answers for key in keys(a)}
    assert found and [i for i in found if not OFFSET.search(i)] == []


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in keys(item)}
    return set()
