"""The audit trail as people read it: each entry's time in the site's zone, who acted (a person with
their roles, or the system's job on behalf of whoever caused it), the action and the thing in words
with a link to the thing's page, and the changed fields before and after. The `/audit` page and the
"history" section of a certificate's, a worker's, a session's and a contest's page both use it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import g, url_for

from banzu_gateway import translations
from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api
from banzu_gateway.web.local_time import local
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.views.choices import credential_type_labels, occupation_label

SYSTEM = "system"
INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # an ISO 8601 date and time (dates stay as they are)
EMPTY = (None, "", [], {})
HISTORY_SIZE = 10  # entries a thing's page shows; the rest are a link away on /audit
OCCUPATION = "occupation"  # the field of any part's entries that holds an occupation's code
# The kinds of things each part's trail names (for the kind filter); a kind the API adds later is
# still shown, under its own code.
KINDS = {
    "directory": ("team", "worker", "occupation"),
    "accounts": ("user",),
    "scores": ("promotion", "contest_results", "credential_expiry"),
    "notifications": ("credential_expiring", "enrollment", "delivery"),
    "competition": ("contest", "judge", "judge_assignment", "contestant", "score", "segment_signoff", "spread_flag"),
    "training": ("course", "certification_program", "session", "enrollment", "attendance", "plan", "mentorship",
                 "recertification_case", "certification"),
    "credentials": ("credential", "credential_type", "occupation_requirement", "expiry_sweep"),
}
# The page that shows a thing of a kind: its endpoint and parameter. Composite ids ("<session>/<employee_no>")
# link to the page of their first part; `True` marks pages whose parameter is a number.
PAGES = {
    "credential": ("web.credential", "credential_id", False),
    "credential_expiry": ("web.credential", "credential_id", False),
    "credential_expiring": ("web.credential", "credential_id", False),
    "recertification_case": ("web.credential", "credential_id", False),
    "worker": ("web.worker", "employee_no", False),
    "team": ("web.team", "code", False),
    "occupation": ("web.occupation_requirements", "code", False),
    "user": ("web.user", "username", False),
    "contest": ("web.contest", "contest_id", False),
    "contest_results": ("web.contest", "contest_id", False),
    "contestant": ("web.contest", "contest_id", False),
    "judge_assignment": ("web.contest", "contest_id", False),
    "score": ("web.contest", "contest_id", False),
    "segment_signoff": ("web.contest", "contest_id", False),
    "spread_flag": ("web.contest", "contest_id", False),
    "session": ("web.session", "session_id", True),
    "enrollment": ("web.session", "session_id", True),
    "attendance": ("web.session", "session_id", True),
    "course": ("web.course", "code", False),
    "certification_program": ("web.program", "code", False),
    "plan": ("web.plan", "plan_id", True),
    "mentorship": ("web.mentorship", "mentorship_id", True),
}


def words(prefix: str, code: str) -> str:
    """The catalogue's words for a code (`audit_action_`, `revoke`), or the code itself when it has none."""
    return translations.words_or_code(g.lang, prefix.rstrip("_"), code)


def list_text(texts) -> str:
    return i18n.translate(g.lang, "audit_list_separator").join(texts)


def part_options(parts: list[str]) -> list[tuple[str, str]]:
    """The parts the user may read (as `GET /audit` names them), by their words."""
    return [(part, words("audit_part_", part)) for part in parts]


def kind_options(parts: list[str], chosen: str = "") -> list[tuple[str, str]]:
    """The kinds the user's parts name, by their words; a chosen kind outside them is kept."""
    kinds = dict.fromkeys(kind for part in parts for kind in KINDS.get(part, ()))
    if chosen:
        kinds.setdefault(chosen)
    return sorted(((kind, words("audit_kind_", kind)) for kind in kinds), key=lambda option: option[1])


def value_text(value: Any) -> str:
    """A field's value as a person reads it: a dash for nothing, yes/no, instants in the site's time."""
    if value is None:
        return i18n.translate(g.lang, "none")
    if isinstance(value, bool):
        return i18n.translate(g.lang, "yes") if value else i18n.translate(g.lang, "no")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and INSTANT.match(value):
        try:
            return local(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return str(value)


GRADE_FIELDS = frozenset({"grade", "from_grade", "to_grade", "min_grade"})
CREDENTIAL_TYPE_FIELDS = frozenset({"type_code", "credential_type"})


def field_text(name: str, value: Any) -> str:
    """A field's value in words: an occupation, a grade or a certificate type by its name in the
    page's language (a code none of them knows as it is), any other value as value_text says."""
    if isinstance(value, str) and value:
        if name == OCCUPATION:
            return occupation_label(value)
        if name in GRADE_FIELDS:
            return grade_label(value, g.lang) or value
        if name in CREDENTIAL_TYPE_FIELDS:
            return credential_type_labels().get(value, value)
    return value_text(value)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def changes_of(entry: dict) -> list[Change]:
    """The changed fields; a creation (or removal) shows only the values it had, not its empty fields."""
    before, after = entry.get("before"), entry.get("after")
    names = dict.fromkeys([*(after or {}), *(before or {})])
    if before is None or after is None:
        names = {name: None for name in names if (after or before or {}).get(name) not in EMPTY}
    return [Change(name, words("audit_field_", name),
                   field_text(name, (before or {}).get(name)) if before is not None else "",
                   field_text(name, (after or {}).get(name)) if after is not None else "")
            for name in names]


def thing_link(kind: str, thing_id: str) -> str | None:
    page = PAGES.get(kind)
    if page is None:
        return None
    endpoint, parameter, numeric = page
    first = thing_id.split("/", 1)[0]
    if not first or (numeric and not first.isdigit()):
        return None
    return url_for(endpoint, **{parameter: int(first) if numeric else first})


@dataclass(frozen=True)
class Entry:
    """One entry of the trail, in words."""

    at: str
    when: str
    part: str
    part_label: str
    system: bool
    actor: str
    roles: str
    job: str | None
    cause: str | None
    event_id: str | None
    action: str
    action_label: str
    kind: str
    kind_label: str
    thing_id: str
    link: str | None
    changes: list[Change]
    created: bool  # nothing was there before: the after values only
    removed: bool
    request_id: str | None


def shown(entry: dict) -> Entry:
    system = entry["actor"] == SYSTEM
    return Entry(
        at=entry["at"], when=local(entry["at"]).strftime("%Y-%m-%d %H:%M:%S"), part=entry["part"],
        part_label=words("audit_part_", entry["part"]), system=system, actor=entry["actor"],
        roles=list_text(words("role_", role) for role in entry.get("roles") or ()),
        job=entry.get("job"), cause=entry.get("cause"), event_id=entry.get("event_id"), action=entry["action"],
        action_label=words("audit_action_", entry["action"]), kind=entry["kind"],
        kind_label=words("audit_kind_", entry["kind"]), thing_id=entry["id"],
        link=thing_link(entry["kind"], entry["id"]), changes=changes_of(entry),
        created=entry.get("before") is None and entry.get("after") is not None,
        removed=entry.get("after") is None and entry.get("before") is not None, request_id=entry.get("request_id"))


@dataclass
class History:
    """A thing's newest entries on its own page, and where the whole of it is on /audit."""

    entries: list[Entry]
    total: int
    unavailable: bool
    links: list[tuple[str, str]] = field(default_factory=list)  # (catalogue key, /audit URL)


def history(part: str, *lists: tuple[str, dict], linked: tuple[tuple[str, dict], ...] = ()) -> History | None:
    """The newest entries of `part` matching any of `lists` ((catalogue key of its link, the API's
    filters) pairs), merged newest first, with a link to each list on /audit (and to the `linked`
    ones, not read here); None for a user who may not read that part's trail (the API refuses them)."""
    entries, total, unavailable = [], 0, False
    for _label, filters in lists:
        answer = api().get("/audit", {"part": part, **filters, "per_page": HISTORY_SIZE})
        if answer.status == 403:
            return None
        body = answer.json() if answer.ok else {}
        unavailable = unavailable or not answer.ok or bool(body.get("unavailable"))
        entries += body.get("items", [])
        total += body.get("total", 0)
    entries.sort(key=lambda e: e["at"], reverse=True)
    links = [(label, url_for("web.audit", part=part, **filters)) for label, filters in (*lists, *linked)]
    return History([shown(e) for e in entries[:HISTORY_SIZE]], total, unavailable, links)
