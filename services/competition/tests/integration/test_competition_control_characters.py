"""R15: names, codes and reasons are one line: a tab, CR, LF, NUL or any other control character is
refused with 422 naming the field (a contest named "Final\\n2026" once broke its result e-mails)."""
from __future__ import annotations

import pytest

from banzu_common.text_rules import ONE_LINE_MESSAGE, ONE_LINE_PATTERN

from competition_api import SEGMENTS, TODAY, ok, refused, tag

CONTROLS = ["Final\n2026", "Final\r2026", "Final\t2026", "Final\x00", "Final\x1b[2J", "Final\x7f", "Final\x85"]


def contest_body(**changes) -> dict:
    return {"name": f"Contest {tag()}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(), "segments": SEGMENTS, **changes}


@pytest.mark.parametrize("text", CONTROLS)
def test_a_contest_name_with_a_control_character_is_refused_in_words(api, text):
    body = refused(api.organizer.post("/contests", contest_body(name=text)), 422)
    assert body["errors"] == {"name": [ONE_LINE_MESSAGE]}
    contest_id = api.contest()
    body = refused(api.organizer.patch(f"/contests/{contest_id}", {"name": text}), 422)
    assert body["errors"] == {"name": [ONE_LINE_MESSAGE]}


def test_segments_judges_and_reasons_are_one_line_too(api):
    segments = [dict(SEGMENTS[0], name="Theory\tpart"), dict(SEGMENTS[1], code="P\n"), *SEGMENTS[2:]]
    errors = refused(api.organizer.post("/contests", contest_body(segments=segments)), 422)["errors"]
    assert errors["segments.0.name"] == [ONE_LINE_MESSAGE] and "segments.1.code" in errors, "a code ends before a line break"
    judge = {"name": "Li\nWei", "organization": "Centre\x0b", "username": "li\x00", "conflicts": {}}
    errors = refused(api.organizer.post("/judges", judge), 422)["errors"]
    assert errors == {"name": [ONE_LINE_MESSAGE], "organization": [ONE_LINE_MESSAGE], "username": [ONE_LINE_MESSAGE]}
    contest_id = api.contest()
    judge_id, _ = api.judge("Zhang")
    api.assign(contest_id, judge_id, ["P"])
    body = refused(api.organizer.post(f"/contests/{contest_id}/judges/{judge_id}/withdraw",
                                      {"segment": "P", "reason": "ill\r\nat home"}), 422)
    assert body["errors"] == {"reason": [ONE_LINE_MESSAGE]}
    body = refused(api.organizer.post(f"/contests/{contest_id}/cancel", {"reason": "rain\n"}), 422)
    assert body["errors"] == {"reason": [ONE_LINE_MESSAGE]}
    assert ok(api.organizer.post(f"/contests/{contest_id}/cancel", {"reason": "rain, 大雨 — postponed"}))


def test_the_document_says_so_as_a_pattern(api):
    schemas = ok(api.client.get("/openapi.json"))["components"]["schemas"]
    name = schemas["ContestInput"]["properties"]["name"]
    assert ONE_LINE_PATTERN in [name.get("pattern"), *(part["pattern"] for part in name.get("allOf", []))]
    assert schemas["ReasonInput"]["properties"]["reason"]["pattern"] == ONE_LINE_PATTERN
