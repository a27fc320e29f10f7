from datetime import date

import pytest

from banzu_common.errors import Conflict, Invalid
from banzu_credentials.domain import (
    DEFAULT_CREDENTIAL_TYPES,
    Credential,
    CredentialIssued,
    CredentialRenewed,
    CredentialRevoked,
    CredentialStatus,
    new_credential_type,
)

TYPES = {t.code: t for t in DEFAULT_CREDENTIAL_TYPES}
EQUIPMENT = TYPES["special_equipment"]
OPERATION = TYPES["special_operation"]


def issue(ctype=EQUIPMENT, **overrides):
    fields = dict(
        credential_id="c1",
        ctype=ctype,
        employee_no="E001",
        number="SE-2022-0001",
        issuer="市场监督管理局",
        issued_on=date(2022, 12, 20),
        verification_code="ABCD2345",
    )
    return Credential.issue(**(fields | overrides))


def test_worked_example_expiry_and_statuses():
    credential = issue()
    assert credential.expires_on == date(2026, 12, 20)
    assert credential.next_review_on is None
    assert credential.events == [
        CredentialIssued("c1", "E001", "special_equipment", "SE-2022-0001", date(2022, 12, 20), date(2026, 12, 20))
    ]
    on = date(2026, 11, 22)
    assert credential.status_on(on, EQUIPMENT) is CredentialStatus.EXPIRING
    assert credential.days_left(on) == 28
    assert credential.status_on(date(2026, 12, 20), EQUIPMENT) is CredentialStatus.EXPIRING
    assert credential.status_on(date(2026, 12, 21), EQUIPMENT) is CredentialStatus.EXPIRED


def test_leap_day_with_twelve_months_validity_expires_on_february_28():
    yearly = new_credential_type("yearly", "年检证", validity_months=12)
    assert issue(yearly, issued_on=date(2020, 2, 29)).expires_on == date(2021, 2, 28)


def test_given_expiry_wins_and_never_expiring_type_has_none():
    assert issue(expires_on=date(2024, 1, 1)).expires_on == date(2024, 1, 1)
    skill = issue(TYPES["skill_level"])
    assert skill.expires_on is None
    assert skill.days_left(date(2030, 1, 1)) is None


def test_issue_reports_every_bad_field():
    with pytest.raises(Invalid) as caught:
        issue(employee_no=" ", number="A/1", issuer="", expires_on=date(2022, 12, 19))
    assert set(caught.value.errors) == {"employee_no", "number", "issuer", "expires_on"}


def test_issue_strips_text_fields():
    credential = issue(employee_no=" E001 ", number=" N1 ", issuer=" 局 ")
    assert (credential.employee_no, credential.number, credential.issuer) == ("E001", "N1", "局")


def test_issue_far_in_the_future_is_invalid_not_a_crash():
    with pytest.raises(Invalid) as caught:
        issue(issued_on=date(9998, 1, 1))
    assert set(caught.value.errors) == {"issued_on"}


def test_renewal_supersedes_and_records_issue_and_renewal():
    old = issue()
    new = old.renew(
        new_id="c2", ctype=EQUIPMENT, number="SE-2026-0042", issued_on=date(2026, 12, 1), verification_code="XYZW2345"
    )
    assert old.superseded_by == "c2"
    assert old.status_on(date(2026, 12, 2), EQUIPMENT) is CredentialStatus.SUPERSEDED
    assert (new.employee_no, new.issuer, new.expires_on) == ("E001", "市场监督管理局", date(2030, 12, 1))
    assert new.events == [
        CredentialIssued("c2", "E001", "special_equipment", "SE-2026-0042", date(2026, 12, 1), date(2030, 12, 1)),
        CredentialRenewed("c1", "c2", "E001", "special_equipment", date(2030, 12, 1)),
    ]


def renew(credential, **overrides):
    fields = dict(new_id="c9", ctype=EQUIPMENT, number="N9", issued_on=date(2026, 12, 1), verification_code="C")
    return credential.renew(**(fields | overrides))


def test_renewing_twice_is_refused():
    old = issue()
    renew(old)
    with pytest.raises(Conflict) as caught:
        renew(old)
    assert caught.value.reason == "already_superseded"


def test_renewing_a_revoked_credential_is_refused():
    old = issue()
    old.revoke("证书造假", date(2024, 1, 1))
    with pytest.raises(Conflict) as caught:
        renew(old)
    assert caught.value.reason == "revoked"


def test_renewal_issued_before_the_old_one_is_invalid_and_changes_nothing():
    old = issue()
    with pytest.raises(Invalid) as caught:
        renew(old, issued_on=date(2022, 1, 1), number="")
    assert set(caught.value.errors) == {"issued_on", "number"}
    assert not old.superseded


def test_revocation_needs_a_reason_and_happens_once():
    credential = issue()
    with pytest.raises(Invalid) as caught:
        credential.revoke("  ", date(2024, 1, 1))
    assert set(caught.value.errors) == {"reason"}
    credential.revoke("证书造假", date(2024, 1, 1))
    assert credential.status_on(date(2023, 1, 1), EQUIPMENT) is CredentialStatus.REVOKED
    with pytest.raises(Conflict) as caught:
        credential.revoke("again", date(2024, 1, 2))
    assert caught.value.reason == "already_revoked"
    assert credential.events[-1] == CredentialRevoked("c1", "E001", "special_equipment", "证书造假")


def test_a_superseded_credential_can_still_be_revoked():
    old = issue()
    renew(old)
    old.revoke("发证错误", date(2026, 12, 2))
    assert old.status_on(date(2026, 12, 2), EQUIPMENT) is CredentialStatus.REVOKED


def test_reviews_move_the_next_review_on_from_the_latest_review():
    credential = issue(OPERATION, issued_on=date(2020, 1, 10))
    assert credential.expires_on == date(2026, 1, 10)
    assert credential.next_review_on == date(2023, 1, 10)
    assert credential.status_on(date(2023, 1, 11), OPERATION) is CredentialStatus.REVIEW_DUE
    credential.record_review(date(2023, 2, 1), OPERATION)
    assert credential.next_review_on == date(2026, 2, 1)
    assert credential.status_on(date(2023, 2, 2), OPERATION) is CredentialStatus.VALID
    credential.record_review(date(2022, 12, 1), OPERATION)
    assert credential.next_review_on == date(2026, 2, 1)
    assert [r.reviewed_on for r in credential.reviews] == [date(2023, 2, 1), date(2022, 12, 1)]


def test_a_certificate_recorded_late_counts_its_next_review_from_its_last_review():
    """A special operation certificate issued 2021-06-01 reviews every 36 months: recorded on 2026-12-07
    without its last review it is due since 2024-06-01; with the review of 2022-11-10 it is due 2025-11-10,
    still past; with one on 2026-05-02 it is valid and next due 2029-05-02."""
    today = date(2026, 12, 7)
    late = issue(OPERATION, issued_on=date(2021, 6, 1))
    assert late.next_review_on == date(2024, 6, 1) and late.last_reviewed_on is None
    assert late.status_on(today, OPERATION) is CredentialStatus.REVIEW_DUE
    reviewed = issue(OPERATION, issued_on=date(2021, 6, 1), last_reviewed_on=date(2022, 11, 10), today=today)
    assert (reviewed.next_review_on, reviewed.last_reviewed_on) == (date(2025, 11, 10), date(2022, 11, 10))
    assert [r.reviewed_on for r in reviewed.reviews] == [date(2022, 11, 10)]
    assert reviewed.status_on(today, OPERATION) is CredentialStatus.REVIEW_DUE
    recent = issue(OPERATION, issued_on=date(2021, 6, 1), last_reviewed_on=date(2026, 5, 2), today=today)
    assert recent.next_review_on == date(2029, 5, 2)
    assert recent.status_on(today, OPERATION) is CredentialStatus.VALID


@pytest.mark.parametrize(("overrides", "message"), [
    ({"last_reviewed_on": date(2026, 12, 8)}, "must not be after today"),
    ({"last_reviewed_on": date(2021, 5, 31)}, "must not be before issued_on"),
    ({"last_reviewed_on": date(2025, 6, 2), "expires_on": date(2025, 6, 1)}, "must not be after expires_on"),
    ({"ctype": EQUIPMENT, "last_reviewed_on": date(2022, 1, 1)},
     "must be empty: this type of credential has no periodic review"),
])
def test_a_last_review_that_cannot_be_is_refused_in_words(overrides, message):
    fields = {"ctype": OPERATION, "issued_on": date(2021, 6, 1), "today": date(2026, 12, 7)} | overrides
    with pytest.raises(Invalid) as caught:
        issue(**fields)
    assert caught.value.errors == {"last_reviewed_on": [message]}


def test_a_last_review_needs_today_to_be_checked_against():
    with pytest.raises(ValueError):
        issue(OPERATION, last_reviewed_on=date(2023, 1, 1))


def test_review_refusals():
    with pytest.raises(Conflict) as caught:
        issue().record_review(date(2023, 1, 1), EQUIPMENT)
    assert caught.value.reason == "no_periodic_review"
    credential = issue(OPERATION)
    with pytest.raises(Invalid) as caught:
        credential.record_review(date(2022, 12, 19), OPERATION)
    assert set(caught.value.errors) == {"reviewed_on"}
    credential.revoke("吊销", date(2023, 1, 1))
    with pytest.raises(Conflict) as caught:
        credential.record_review(date(2023, 1, 1), OPERATION)
    assert caught.value.reason == "revoked"


def test_verify_ignores_case_spaces_and_dashes():
    credential = issue(verification_code="ABCD2345")
    assert credential.verify("abcd-2345")
    assert credential.verify(" ABCD 2345 ")
    assert not credential.verify("ABCD2346")
    assert not credential.verify(None)


def test_methods_refuse_a_type_that_is_not_the_credentials_own():
    with pytest.raises(ValueError):
        issue().status_on(date(2024, 1, 1), OPERATION)
