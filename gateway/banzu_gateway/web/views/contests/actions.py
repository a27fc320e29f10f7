"""What the organizer's contest actions share: a confirmation without script (the form behind a <details>,
sent only with its "I confirm" box ticked, checked here again), a reason typed before anything is sent,
refusals said for the page they happen on, and finding teams by code or name (workers: web/people.py)."""
from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from flask import g, request

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import ApiAnswer, api
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.views.contests.common import moment

CONFIRM = "confirm"  # the tick box every confirmed form carries
MAX_MATCHES = 50


@dataclass
class Refused:
    """A confirmed form the page shows again, open, with the refusal beside its fields and what was typed."""

    form: str  # the form's key on the page (`cancel`, `step-start`, `withdraw-E1`, …)
    refusal: Refusal
    reason: str = ""


def words(key: str, **values) -> str:
    return i18n.translate(g.lang, key, **values)


def unconfirmed(form: str, needs_reason: bool = False) -> Refused | None:
    """The form again when its box is not ticked (or its reason is blank): nothing is sent to the API."""
    reason = request.form.get("reason", "").strip()
    fields: dict[str, list[str]] = {}
    if needs_reason and not reason:
        fields["reason"] = [words("write_a_reason")]
    if not request.form.get(CONFIRM):
        fields[CONFIRM] = [words("tick_to_confirm")]
    if not fields:
        return None
    return Refused(form, Refusal(words("fix_fields"), fields), request.form.get("reason", ""))


def refused(form: str, answer: ApiAnswer, context: str = "") -> Refused:
    """The API's refusal of a confirmed form, said for the page it happens on (see `in_context`)."""
    return Refused(form, in_context(refusal_of(answer), context), request.form.get("reason", ""))


def in_context(refusal: Refusal, context: str) -> Refusal:
    """`<context>_<reason>` from the catalogue where there is one: the page's own sentence for a reason whose
    general sentence is said to someone else (`not_assigned` tells a judge; here it tells the organizer)."""
    key = f"{context}_{refusal.reason}"
    if context and refusal.reason and i18n.has(g.lang, key):
        refusal.summary = i18n.translate(g.lang, key)
    return refusal


def stray(refusal: Refused | None, shown: set[str]) -> Refusal | None:
    """The refusal of a form the page no longer shows (the judge was withdrawn meanwhile, the contest is
    cancelled): said at the top of the page instead."""
    return refusal.refusal if refusal is not None and refusal.form not in shown else None


def find_teams(text: str) -> list[dict]:
    """Teams whose code or name contains `text` (ignoring case)."""
    answer = api().get("/teams", {"per_page": 500})
    if not answer.ok:
        return []
    wanted = text.casefold()
    return [team for team in answer.json()["items"]
            if wanted in team["code"].casefold() or wanted in (team.get("name") or "").casefold()][:MAX_MATCHES]


def instant(text: str | None) -> str:
    """An instant as the reader reads it (`moment`), also one a list wrote as an HTTP date
    (`Mon, 07 Dec 2026 06:19:24 GMT`)."""
    try:
        return moment(text)
    except ValueError:
        try:
            return moment(parsedate_to_datetime(text).isoformat())
        except (TypeError, ValueError):
            return text or ""
