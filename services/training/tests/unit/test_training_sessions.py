from datetime import datetime
from decimal import Decimal

import pytest
from banzu_common.errors import Conflict, Invalid

from banzu_training.domain import check_schedule
from training_builders import at, session


def test_a_session_is_a_half_open_interval():
    morning = session("2026-03-10 09:00", "2026-03-10 12:00")
    assert morning.overlaps(session("2026-03-10 11:59", "2026-03-10 13:00"))
    assert morning.overlaps(session("2026-03-10 08:00", "2026-03-10 18:00"))
    assert not morning.overlaps(session("2026-03-10 12:00", "2026-03-10 13:00"))
    assert not morning.overlaps(session("2026-03-10 07:00", "2026-03-10 09:00"))


@pytest.mark.parametrize("overrides, field", [
    (dict(starts_at=datetime(2026, 3, 10, 9)), "starts_at"),
    (dict(ends_at="2026-03-10T12:00:00+08:00"), "ends_at"),
    (dict(ends_at=at("2026-03-10", "09:00")), "ends_at"),
    (dict(ends_at=at("2026-03-10", "08:00")), "ends_at"),
    (dict(capacity=0), "capacity"),
    (dict(capacity=2.5), "capacity"),
    (dict(capacity=True), "capacity"),
    (dict(trainer=""), "trainer"),
    (dict(location=" "), "location"),
    (dict(course_code=None), "course_code"),
])
def test_invalid_sessions_name_the_field(overrides, field):
    with pytest.raises(Invalid) as refused:
        session(**overrides)
    assert field in refused.value.errors


def test_credited_hours_round_the_duration_to_the_nearest_half_hour():
    assert session("2026-03-10 09:00", "2026-03-10 12:10").credited_hours() == Decimal("3")
    assert session("2026-03-10 09:00", "2026-03-10 12:15").credited_hours() == Decimal("3.5")
    assert session("2026-03-10 09:00", "2026-03-10 12:44").credited_hours() == Decimal("3.5")
    assert session("2026-03-10 09:00", "2026-03-10 12:45").credited_hours() == Decimal("4")


def test_started_from_the_start_instant_on():
    s = session()
    assert not s.has_started(at("2026-03-10", "08:59"))
    assert s.has_started(at("2026-03-10", "09:00"))


def test_a_trainer_cannot_run_two_overlapping_sessions():
    stored = session(id=7, location="Room 2")
    with pytest.raises(Conflict) as refused:
        check_schedule(session("2026-03-10 11:00", "2026-03-10 14:00", id=None), [stored])
    assert refused.value.reason == "trainer_busy"
    assert refused.value.extra == {"session_id": 7}


def test_a_location_cannot_hold_two_overlapping_sessions():
    stored = session(id=7, trainer="t.li", location="workshop  a")
    with pytest.raises(Conflict) as refused:
        check_schedule(session("2026-03-10 11:00", "2026-03-10 14:00", id=None), [stored])
    assert refused.value.reason == "location_busy"


def test_back_to_back_sessions_and_other_trainers_elsewhere_are_fine():
    check_schedule(session("2026-03-10 12:00", "2026-03-10 14:00", id=None),
                   [session("2026-03-10 09:00", "2026-03-10 12:00", id=1),
                    session("2026-03-10 11:00", "2026-03-10 13:00", id=2, trainer="t.li", location="Room 9")])


def test_a_stored_session_does_not_clash_with_itself():
    stored = session(id=3)
    check_schedule(stored, [stored])


def test_the_trainer_clash_is_reported_before_the_location_clash():
    stored = session(id=7)
    with pytest.raises(Conflict) as refused:
        check_schedule(session(id=None), [stored])
    assert refused.value.reason == "trainer_busy"
