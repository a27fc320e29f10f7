"""One row of a credentials import file (CSV or XLSX), checked before anything is written."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from banzu_common.field_errors import FieldErrors
from banzu_common.rules import REQUIRED, TOO_FAR, Rule

from .commands import IssueCredential
from .credential import expiry_and_review, issue_errors, last_review_errors
from .credential_types import CredentialType

COLUMNS = ("employee_no", "type_code", "number", "issuer", "issued_on", "expires_on", "last_reviewed_on")

# ISO dates, the slashed form spreadsheets in zh locales show, and the midnight time some readers
# append to date cells.
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: 00:00(?::00)?)?")


def parse_credential_row(row: Mapping[str, str | None], types: Mapping[str, CredentialType],
                         today: date) -> IssueCredential:
    """The issue command a row asks for, or Invalid with errors keyed by column name.

    `types` are the known credential types by code. Values are stripped; a missing or empty cell
    (or column: files made before `last_reviewed_on` was one still import) is empty; columns other
    than COLUMNS are ignored. Whether the worker exists and the number is free is for the caller to
    check.
    """
    cells = {column: (row.get(column) or "").strip() for column in COLUMNS}
    errors = FieldErrors()
    type_code = cells["type_code"]
    if not type_code:
        errors.add("type_code", REQUIRED)
    elif type_code not in types:
        errors.add("type_code", Rule("unknown_credential_type", "is not a known credential type"))
    issued_on = _parse_date(cells["issued_on"], "issued_on", errors)
    expires_on = _parse_date(cells["expires_on"], "expires_on", errors)
    last_reviewed_on = _parse_date(cells["last_reviewed_on"], "last_reviewed_on", errors)
    issue_errors(errors, employee_no=cells["employee_no"], number=cells["number"], issuer=cells["issuer"],
                 issued_on=issued_on, expires_on=expires_on)
    if issued_on is not None and "type_code" not in errors:
        try:
            given_or_valid_until, _ = expiry_and_review(types[type_code], issued_on, expires_on)
        except OverflowError:
            errors.add("issued_on", TOO_FAR)
        else:
            last_review_errors(errors, types[type_code], issued_on=issued_on, expires_on=given_or_valid_until,
                               last_reviewed_on=last_reviewed_on, today=today)
    errors.raise_if_any()
    return IssueCredential(cells["employee_no"], type_code, cells["number"], cells["issuer"], issued_on, expires_on,
                           last_reviewed_on)


def _parse_date(text: str, column: str, errors: FieldErrors) -> date | None:
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    errors.add(column, Rule("invalid_type", "must be a date as YYYY-MM-DD", type="date"))
    return None
