"""The API's refusals (RFC 9457 problem details) as sentences in the page's language.

Every problem names the rule of each field message in its `codes` (api.md 1.2, banzu_common.rules):
`{code, ...values}`. Here a code and its values choose the catalogue's words, numbers and names kept.
A code without words (a service newer than the catalogues) is shown as the API's English message, so
nothing the user must fix is ever hidden.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import g

from banzu_gateway.translations import N_
from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import ApiAnswer

Words = tuple[str, dict]  # a catalogue key and the values its words take
MIB = 1024 * 1024


def _type(values: dict) -> str | None:
    return {"integer": N_("field_integer"), "number": N_("field_number"), "float": N_("field_number"),
            "decimal": N_("field_number"), "date": N_("invalid_date"), "datetime": N_("field_datetime"),
            "naivedatetime": N_("field_datetime"), "awaredatetime": N_("field_datetime"),
            "email": N_("field_email"), "url": N_("field_url"), "boolean": N_("invalid_choice"),
            "object": N_("field_object"), "dict": N_("field_object"), "list": N_("field_object"),
            "nested": N_("field_object"), "string": N_("field_object")}.get(values.get("type", ""))


def _range(values: dict) -> Words | None:
    low, high = values.get("min"), values.get("max")
    above = values.get("min_inclusive") is False
    if low is not None and high is not None:
        return (N_("field_above_at_most") if above else N_("field_between")), {"low": low, "high": high}
    if low is not None:
        return (N_("field_above") if above else N_("field_at_least")), {"low": low}
    if high is not None:
        return N_("field_at_most"), {"high": high}
    return None


def _length(values: dict) -> Words | None:
    low, high = values.get("min"), values.get("max")
    if low is not None and high is not None:
        return N_("field_length"), {"low": low, "high": high}
    if high is not None:
        return N_("field_too_long"), {"high": high}
    if low is not None:  # at least one character: the field was left empty
        return (N_("field_required") if str(low) == "1" else N_("field_too_short")), {"low": low}
    return None


def _duplicate(values: dict) -> Words:
    if "value" in values:  # given twice in the same request
        return N_("contest_duplicate_code"), {"code": values["value"]}
    return (N_("number_taken_field") if values.get("field") == "number" else N_("field_taken")), {}


def _file_size(values: dict) -> Words | None:
    """A file past its limit: in MB as the imports say it (`mib`), or from the limit in bytes (`limit`)."""
    if "mib" in values:
        return N_("import_file_too_large"), values
    limit = str(values.get("limit", ""))
    return (N_("import_file_too_large"), {"mib": _mib(int(limit))}) if limit.isdigit() else None


def _mib(size: int) -> str:
    """2097152 -> "2"; a limit that is not a whole number of MiB keeps one decimal."""
    return str(size // MIB) if size % MIB == 0 else f"{size / MIB:.1f}"


def _count(value) -> str:
    """A large count as people read it: 100,000."""
    return f"{int(value):,}" if str(value).isdigit() else str(value)


# code -> catalogue key (the values as they are), or a function of the values giving the key and its values
RULES: dict[str, str | Callable[[dict], Words | str | None]] = {
    # marshmallow's messages and the rules every part shares
    "required": N_("field_required"), "null": N_("field_required"), "blank": N_("field_required"),
    "invalid_type": _type, "out_of_range": _range, "wrong_length": _length,
    "one_of": N_("invalid_choice"), "unknown_field": N_("field_unknown"), "duplicate": _duplicate,
    "repeated": N_("field_repeated"), "code_format": N_("code_format"),
    "one_line": N_("field_one_line"), "multi_line": N_("field_no_control_characters"),
    "no_nul": N_("field_no_control_characters"),
    "in_the_future": N_("last_review_after_today"), "too_far_in_future": N_("date_too_far"),
    "in_the_past": N_("field_not_in_past"), "needs_offset": N_("field_with_offset"),
    "not_after_start": N_("field_after_start"),
    "before_start": lambda v: {"issued_on": N_("not_before_issued"), "starts_on": N_("contest_ends_before_start"),
                               "from": N_("field_not_before_from")}.get(v.get("start", "")),
    "not_a_period": N_("field_period_format"), "outside_year": N_("field_within_year"),
    "empty_patch": N_("empty_patch"), "not_a_cursor": N_("not_a_cursor"), "cursor_and_page": N_("cursor_and_page"),
    "after_end": lambda v: {"expires_on": N_("review_after_expiry")}.get(v.get("end", "")),
    # references to nothing a part knows
    "unknown_worker": N_("unknown_worker"), "unknown_judge": N_("field_no_such_judge"), "unknown_course": N_("field_no_such_course"),
    "unknown_team": N_("no_such_team"), "unknown_credential_type": N_("unknown_credential_type"),
    "unknown_segment": lambda v: (N_("contest_unknown_segment"), {"code": v.get("value")}),
    "unknown_occupation": lambda v: N_("field_unknown_occupation_named") if "value" in v
    else N_("field_unknown_occupation"),
    # the directory's, the occupation catalogue's and the accounts' rules
    "occupation_code_format": N_("occupation_code_format"), "ambiguous_occupation": N_("import_occupation_ambiguous"),
    "not_a_grade": N_("import_not_a_grade"), "not_a_member": N_("leader_not_member"),
    "left_company": lambda v: N_("leader_has_left") if "value" in v else N_("import_worker_left"),
    "wrong_password": N_("wrong_current_password"), "same_password": N_("same_password"),
    "needs_employee_no": N_("worker_needs_number"),
    # where a team robot may point (R14)
    "not_https": N_("robot_not_https"), "with_user": N_("robot_with_user"),
    "not_a_robot_host": N_("robot_host_not_allowed"), "not_public": N_("robot_address_not_public"),
    # credentials
    "credential_number_format": N_("credential_number_format"), "type_code_format": N_("type_code_format"),
    "reminders_without_expiry": N_("reminders_without_expiry"), "before_renewed": N_("renew_before_issue"),
    "no_periodic_review": N_("last_review_not_for_type"),
    # competition
    "weights_sum": N_("contest_weights_sum"), "no_segment": N_("contest_segment_required"),
    "awards_cumulative": N_("contest_awards_cumulative"), "grade_steps": N_("contest_steps"),
    "decimal_places": N_("contest_score_decimals"),
    # training
    "same_as_mentor": N_("field_not_mentor"), "period_length": N_("field_period_length"),
    "outside_period": N_("field_within_period"), "absent_no_hours": N_("field_absent_no_hours"),
    "absent_no_score": N_("field_absent_no_score"), "no_course": N_("field_one_course"),
    # files to import, and their limits (R16), numbers kept
    "not_a_table": N_("import_not_a_table"), "unreadable_file": N_("import_unreadable"),
    "empty_file": N_("import_empty"), "missing_column": N_("import_missing_column"),
    "twice_in_file": lambda v: N_("import_twice_first_row") if "row" in v else N_("import_twice"),
    "file_too_large": _file_size, "too_many_rows": N_("import_too_many_rows"),
    "too_many_columns": N_("import_too_many_columns"), "row_too_large": N_("import_row_too_large"),
    "declares_too_much": N_("import_declares_too_much"), "unpacks_too_much": N_("import_unpacks_too_much"),
    "packed_too_tightly": N_("import_packed_too_tightly"), "too_many_parts": N_("import_too_many_parts"),
    "too_many_elements": N_("import_too_many_elements"),
}
_COUNTS = ("rows", "elements")


def words_of(entry: dict | None) -> Words | None:
    """The catalogue key and values for one `codes` entry; None when the catalogue has no words for it."""
    if not isinstance(entry, dict):
        return None
    values = {name: value for name, value in entry.items() if name != "code"}
    rule = RULES.get(str(entry.get("code")))
    chosen = rule(values) if callable(rule) else rule
    if chosen is None:
        return None
    key, given = chosen if isinstance(chosen, tuple) else (chosen, values)
    given = {name: _count(value) if name in _COUNTS else value for name, value in given.items()}
    return (key, given) if i18n.has(g.lang, key) else None


def field_message(message: str, entry: dict | None = None) -> str:
    """One field message in the page's language: the words of its code, else the API's own message."""
    found = words_of(entry)
    if found is None:
        return message
    key, values = found
    try:
        return i18n.translate(g.lang, key, **values)
    except (KeyError, IndexError):  # a value the words need is missing: the API's message says it
        return message


def reason_message(reason: str | None, fallback: str) -> str:
    """`reason_<code>` from the catalogue when there is one, else the API's own sentence."""
    key = f"reason_{reason}"
    if reason and i18n.has(g.lang, key):
        return i18n.translate(g.lang, key)
    return fallback


@dataclass
class Refusal:
    """What a form shows after the API said no: a sentence on top, and messages by field."""

    summary: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    reason: str | None = None

    def __bool__(self) -> bool:
        return True

    def on(self, name: str) -> list[str]:
        return self.fields.get(name, [])


def refusal_of(answer: ApiAnswer, form_fields: dict[str, str] | None = None) -> Refusal:
    """`form_fields` maps the API's field paths to the form's names where they differ
    (e.g. {"segments.0.weight": "segments-0-weight"}); list paths are mapped the same way by default."""
    problem = answer.problem
    reason = problem.get("reason")
    if answer.status == 422 and problem.get("errors"):
        summary = i18n.translate(g.lang, "fix_fields")
    else:
        summary = reason_message(reason, problem.get("detail") or i18n.translate(g.lang, "request_refused"))
    codes = problem.get("codes") if isinstance(problem.get("codes"), dict) else {}
    fields: dict[str, list[str]] = {}
    for api_field, messages in (problem.get("errors") or {}).items():
        name = (form_fields or {}).get(api_field) or re.sub(r"\.(\d+)\.?", r"-\1-", api_field).rstrip("-")
        entries = codes.get(api_field) or []
        fields.setdefault(name, []).extend(
            field_message(message, entries[i] if i < len(entries) else None) for i, message in enumerate(messages))
    return Refusal(summary, fields, reason)
