from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banzu_credentials.domain import CredentialStatus, days_left, status_on

S = CredentialStatus
EXPIRES_ON = date(2026, 12, 20)


def special_equipment_status(on, **overrides):
    facts = dict(
        expires_on=EXPIRES_ON, next_review_on=None, reminder_days=(90, 30, 7), revoked=False, superseded=False
    )
    return status_on(on, **(facts | overrides))


@pytest.mark.parametrize(
    ("on", "expected", "left"),
    [
        (date(2026, 9, 20), S.VALID, 91),
        (date(2026, 9, 21), S.EXPIRING, 90),
        (date(2026, 11, 22), S.EXPIRING, 28),
        (date(2026, 12, 20), S.EXPIRING, 0),
        (date(2026, 12, 21), S.EXPIRED, -1),
    ],
)
def test_worked_example_statuses(on, expected, left):
    assert special_equipment_status(on) is expected
    assert days_left(EXPIRES_ON, on) == left


def test_never_expiring_credential_is_valid_with_no_days_left():
    on = date(2090, 1, 1)
    facts = dict(expires_on=None, next_review_on=None, reminder_days=(), revoked=False, superseded=False)
    assert status_on(on, **facts) is S.VALID
    assert days_left(None, on) is None


def test_type_without_reminders_is_never_expiring():
    assert special_equipment_status(EXPIRES_ON, reminder_days=()) is S.VALID


def test_review_due_the_day_after_the_review_date_and_before_expiring():
    review = date(2025, 6, 1)
    assert special_equipment_status(review, next_review_on=review) is S.VALID
    assert special_equipment_status(review + timedelta(days=1), next_review_on=review) is S.REVIEW_DUE
    assert special_equipment_status(date(2026, 12, 1), next_review_on=review) is S.REVIEW_DUE


def test_precedence_revoked_superseded_expired():
    after = date(2027, 1, 1)
    assert special_equipment_status(after, revoked=True, superseded=True) is S.REVOKED
    assert special_equipment_status(after, superseded=True) is S.SUPERSEDED
    assert special_equipment_status(after, next_review_on=date(2025, 1, 1)) is S.EXPIRED


facts = st.fixed_dictionaries(
    {
        "on": st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        "expires_on": st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        "next_review_on": st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        "reminder_days": st.lists(st.integers(1, 400), unique=True, max_size=4).map(tuple),
        "revoked": st.booleans(),
        "superseded": st.booleans(),
    }
)


def expected_by_precedence(on, expires_on, next_review_on, reminder_days, revoked, superseded):
    """The spec's list read literally: the first condition that holds names the status."""
    left = None if expires_on is None else (expires_on - on).days
    conditions = [
        (revoked, S.REVOKED),
        (superseded, S.SUPERSEDED),
        (expires_on is not None and on > expires_on, S.EXPIRED),
        (next_review_on is not None and on > next_review_on, S.REVIEW_DUE),
        (left is not None and bool(reminder_days) and left <= max(reminder_days), S.EXPIRING),
        (True, S.VALID),
    ]
    return next(status for holds, status in conditions if holds)


@given(facts)
def test_status_is_the_first_condition_that_holds(f):
    on = f.pop("on")
    assert status_on(on, **f) is expected_by_precedence(on, **f)


@given(facts)
def test_revoked_and_superseded_win_on_every_date(f):
    on = f.pop("on")
    if f["revoked"]:
        assert status_on(on, **f) is S.REVOKED
    elif f["superseded"]:
        assert status_on(on, **f) is S.SUPERSEDED
    else:
        assert status_on(on, **f) not in (S.REVOKED, S.SUPERSEDED)
