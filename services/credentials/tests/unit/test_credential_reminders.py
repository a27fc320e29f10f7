from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from banzu_credentials.domain import EXPIRED, EXPIRING, Notice, notice_due

EXPIRES_ON = date(2026, 12, 20)


class Sweeper:
    """Runs the rule the way the sweep keeps its state: smallest threshold sent, expired sent."""

    def __init__(self, expires_on, reminder_days, revoked=False, superseded=False):
        self.expires_on = expires_on
        self.reminder_days = reminder_days
        self.revoked = revoked
        self.superseded = superseded
        self.sent: list[Notice] = []

    def run(self, on):
        thresholds = [n.threshold for n in self.sent if n.kind == EXPIRING]
        notice = notice_due(
            on,
            expires_on=self.expires_on,
            reminder_days=self.reminder_days,
            smallest_threshold_sent=min(thresholds, default=None),
            expired_sent=any(n.kind == EXPIRED for n in self.sent),
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
