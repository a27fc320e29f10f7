from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from banzu_credentials.domain import (
    DEFAULT_CREDENTIAL_TYPES,
    EXPIRED,
    EXPIRING,
    CredentialExpired,
    CredentialExpiring,
    Notice,
    Window,
    notice_due,
    notice_event,
    reminder_windows,
)

EXPIRES_ON = date(2026, 12, 20)
EQUIPMENT = next(t for t in DEFAULT_CREDENTIAL_TYPES if t.code == "special_equipment")


class Sweeper:
    """Runs the rule the way the sweep keeps its state: the notices sent so far."""

    def __init__(self, expires_on, reminder_days, revoked=False, superseded=False):
        self.expires_on = expires_on
        self.reminder_days = reminder_days
        self.revoked = revoked
        self.superseded = superseded
        self.sent: list[Notice] = []

    def run(self, on):
        notice = notice_due(
            on,
            expires_on=self.expires_on,
            reminder_days=self.reminder_days,
            sent=self.sent,
            revoked=self.revoked,
            superseded=self.superseded,
        )
        if notice:
            self.sent.append(notice)
        return notice


def test_worked_example_notices():
    sweep = Sweeper(EXPIRES_ON, (90, 30, 7))
    assert sweep.run(date(2026, 11, 22)) == Notice(EXPIRING, 30)
    assert sweep.run(date(2026, 11, 22)) is None
    assert sweep.run(date(2026, 12, 14)) == Notice(EXPIRING, 7)
    assert sweep.run(date(2026, 12, 20)) is None
    assert sweep.run(date(2026, 12, 21)) == Notice(EXPIRED)
    assert sweep.run(date(2026, 12, 22)) is None


def test_worked_example_events():
    sweep = Sweeper(EXPIRES_ON, EQUIPMENT.reminder_days)
    facts = {"credential_id": "c1", "employee_no": "E001", "ctype": EQUIPMENT, "number": "SE-2022-0001",
             "expires_on": EXPIRES_ON}
    events = [notice_event(sweep.run(on), on, **facts) for on in (date(2026, 11, 22), date(2026, 12, 14),
                                                                  date(2026, 12, 21))]
    names = {"number": "SE-2022-0001", "type_name_zh": EQUIPMENT.name_zh, "type_name_en": EQUIPMENT.name_en}
    assert events == [
        CredentialExpiring("c1", "E001", "special_equipment", EXPIRES_ON, 28, 30, **names),
        CredentialExpiring("c1", "E001", "special_equipment", EXPIRES_ON, 6, 7, **names),
        CredentialExpired("c1", "E001", "special_equipment", EXPIRES_ON, **names),
    ]


def test_worked_example_windows():
    on = date(2026, 11, 22)
    assert reminder_windows(on, (90, 30, 7)) == (
        Window(None, date(2026, 11, 21), Notice(EXPIRED)),
        Window(on, date(2026, 11, 29), Notice(EXPIRING, 7)),
        Window(date(2026, 11, 30), date(2026, 12, 22), Notice(EXPIRING, 30)),
        Window(date(2026, 12, 23), date(2027, 2, 20), Notice(EXPIRING, 90)),
    )


def test_expired_ranks_before_every_threshold():
    assert Notice(EXPIRED).rank == 0 < Notice(EXPIRING, 1).rank == 1


def test_first_reminder_on_the_day_the_largest_threshold_is_reached():
    sweep = Sweeper(EXPIRES_ON, (90, 30, 7))
    assert sweep.run(EXPIRES_ON - timedelta(days=91)) is None
    assert sweep.run(EXPIRES_ON - timedelta(days=90)) == Notice(EXPIRING, 90)


def test_an_expired_credential_never_swept_before_gets_only_expired():
    sweep = Sweeper(EXPIRES_ON, (90, 30, 7))
    assert sweep.run(date(2027, 3, 1)) == Notice(EXPIRED)
    assert sweep.run(date(2026, 12, 1)) is None


def test_no_notices_for_revoked_superseded_or_never_expiring():
    on = date(2026, 12, 21)
    assert Sweeper(EXPIRES_ON, (90, 30, 7), revoked=True).run(on) is None
    assert Sweeper(EXPIRES_ON, (90, 30, 7), superseded=True).run(on) is None
    assert Sweeper(None, ()).run(on) is None


def test_type_without_reminders_still_gets_expired():
    sweep = Sweeper(EXPIRES_ON, ())
    assert sweep.run(EXPIRES_ON) is None
    assert sweep.run(EXPIRES_ON + timedelta(days=1)) == Notice(EXPIRED)


sweep_dates = st.lists(
    st.integers(min_value=-120, max_value=10).map(lambda offset: EXPIRES_ON + timedelta(days=offset)), max_size=12
)
reminder_days = st.lists(st.integers(1, 120), unique=True, max_size=4).map(
    lambda days: tuple(sorted(days, reverse=True))
)


@given(reminder_days, sweep_dates)
def test_running_twice_on_the_same_date_never_emits_twice(days, dates):
    sweep = Sweeper(EXPIRES_ON, days)
    for on in dates:
        sweep.run(on)
        assert sweep.run(on) is None


@given(reminder_days, sweep_dates)
def test_expiring_notices_only_go_to_smaller_thresholds_and_expired_comes_once_last(days, dates):
    sweep = Sweeper(EXPIRES_ON, days)
    for on in dates:
        sweep.run(on)
    thresholds = [n.threshold for n in sweep.sent if n.kind == EXPIRING]
    assert thresholds == sorted(set(thresholds), reverse=True)
    assert set(thresholds) <= set(days)
    expired = [i for i, n in enumerate(sweep.sent) if n.kind == EXPIRED]
    assert expired in ([], [len(sweep.sent) - 1])


@given(reminder_days, sweep_dates)
def test_a_notice_names_the_most_urgent_threshold_crossed(days, dates):
    sweep = Sweeper(EXPIRES_ON, days)
    for on in dates:
        notice = sweep.run(on)
        if notice is None:
            continue
        left = (EXPIRES_ON - on).days
        if notice.kind == EXPIRED:
            assert left < 0
        else:
            assert 0 <= left <= notice.threshold
            assert notice.threshold == min(d for d in days if left <= d)


@given(reminder_days, sweep_dates)
def test_a_sweep_after_expiry_sends_expired_exactly_once(days, dates):
    sweep = Sweeper(EXPIRES_ON, days)
    for on in sorted(dates) + [EXPIRES_ON + timedelta(days=11)]:
        sweep.run(on)
    assert [n for n in sweep.sent if n.kind == EXPIRED] == [Notice(EXPIRED)]


@given(reminder_days, st.integers(-400, 400))
def test_windows_follow_each_other_without_gap_or_overlap(days, offset):
    on = EXPIRES_ON + timedelta(days=offset)
    windows = reminder_windows(on, days)
    assert [w.notice for w in windows] == [Notice(EXPIRED)] + [Notice(EXPIRING, d) for d in sorted(days)]
    for before, after in pairwise(windows):
        assert after.first_expiry == before.last_expiry + timedelta(days=1)
    assert sum(1 for w in windows if w.holds(EXPIRES_ON)) <= 1
