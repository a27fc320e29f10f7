"""The contest form (create, and edit while draft or open): its fields named like `POST /contests`, the
segments as repeated rows (`segments-0-code`, …) that are added and removed without script."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from banzu_gateway.web.api_client import ApiAnswer
from banzu_gateway.web.form_data import whole
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.views.choices import credential_type_labels, grade_options
from banzu_gateway.web.views.contests.common import METHODS, form_name, method_label

DETAILS = ("name", "occupation", "starts_on", "ends_on")
SEGMENT_FIELDS = ("code", "name", "weight", "max_score", "method", "max_spread")
AWARDS = ("first", "second", "third", "min_total")
STEPS = ("first", "second", "third")
NEW_ROWS = 3  # a contest commonly has theory, practical and troubleshooting
MAX_ROWS = 30
CODES = re.compile(r"[\s,，、;；]+")
SEGMENT_ITEM = re.compile(r"^segments\.(\d+)\.(.+)$")


@dataclass
class SettingsForm:
    """What the form shows: the values by field name, the chosen credential types and the segment rows."""

    values: dict[str, str] = field(default_factory=dict)
    credentials: list[str] = field(default_factory=list)
    rows: int = NEW_ROWS

    def get(self, name: str) -> str:
        return self.values.get(name) or ""

    def segment_rows(self) -> list[int]:
        """Form rows that hold a segment, in order: the API's `segments.N` is the N-th of them."""
        return [i for i in range(self.rows)
                if any(self.get(f"segments-{i}-{name}").strip() for name in SEGMENT_FIELDS)]


def from_contest(contest: dict) -> SettingsForm:
    values = {name: str(contest.get(name) or "") for name in DETAILS}
    values["min_grade"] = contest.get("min_grade") or ""
    for i, segment in enumerate(contest["segments"]):
        for name in SEGMENT_FIELDS:
            values[f"segments-{i}-{name}"] = "" if segment.get(name) is None else str(segment[name])
    values["tie_break"] = " ".join(contest.get("tie_break") or [])
    for name in AWARDS:
        values[f"awards-{name}"] = str(contest["awards"].get(name, ""))
    for name in (*STEPS, "cap"):
        values[f"promotions-{name}"] = str(contest["promotions"].get(name, ""))
    return SettingsForm(values, list(contest.get("required_credentials") or []), max(len(contest["segments"]), 1))


def from_request(form: MultiDict) -> SettingsForm:
    """The form as sent: rows ticked for removal are gone, and `rows=add` adds an empty one."""
    values = {name: form.get(name, "").strip() for name in (*DETAILS, "min_grade", "tie_break")}
    values.update({f"awards-{name}": form.get(f"awards-{name}", "").strip() for name in AWARDS})
    values.update({f"promotions-{name}": form.get(f"promotions-{name}", "").strip() for name in (*STEPS, "cap")})
    kept = 0
    for i in range(MAX_ROWS):
        if f"segments-{i}-code" not in form:
            break
        if form.get(f"segments-{i}-remove"):
            continue
        for name in SEGMENT_FIELDS:
            values[f"segments-{kept}-{name}"] = form.get(f"segments-{i}-{name}", "").strip()
        kept += 1
    if form.get("rows") == "add" and kept < MAX_ROWS:
        kept += 1
    return SettingsForm(values, form.getlist("required_credentials"), max(kept, 1))


def body_of(settings: SettingsForm, editing: bool = False) -> dict:
    """The JSON of `POST /contests` (or `PATCH` when editing). Empty fields are left out, so the API
    names what is missing; numbers go as typed, so the API names what is not a number."""
    body: dict = {name: settings.get(name) for name in DETAILS if settings.get(name) or editing}
    body["min_grade"] = settings.get("min_grade") or None
    body["required_credentials"] = settings.credentials
    body["segments"] = [
        {name: settings.get(f"segments-{i}-{name}") for name in SEGMENT_FIELDS if settings.get(f"segments-{i}-{name}")}
        for i in settings.segment_rows()]
    body["tie_break"] = [code for code in CODES.split(settings.get("tie_break")) if code]
    awards = {name: settings.get(f"awards-{name}") for name in AWARDS if settings.get(f"awards-{name}")}
    if awards:
        body["awards"] = awards
    promotions = {name: whole(settings.get(f"promotions-{name}")) for name in STEPS
                  if settings.get(f"promotions-{name}")}
    if settings.get("promotions-cap"):
        promotions["cap"] = settings.get("promotions-cap")
    if promotions:
        body["promotions"] = promotions
    return body


def settings_refusal(answer: ApiAnswer, settings: SettingsForm) -> Refusal:
    """The API's refusal with its fields named as in this form (`segments.1.weight` is the second row
    that holds a segment, which may not be the form's second row)."""
    rows = settings.segment_rows()
    names = {}
    for api_field in answer.problem.get("errors") or {}:
        item = SEGMENT_ITEM.match(api_field)
        if item and int(item[1]) < len(rows):
            names[api_field] = f"segments-{rows[int(item[1])]}-{item[2]}"
        else:
            names[api_field] = form_name(api_field)
    return refusal_of(answer, names)


def choices() -> dict:
    """The choices the contest form offers: grades, the credential types that exist, segment methods."""
    return {"grades": grade_options(), "credential_types": list(credential_type_labels().items()),
            "methods": [(code, method_label(code)) for code in METHODS]}
