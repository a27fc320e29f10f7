"""The competition's audit trail: contests, judges, registrations, the lifecycle and every score
attributed to the user who made them, before and after; a refused write leaves nothing."""
from __future__ import annotations

from decimal import Decimal

from competition_api import add_team, add_worker, ok, refused, tag


def trail(api, **filters) -> list[dict]:
    return ok(api.caller("auditor", ["admin"]).get("/audit", **filters))["items"]


def test_a_contest_s_writes_are_each_one_entry_with_the_actor_and_what_changed(api):
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    add_worker(f"E{t}", f"T{t}", f"Acme {t}", "senior")
    contest = api.contest()
    [created] = trail(api, kind="contest", id=contest)
    assert (created["actor"], created["action"], created["before"]) == (api.organizer.username, "create", None)
    assert created["after"]["status"] == "draft" and [s["code"] for s in created["after"]["segments"]] == ["T", "P", "F"]

    refused(api.organizer.patch(f"/contests/{contest}", {"segments": [{"code": "T", "name": "x", "weight": 50,
                                                                        "max_score": 100, "method": "measurement"}]}),
            422)
    ok(api.organizer.patch(f"/contests/{contest}", {"name": f"Renamed {t}"}))
    api.lifecycle(contest, "open")
    refused(api.organizer.post(f"/contests/{contest}/close"), 409)
    ok(api.register(contest, f"E{t}"), 201)
    entries = trail(api, kind="contest", id=contest)
    assert [e["action"] for e in entries] == ["open", "change", "create"], "refused writes left nothing"
    assert entries[0]["before"] == {"status": "draft"} and entries[0]["after"] == {"status": "open"}
    assert set(entries[1]["after"]) == {"name"} and entries[1]["before"]["name"].startswith("Contest ")
    [registration] = trail(api, kind="contestant", id=f"{contest}/E{t}")
    assert registration["after"]["team_code"] == f"T{t}"


def test_a_changed_score_keeps_the_old_value_and_the_reason(api):
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    add_worker(f"E{t}", f"T{t}", f"Acme {t}", "senior")
    contest = api.contest(segments=[{"code": "T", "name": "Theory", "weight": 100, "max_score": 100,
                                     "method": "measurement"}])
    api.lifecycle(contest, "open")
    ok(api.register(contest, f"E{t}"), 201)
    api.lifecycle(contest, "start")
    bib = api.bibs(contest)[f"E{t}"]
    ok(api.organizer.put(f"/contests/{contest}/scores/T/{bib}", {"score": 70}))
    ok(api.organizer.put(f"/contests/{contest}/scores/T/{bib}", {"score": 75, "reason": "re-marked"}))
    refused(api.organizer.put(f"/contests/{contest}/scores/T/{bib}", {"score": 170}), 422)
    entries = trail(api, kind="score", id=f"{contest}/T/{bib}/organizer")
    def read(values):
        return None if values is None else {k: Decimal(v) if k == "value" else v for k, v in values.items()}

    assert [(read(e["before"]), read(e["after"])) for e in entries] == [
        ({"value": 70}, {"value": 75, "reason": "re-marked"}), (None, {"value": 70, "reason": None})]


def test_only_admins_read_the_competition_trail(api):
    assert api.caller("hr-x", ["hr"]).get("/audit").status_code == 403
    assert api.organizer.get("/audit").status_code == 403
