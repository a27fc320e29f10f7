"""Errors name their rule (api.md 1.2): beside every message of `errors`, `codes` says the rule with its
values, so that clients and the pages say it in their own language."""
from __future__ import annotations

from competition_api import SEGMENTS, TODAY, ok, refused, tag


def contest_body(**changes) -> dict:
    return {"name": f"Contest {tag()}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(), "segments": SEGMENTS, **changes}


def test_a_contest_refused_names_each_rule_with_its_values(api):
    missing = refused(api.organizer.post("/contests", {k: v for k, v in contest_body().items() if k != "name"}),
                      422)
    assert missing["codes"] == {"name": [{"code": "required"}]}
    unknown = refused(api.organizer.post("/contests", contest_body(occupation=f"painter-{tag()}")), 422,
                      "unknown_occupation")
    assert unknown["codes"] == {"occupation": [{"code": "unknown_occupation"}]}
    heavy = [dict(segment, weight=60) for segment in SEGMENTS]
    weights = refused(api.organizer.post("/contests", contest_body(segments=heavy)), 422)
    assert weights["codes"]["segments"][0]["code"] == "weights_sum"


def test_a_score_out_of_range_a_repeated_username_and_a_refusal_of_the_state_name_their_rules(api):
    username = f"judge-{tag()}"
    body = {"name": "Ann", "organization": "Centre", "username": username, "conflicts": {"teams": [], "workers": []}}
    ok(api.organizer.post("/judges", body), 201)
    twice = refused(api.organizer.post("/judges", body | {"name": "Bob"}), 409)
    assert twice["codes"] == {"username": [{"code": "duplicate", "field": "username"}]}
    contest_id = api.contest()
    early = refused(api.organizer.post(f"/contests/{contest_id}/start"), 409)
    assert early["codes"] == {"_schema": [{"code": early["reason"], **{
        k: v for k, v in early.items() if k not in ("type", "title", "status", "detail", "reason", "codes")
        and not isinstance(v, (dict, list))}}]}
