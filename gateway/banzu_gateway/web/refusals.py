"""The API's refusals (RFC 9457 problem details) as sentences in the page's language.

Field messages come from the services in English; the common ones (marshmallow's, and the rules
a form meets most) are matched here and said in the page's language with their numbers kept. A
message not matched is shown as the API wrote it, so nothing the user must fix is ever hidden.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import g

from banzu_common.text_rules import MULTI_LINE_MESSAGE, ONE_LINE_MESSAGE

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import ApiAnswer

# (pattern of the API's message, catalogue key); named groups become the message's values.
FIELD_MESSAGES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern), key) for pattern, key in (
    (r"^Missing data for required field\.$", "field_required"),
    (r"^Field may not be null\.$", "field_required"),
    (r"^Shorter than minimum length 1\.$", "field_required"),
    (r"^Not a valid integer\.$", "field_integer"),
    (r"^Not a valid (number|decimal)\.$", "field_number"),
    (r"^Not a valid date\.$", "invalid_date"),
    (r"^Not a valid datetime\.$", "field_datetime"),
    (r"^Not a valid email address\.$", "field_email"),
    (r"^Not a valid boolean\.$", "invalid_choice"),
    (r"^Must be one of: .*\.$", "invalid_choice"),
    (r"^Must be greater than or equal to (?P<low>[-\d.]+) and less than or equal to (?P<high>[-\d.]+)\.$",
     "field_between"),
    (r"^Must be greater than or equal to (?P<low>[-\d.]+)\.$", "field_at_least"),
    (r"^Must be less than or equal to (?P<high>[-\d.]+)\.$", "field_at_most"),
    (r"^Must be greater than (?P<low>[-\d.]+)\.$", "field_above"),
    (r"^Length must be between (?P<low>\d+) and (?P<high>\d+)\.$", "field_length"),
    (r"^Longer than maximum length (?P<high>\d+)\.$", "field_too_long"),
    (r"^Shorter than minimum length (?P<low>\d+)\.$", "field_too_short"),
    (r"^Unknown field\.$", "field_unknown"),
    # every part's rule of text (R15): names, codes and reasons on one line; notes without tabs
    (f"^{re.escape(ONE_LINE_MESSAGE)}$", "field_one_line"),
    (f"^{re.escape(MULTI_LINE_MESSAGE)}$", "field_no_control_characters"),
    # the directory's, the imports' and the accounts' own rules
    (r"^is required$", "field_required"),
    (r"^Use 1-40 letters, digits, '_', '\.' or '-'\.$", "code_format"),
    (r"^(is longer than|must be at most) (?P<high>\d+) characters$", "field_too_long"),
    (r"^'(?P<value>.*)' is not a grade; use one of .*$", "import_not_a_grade"),
    (r"^appears twice in the file \(first in row (?P<row>\d+)\)$", "import_twice_first_row"),
    (r"^appears twice in the file$", "import_twice"),
    (r"^[Tt]here is no team '(?P<value>.*)'\.?$", "no_such_team"),
    # the occupation catalogue's (the gateway's and every service's words)
    (r"^is not an occupation of the catalogue$", "field_unknown_occupation"),
    (r"^'(?P<value>.*)' is not an occupation of the catalogue$", "field_unknown_occupation_named"),
    (r"^names more than one occupation of the catalogue; use its code$", "import_occupation_ambiguous"),
    (r"^Use 1-100 lowercase letters, digits or '_'\.$", "occupation_code_format"),
    (r"^must not be blank$", "field_required"),
    (r"^('.*' )?is not a known credential type$", "unknown_credential_type"),
    (r"^must be a date as YYYY-MM-DD$", "invalid_date"),
    (r"^is too far in the future$", "date_too_far"),
    (r"^'(?P<value>.*)' is not a known worker$", "unknown_worker"),
    (r"^is already taken by another credential$", "number_taken_field"),
    (r"^must be 1–64 characters without spaces, slashes, '\?' or '#'$", "credential_number_format"),
    (r"^must not be before issued_on$", "not_before_issued"),
    (r"^must not be before the renewed credential's issue date$", "renew_before_issue"),
    (r"^must not be after expires_on$", "review_after_expiry"),
    (r"^must not be after today$", "last_review_after_today"),
    (r"^must be empty: this type of credential has no periodic review$", "last_review_not_for_type"),
    (r"^has no column (?P<value>.+) in its first row$", "import_missing_column"),
    (r"^is empty: the first row must name the columns$", "import_empty"),
    (r"^must be a UTF-8 CSV file or an XLSX workbook$", "import_not_a_table"),
    (r"^is not a readable (CSV file: .*|XLSX workbook)$", "import_unreadable"),
    # where a team robot may point (R14)
    (r"^Not a valid URL\.$|^is not the web address of a host$", "field_url"),
    (r"^must be an https:// address$", "robot_not_https"),
    (r"^must not hold a user name or password$", "robot_with_user"),
    (r"^names the host (?P<host>\S+), which is not a chat robot's \(allowed: (?P<hosts>.*)\)$",
     "robot_host_not_allowed"),
    (r"^leads to (?P<address>\S+), an? [a-z -]+ address; a robot must be at a public address$",
     "robot_address_not_public"),
    # the upload limits (R16), numbers kept
    (r"^is larger than (?P<mib>\d+) MiB$", "import_file_too_large"),
    (r"^has more than (?P<rows>[\d,]+) rows$", "import_too_many_rows"),
    (r"^has more than (?P<columns>\d+) columns \(row (?P<row>\d+)\)$", "import_too_many_columns"),
    (r"^has more than (?P<kib>\d+) KiB in one row \(row (?P<row>\d+)\)$", "import_row_too_large"),
    (r"^declares the cells (?P<cells>\S+): more than (?P<rows>[\d,]+) rows or (?P<columns>\d+) columns$",
     "import_declares_too_much"),
    (r"^unpacks to more than (?P<mib>\d+) MiB$", "import_unpacks_too_much"),
    (r"^has a part that unpacks to more than (?P<times>\d+) times its size$", "import_packed_too_tightly"),
    (r"^has a zip directory of more than (?P<mib>\d+) MiB", "import_too_many_parts"),
    (r"^has more than (?P<elements>[\d,]+) XML elements outside its rows$", "import_too_many_elements"),
    (r"^'(?P<value>.*)' is not a member of team '(?P<team>.*)'\.$", "leader_not_member"),
    (r"^'(?P<value>.*)' has left the company\.$", "leader_has_left"),
    (r"^has left the company$", "import_worker_left"),
    (r"^is not your current password$", "wrong_current_password"),
    (r"^must differ from the current password$", "same_password"),
    (r"^A worker account must be linked to an employee number\.$", "worker_needs_number"),
    # the competition service's rules for contests, segments and scores
    (r"^weights must add up to 100 \(they add up to (?P<total>[-\d.]+)\)$", "contest_weights_sum"),
    (r"^duplicate segment code ['\"](?P<code>.*)['\"]$", "contest_duplicate_code"),
    (r"^unknown segment ['\"](?P<code>.*)['\"]$", "contest_unknown_segment"),
    (r"^must not repeat a code$", "contest_repeated_code"),
    (r"^shares are cumulative", "contest_awards_cumulative"),
    (r"^must be more than 0 and at most 100$", "contest_weight_range"),
    (r"^must be more than (?P<low>0)$", "field_above"),
    (r"^must not be before starts_on$", "contest_ends_before_start"),
    (r"^must be a whole number of grades", "contest_steps"),
    (r"^(at least one segment is required|name at least one segment)$", "contest_segment_required"),
    (r"^must have at most (?P<places>\d+) decimals$", "contest_score_decimals"),
    (r"^must be one of (junior|apprentice)", "contest_grade"),
    (r"^must be between (?P<low>[-\d.]+) and (?P<high>[-\d.]+)$", "field_between"),  # decimals too
    # The training service's rules (its domain's own words).
    (r"^must be a non-empty string$", "field_not_empty"),
    (r"^must be in [\[(](?P<low>[-\d.]+), (?P<high>[-\d.]+)\]$", "field_in_range"),
    (r"^must have at most 2 decimal places$", "field_two_places"),
    (r"^must be a number$", "field_number"),
    (r"^must be an integer$", "field_integer"),
    (r"^must be between (?P<low>-?\d+) and (?P<high>-?\d+)$", "field_between"),
    (r"^must be one of .*$", "invalid_choice"),
    (r"^must be true or false$", "invalid_choice"),
    (r"^must be a date \(YYYY-MM-DD\)$", "invalid_date"),
    (r"^must be a date-time$|^must include a UTC offset$", "field_with_offset"),
    (r"^must be after starts_at$", "field_after_start"),
    (r"^There is no worker '(?P<value>.*)'\.$", "field_no_such_worker"),
    (r"^There is no course '(?P<value>.*)'\.$", "field_no_such_course"),
    (r"^There is no team '(?P<value>.*)'\.$", "field_no_such_team"),
    (r"^the period must last \d+ to \d+ months \(ends_on between (?P<first>[\d-]+) and (?P<last>[\d-]+)\)$",
     "field_period_length"),
    (r"^must be within the period (?P<first>[\d-]+) to (?P<last>[\d-]+)$", "field_within_period"),
    (r"^must differ from the mentor$", "field_not_mentor"),
    (r"^an absent worker is credited no hours$", "field_absent_no_hours"),
    (r"^an absent worker has no score$", "field_absent_no_score"),
    (r"^must list at least one course code$", "field_one_course"),
    (r"^must not be in the past$", "field_not_in_past"),
))


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


def field_message(message: str) -> str:
    for pattern, key in FIELD_MESSAGES:
        match = pattern.match(message)
        if match:
            return i18n.translate(g.lang, key, **match.groupdict())
    return message


def reason_message(reason: str | None, fallback: str) -> str:
    """`reason_<code>` from the catalogue when there is one, else the API's own sentence."""
    key = f"reason_{reason}"
    if reason and i18n.has(g.lang, key):
        return i18n.translate(g.lang, key)
    return fallback


def refusal_of(answer: ApiAnswer, form_fields: dict[str, str] | None = None) -> Refusal:
    """`form_fields` maps the API's field paths to the form's names where they differ
    (e.g. {"segments.0.weight": "segments-0-weight"}); list paths are mapped the same way by default."""
    problem = answer.problem
    reason = problem.get("reason")
    if answer.status == 422 and problem.get("errors"):
        summary = i18n.translate(g.lang, "fix_fields")
    else:
        summary = reason_message(reason, problem.get("detail") or i18n.translate(g.lang, "request_refused"))
    fields: dict[str, list[str]] = {}
    for api_field, messages in (problem.get("errors") or {}).items():
        name = (form_fields or {}).get(api_field) or re.sub(r"\.(\d+)\.?", r"-\1-", api_field).rstrip("-")
        fields.setdefault(name, []).extend(field_message(m) for m in messages)
    return Refusal(summary, fields, reason)
