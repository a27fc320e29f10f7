from datetime import date

import pytest

from banzu_common.errors import Invalid
from banzu_credentials.domain import DEFAULT_CREDENTIAL_TYPES, IssueCredential, parse_credential_row

TYPES = {t.code: t for t in DEFAULT_CREDENTIAL_TYPES}
TODAY = date(2026, 12, 7)
ROW = {
    "employee_no": " E001 ",
    "type_code": "special_equipment",
    "number": "SE-2022-0001",
    "issuer": "市场监督管理局",
    "issued_on": "2022-12-20",
    "expires_on": "",
}


def errors_of(row):
    with pytest.raises(Invalid) as caught:
        parse_credential_row(row, TYPES, TODAY)
    return caught.value.errors


def test_good_row_becomes_an_issue_command():
    assert parse_credential_row(ROW, TYPES, TODAY) == IssueCredential(
        "E001", "special_equipment", "SE-2022-0001", "市场监督管理局", date(2022, 12, 20), None
    )


@pytest.mark.parametrize("text", ["2026/12/20", "2026-12-20 00:00:00", "2026-12-20"])
def test_spreadsheet_date_forms(text):
    assert parse_credential_row(ROW | {"expires_on": text}, TYPES, TODAY).expires_on == date(2026, 12, 20)


def test_missing_cells_and_bad_values_are_reported_per_column():
    errors = errors_of({"type_code": "unknown", "issued_on": "2022-02-30", "expires_on": "soon", "extra": "x"})
    assert set(errors) == {"employee_no", "type_code", "number", "issuer", "issued_on", "expires_on"}
    assert errors["type_code"] == ["is not a known credential type"]
    assert errors["issued_on"] == ["must be a date as YYYY-MM-DD"]


def test_expiry_before_issue_and_empty_cells_from_spreadsheets():
    errors = errors_of(ROW | {"expires_on": "2022-12-19", "issuer": None})
    assert set(errors) == {"expires_on", "issuer"}


OPERATION_ROW = ROW | {"type_code": "special_operation", "number": "SO-2020-0001", "issued_on": "2020-06-01"}


def test_a_row_may_give_the_last_review_and_a_file_without_that_column_still_imports():
    assert parse_credential_row(OPERATION_ROW | {"last_reviewed_on": "2023/05/20"}, TYPES, TODAY).last_reviewed_on \
        == date(2023, 5, 20)
    assert "last_reviewed_on" not in OPERATION_ROW
    assert parse_credential_row(OPERATION_ROW, TYPES, TODAY).last_reviewed_on is None


@pytest.mark.parametrize(("row", "message"), [
    (OPERATION_ROW | {"last_reviewed_on": "2026-12-08"}, "must not be after today"),
    (OPERATION_ROW | {"last_reviewed_on": "2020-05-31"}, "must not be before issued_on"),
    (OPERATION_ROW | {"last_reviewed_on": "2020-06-01", "expires_on": "2020-05-30"}, None),
    (OPERATION_ROW | {"last_reviewed_on": "yesterday"}, "must be a date as YYYY-MM-DD"),
    (ROW | {"last_reviewed_on": "2023-01-01"}, "must be empty: this type of credential has no periodic review"),
])
def test_a_last_review_that_cannot_be_is_reported_on_its_column(row, message):
    errors = errors_of(row)
    if message is None:  # the expiry before the issue is the row's mistake, not the review's
        assert "expires_on" in errors
    else:
        assert errors["last_reviewed_on"] == [message]
