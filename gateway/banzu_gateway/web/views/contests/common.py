"""What the contest pages share: reading a contest, its lifecycle steps, labels, refusals of nested fields."""
from __future__ import annotations

import re

from flask import g

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import ApiAnswer, api, expect_ok, path
from banzu_gateway.web.local_time import when
from banzu_gateway.web.problems import Refusal, refusal_of

ORGANIZER = "organizer"
JUDGE = "judge"
# The one step forward from each state: (API action, the state it leads to).
NEXT_STEP = {"draft": "open", "open": "start", "running": "close", "closed": "publish"}
EDITABLE = ("draft", "open")  # settings, segments and judges change only then
SCORING = ("running", "closed", "published")  # bibs are drawn
METHODS = ("measurement", "judgement")
_ROW_FIELD = re.compile(r"\.\d+\.")  # segments.0.weight: a field of a repeated row
_LIST_ITEM = re.compile(r"\.\d+$")  # tie_break.1, conflicts.teams.0: an item of a list of codes


def read_contest(contest_id: str) -> dict:
    return api().read(path("/contests/{}", contest_id))


def is_organizer() -> bool:
    return g.user.has(ORGANIZER)


def scores_as_judge() -> bool:
    """A judge who is not also an organizer scores as a judge; an organizer enters measurement scores."""
    return JUDGE in g.user.roles and not is_organizer()


def form_name(api_field: str) -> str:
    """The form field of an API field: `segments.0.weight` -> `segments-0-weight`, `awards.first` ->
    `awards-first`; an item of a list of codes (`tie_break.1`) is the list's own field."""
    if not _ROW_FIELD.search(api_field):
        api_field = _LIST_ITEM.sub("", api_field)
    return api_field.replace(".", "-")


def refusal_with_fields(answer: ApiAnswer) -> Refusal:
    """The API's refusal, with its nested field paths turned into this form's field names."""
    errors = answer.problem.get("errors") or {}
    return refusal_of(answer, {field: form_name(field) for field in errors})


def refused_page(answer: ApiAnswer) -> None:
    """Refusals about the page itself (no such contest, not allowed) are the error pages, not form messages."""
    if answer.status in (401, 403, 404):
        expect_ok(answer)


def method_label(code: str) -> str:
    key = f"method_{code}"
    return i18n.translate(g.lang, key) if i18n.has(g.lang, key) else code


def moment(text: str | None) -> str:
    """An instant from the API as the reader reads it: date and minutes in the site's time zone
    (`local_time.when`, the one definition), whatever zone the gateway's process runs in."""
    return when(text)
